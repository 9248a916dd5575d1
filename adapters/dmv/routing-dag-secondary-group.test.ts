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
