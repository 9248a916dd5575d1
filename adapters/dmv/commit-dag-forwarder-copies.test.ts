import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decideMember } from '../../core/distributed/facts-member.js';
import { snapshotTextToFactsWithNotes } from './read.js';

/*
 * Distributed availability groups (S43), Disaster recovery and multi-site scenarios: "If you
 * configure synchronous data movement between the primary replica and at least one secondary
 * replica of the second availability group, and you configure synchronous movement on the
 * distributed availability group, a distributed availability group will wait until all
 * synchronous copies acknowledge that they have the data." The snapshot is examples/snapshots/
 * dag-global-primary.json (server1, global primary of distributedag) after step 2 of "Fail over a
 * distributed availability group" and step 4 of its SQL Server 2022 tab (S88): SYNCHRONOUS_COMMIT
 * on both sides, db1 SYNCHRONIZED with the forwarder, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1.
 * It shows none of ag2's replicas. The same section: "If multiple distributed availability groups
 * are daisy-chained (AG1 -> AG2 -> AG3) and set to synchronous, a distributed availability group
 * will wait until the last replica of the last availability group has been updated"; whether
 * ag2's primary sends on in a distributed group of its own is not in this snapshot either.
 */
const text = readFileSync(
  new URL('./fixtures/docs-dag-global-primary-synchronous.json', import.meta.url),
  'utf8',
);

describe("a commit on the global primary, seen from the global primary's snapshot (S43)", () => {
  const read = snapshotTextToFactsWithNotes(text, { group: 'ag1' });
  if (E.isLeft(read)) throw new Error('the fixture reads');
  const [commit] = decideMember(read.right.facts, read.right.distributed).commit;

  it('waits for server2 and the forwarder, which the snapshot shows', () => {
    expect(commit?.acknowledgement).toBe('afterHardening');
    expect(commit?.mustHarden).toEqual(['server2', 'the forwarder of ag2']);
  });

  it("says that it also waits for ag2's synchronous copies, which the snapshot does not show", () => {
    const unshown = commit?.reasons.find((r) => r.code === 'FORWARDER_GROUP_COPIES_UNKNOWN');
    expect(unshown?.settledBy).toEqual([
      "sys.availability_replicas.availability_mode_desc and sys.dm_hadr_database_replica_states.synchronization_state_desc of ag2's secondaries, on ag2's primary",
      "sys.availability_groups.is_distributed and the availability_mode_desc of each distributed group ag2 sends in, on ag2's primary",
    ]);
    expect(unshown?.message).toContain('daisy-chained');
    expect(unshown?.rule.section).toContain('AG1 -> AG2 -> AG3');
  });
});
