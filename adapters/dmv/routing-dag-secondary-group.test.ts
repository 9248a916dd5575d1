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
    expect(c.reasons.map((r) => r.code)).toEqual(['SENDER_VERSION_UNKNOWN']);
    expect(c.reasons[0]?.settledBy?.[0]).toBe(
      "SERVERPROPERTY('ProductMajorVersion') on ag1's primary",
    );
  });

  it('a SYNCHRONIZED secondary of the group, or SQL Server 2016, rules a lower sender out', () => {
    expect(variant(16, {}).outcome).toBe('connected');
    const on2016 = variant(13, { synchronization_state_desc: 'SYNCHRONIZING' });
    expect(on2016).toMatchObject({ outcome: 'connected', replica: 'server3' });
  });
});
