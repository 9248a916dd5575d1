import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "High availability and data protection for availability group configurations" (S29, Microsoft
 * docs, linux/sql-server-linux-availability-group-ha.md), "Two synchronous replicas and a
 * configuration only replica", row "Synchronous secondary + configuration only replica outage" at
 * the default REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0: "Primary is not available for user
 * transactions. No automatic failover." (the revision of 10/20/2025, S90: "The primary is
 * unavailable for read or write transactions. No automatic failover."). The snapshot: taken on the
 * primary node1 of a Pacemaker group with node2 synchronous and node3 configuration-only, both
 * DISCONNECTED; LSNs left out.
 */
const text = readFileSync(
  new URL(
    './fixtures/docs-linux-configuration-only-secondary-and-witness-lost.json',
    import.meta.url,
  ),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a Pacemaker group whose primary has lost its secondary and its configuration-only replica', () => {
  it('blocks commits on the primary, naming the majority it lacks', () => {
    const commit = decide(factsOf(text)).commit[0]!;
    expect(commit.acknowledgement).toBe('blocked');
    expect(codes(commit.reasons)).toEqual(['EXTERNAL_WRITE_MAJORITY_LOST']);
    expect(commit.reasons[0]!.message).toContain('2 of the 3');
  });

  it('leaves it unknown, naming the view, when the snapshot lacks the configuration-only replica’s row', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    const node3 = rowsOf(s, 'sys.availability_replicas').find(
      (r) => r.replica_server_name === 'node3',
    )!.replica_id;
    s['sys.dm_hadr_availability_replica_states'] = rowsOf(
      s,
      'sys.dm_hadr_availability_replica_states',
    ).filter((r) => r.replica_id !== node3);
    const commit = decide(factsOf(JSON.stringify(s))).commit[0]!;
    expect(commit.acknowledgement).toBe('unknown');
    expect(codes(commit.reasons)).toEqual(['EXTERNAL_WRITE_MAJORITY_UNKNOWN']);
    expect(commit.reasons[0]!.settledBy).toEqual([
      "sys.dm_hadr_availability_replica_states.connected_state_desc (the primary's row for node3)",
    ]);
  });
});
