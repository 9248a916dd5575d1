import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { decideMember, memberPlaceFromFacts } from '../../core/distributed/facts-member.js';
import { asMemberDecisions } from '../../core/distributed/member-place.js';
import { snapshotTextToFactsWithNotes } from './read.js';

/*
 * Distributed availability groups (S43), Scale out readable replicas with distributed availability
 * groups: "Read-Only Routing can be configured, but won't work for the secondary availability group
 * of the distributed availability group. All queries, if they use the listener to connect to the
 * secondary availability group, go to the primary replica of the secondary availability group ...
 * However, read-only routing will work if the secondary availability group becomes primary after a
 * failover." The snapshot is examples/snapshots/dag-forwarder.json (server3, the forwarder of ag2)
 * with ag2's listener ag2-listener, both replicas READ_ONLY with a READ_ONLY_ROUTING_URL, and each
 * one's routing list naming the other.
 */
const text = readFileSync(
  new URL('./fixtures/docs-dag-forwarder-read-only-routing.json', import.meta.url),
  'utf8',
);
const read = snapshotTextToFactsWithNotes(text, { group: 'ag2' });
if (E.isLeft(read)) throw new Error('the fixture reads');
const { facts, distributed } = read.right;

describe('read-only routing in the secondary group of a distributed group (S43)', () => {
  it('is what ag2 alone would do: routed to server4', () => {
    expect(decide(facts).routing.readOnly).toMatchObject({ outcome: 'routed', replica: 'server4' });
  });

  it('does not route there: a read-intent connection stays on the forwarder server3', () => {
    const routing = decideMember(facts, distributed).routing;
    for (const c of [routing.readOnly, ...routing.readOnlyByDatabase.map((d) => d.connection)]) {
      expect(c).toMatchObject({ outcome: 'connected', replica: 'server3', considered: [] });
      expect(c.reasons.map((r) => r.code)).toEqual(['ROUTING_NOT_IN_SECONDARY_GROUP']);
    }
    expect(routing.readWrite).toEqual(decide(facts).routing.readWrite);
  });

  it('is unknown where the input does not show the group’s role in the distributed group', () => {
    const place = memberPlaceFromFacts(facts, distributed[0]!)!;
    const c = asMemberDecisions(decide(facts), { ...place, role: null }).routing.readOnly;
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.at(-1)?.code).toBe('DISTRIBUTED_ROLE_UNKNOWN');
  });
});

/*
 * "Distributed availability groups" (S43, ms.date 09/15/2022), Migrate to higher SQL Server
 * versions: "You won't have read access to any of the replica databases on the secondary AG as long
 * as the primary AG is at a lower version ... databases on secondary replicas of the Secondary AG
 * (AG2) will show as Synchronizing/In Recovery (even if the AG is in sync commit)." The forwarder's
 * snapshot above, taken on SQL Server 2022 with server4's copy SYNCHRONIZING: ag1's version, which
 * says whether ag2 can be read at all, is not in it.
 */
const variant = (major: number, server4: Record<string, unknown>) => {
  const doc = JSON.parse(text);
  doc.SERVERPROPERTY = [{ product_major_version: major, product_version: `${major}.0.4135.4` }];
  for (const row of doc['sys.dm_hadr_database_replica_states'])
    if (String(row.replica_id).endsWith('0004')) Object.assign(row, server4);
  const r = snapshotTextToFactsWithNotes(JSON.stringify(doc), { group: 'ag2' });
  if (E.isLeft(r)) throw new Error('the variant reads');
  return decideMember(r.right.facts, r.right.distributed).routing.readOnly;
};

