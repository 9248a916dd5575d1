import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectThroughListener } from '../../core/routing/listener.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * 'What is a contained availability group?' (S42; learn.microsoft.com/sql/database-engine/
 * availability-groups/windows/contained-availability-groups-overview, ms.date 01/19/2024),
 * Connect (contained environment): "When you're connected to the instance through the contained
 * AG listener, when you interact with master, you're actually redirected to the contained master
 * database (for example, MyContainedAG_master)"; Read-only routing and contained availability
 * groups: for a login made in the contained AG only, "You must specify a database that is part of
 * the contained AG in the connection string", its example naming AdventureWorks through
 * MyContainedListener with ApplicationIntent=ReadOnly: "This connection string would get you
 * connected to the readable secondary that is part of the ReadOnly Routing configuration".
 * The snapshot is the primary's view of that group (the page's names; replicas SQLNODE1 and
 * SQLNODE2 with S13's routing lists, invented), its contained system databases in the group.
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/docs-contained-routing-master.json', import.meta.url), 'utf8'),
);
const readIntent = (database?: string) =>
  connectThroughListener(facts, {
    intent: 'READ_ONLY',
    ...(database === undefined ? {} : { database }),
  });

describe('read-only routing through the listener of a contained group (S42)', () => {
  it("routes the page's connection naming AdventureWorks to the readable secondary", () => {
    expect(readIntent('AdventureWorks')).toMatchObject({ outcome: 'routed', replica: 'SQLNODE2' });
  });

  it('does not call master outside the group: it is the group database MyContainedAG_master there, whose routing is unknown', () => {
    const c = readIntent('master');
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual([
      'ROUTING_CONTAINED_SYSTEM_DATABASE',
      'ROUTING_FIRST_AVAILABLE',
    ]);
    expect(c.reasons[0]?.message).toContain('MyContainedAG_master');
    expect(c.reasons[0]?.message).toContain('stays on the primary SQLNODE1');
    expect(c.reasons[0]?.settledBy?.join(' ')).toContain('@@SERVERNAME');
    expect(readIntent('msdb').reasons[0]?.message).toContain('MyContainedAG_msdb');
  });

  it('says with no database named that the default, master, is the group’s own there', () => {
    const c = readIntent();
    expect(c.outcome).toBe('unknown');
    expect(c.reasons[0]?.code).toBe('UNKNOWN_CONNECTION_DATABASE');
    expect(c.reasons[0]?.message).toContain('master, the default, is MyContainedAG_master');
    expect(c.reasons[0]?.message).not.toContain('(master, by default)');
  });

  it("keeps read-write on the primary, and master on a replica's own instance outside the group", () => {
    expect(
      connectThroughListener(facts, { intent: 'READ_WRITE', database: 'master' }),
    ).toMatchObject({ outcome: 'connected', replica: 'SQLNODE1' });
    const direct = connectToReplica(facts, {
      replica: 'SQLNODE2',
      intent: 'READ_ONLY',
      database: 'master',
    });
    expect(direct).toMatchObject({ outcome: 'connected', replica: 'SQLNODE2' });
    expect(direct.reasons.map((r) => r.code)).toEqual(['CONNECT_DATABASE_NOT_IN_GROUP']);
  });
});