describe('the secondary group on a version the global primary may be below (S43)', () => {
  it('is unknown from the forwarder’s snapshot alone, naming the global primary’s version', () => {
    const c = variant(16, {
      synchronization_state_desc: 'SYNCHRONIZING',
      synchronization_health_desc: 'PARTIALLY_HEALTHY',
    });
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual([
      'ROUTING_NOT_IN_SECONDARY_GROUP',
      'SENDER_VERSION_UNKNOWN',
    ]);
    expect(c.reasons[1]?.settledBy?.[0]).toBe(
      "SERVERPROPERTY('ProductMajorVersion') on ag1's primary",
    );
  });

  it('a SYNCHRONIZED secondary of the group, or SQL Server 2016, rules a lower sender out', () => {
    expect(variant(16, {}).outcome).toBe('connected');
    const on2016 = variant(13, { synchronization_state_desc: 'SYNCHRONIZING' });
    expect(on2016).toMatchObject({ outcome: 'connected', replica: 'server3' });
  });
});

/*
 * S43, Scale out readable replicas: "Read-Only Routing can be configured, but won't work for the
 * secondary availability group of the distributed availability group. All queries, if they use the
 * listener to connect to the secondary availability group, go to the primary replica of the
 * secondary availability group." No list is walked there, so what the walk would find (no entry
 * available: Msg 982) does not decide the connection; the forwarder takes it as its PRIMARY_ROLE
 * ALLOW_CONNECTIONS says (S14). The fixture is the forwarder's snapshot above as S43's Migrate to
 * higher SQL Server versions describes it on SQL Server 2022: server4's copy "Synchronizing/In
 * Recovery" (SYNCHRONIZING, RECOVERING, PARTIALLY_HEALTHY).
 */
const inRecovery = readFileSync(
  new URL('./fixtures/docs-dag-forwarder-2022-secondary-in-recovery.json', import.meta.url),
  'utf8',
);
const readOnlyOf = (doc: string, edit: (d: Record<string, unknown[]>) => void = () => {}) => {
  const d = JSON.parse(doc);
  edit(d);
  const r = snapshotTextToFactsWithNotes(JSON.stringify(d), { group: 'ag2' });
  if (E.isLeft(r)) throw new Error('the snapshot reads');
  return {
    alone: decide(r.right.facts).routing.readOnly,
    member: decideMember(r.right.facts, r.right.distributed).routing.readOnly,
  };
};
const on2016 = (d: Record<string, unknown[]>) => {
  d.SERVERPROPERTY = [{ product_major_version: 13, product_version: '13.0.5026.0' }];
};

describe('a read-intent connection in the secondary group whose routing list finds nothing (S43)', () => {
  it('goes to the forwarder, not to Msg 982; whether it reads is unknown on 2022', () => {
    const { alone, member } = readOnlyOf(inRecovery);
    expect(alone.reasons.map((r) => r.code)).toContain('ROUTING_NO_READABLE_SECONDARY');
    expect(member.outcome).toBe('unknown');
    expect(member.reasons.map((r) => r.code)).toEqual([
      'ROUTING_NOT_IN_SECONDARY_GROUP',
      'SENDER_VERSION_UNKNOWN',
    ]);
  });

  it('on SQL Server 2016 the forwarder serves it', () => {
    const { member } = readOnlyOf(inRecovery, on2016);
    expect(member).toMatchObject({ outcome: 'connected', replica: 'server3', considered: [] });
    expect(member.reasons.map((r) => r.code)).toEqual(['ROUTING_NOT_IN_SECONDARY_GROUP']);
  });

  it('a forwarder with PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE refuses it', () => {
    const { member } = readOnlyOf(text, (d) => {
      for (const r of d['sys.availability_replicas'] as Record<string, unknown>[])
        if (r.replica_server_name === 'server3')
          r.primary_role_allow_connections_desc = 'READ_WRITE';
    });
    expect(member.outcome).toBe('refused');
    expect(member.reasons.map((r) => r.code)).toEqual([
      'ROUTING_NOT_IN_SECONDARY_GROUP',
      'ROUTING_PRIMARY_REFUSES_READ_INTENT',
    ]);
  });
});
