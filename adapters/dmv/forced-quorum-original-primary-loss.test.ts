import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * AlwaysOnPro blog (2014-11-11), "Determine Availability Group Synchronization State, Minimize
 * Data Loss When Quorum is Forced" (S131): after forced quorum "availability groups transition to
 * the RESOLVING state, and require an additional failover command"; "Quorum was lost, my primary
 * replica is still available - failover to original primary ... This guarantees no data loss."
 * The fixture is SQLAG1's own snapshot after quorum was forced on its node: RESOLVING, its copy
 * NOT SYNCHRONIZING, the other copies joined (cluster rows) and not shown. Here SQLAG1's copy gives
 * its log position. Whether SQLAG1 was the primary the snapshot does not say, so the loss stays
 * unknown; what settles it is both SQLAG1's place on the current history and the others' ends of
 * log, and the answer names both.
 */
type Snapshot = Record<string, Record<string, unknown>[]>;
const snapshot = (): Snapshot =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/blog-forced-quorum-original-primary.json', import.meta.url),
      'utf8',
    ),
  ) as Snapshot;

describe('a forced failover to the original primary after forced quorum, seen on it', () => {
  it('names every unknown the loss depends on, not only the first', () => {
    const s = snapshot();
    Object.assign(s['sys.dm_hadr_database_replica_states']![0]!, {
      database_state_desc: 'ONLINE',
      last_hardened_lsn: '5200000010000000001',
      end_of_log_lsn: '5200000010000000001',
    });
    const target = decide(factsOf(JSON.stringify(s))).failover.targets.find(
      (t) => t.replica === 'SQLAG1',
    );
    const loss = target?.forcedLoss[0];
    expect(loss?.extent).toBe('unknown');
    expect(loss?.reasons.map((r) => r.code)).toEqual([
      'LOSS_FORK_UNKNOWN',
      'LOSS_END_OF_LOG_UNKNOWN',
    ]);
  });

  it("names the joined copies' rows for the end of log, not a primary's row there is none of", () => {
    const s = snapshot();
    Object.assign(s['sys.dm_hadr_database_replica_states']![0]!, {
      synchronization_state_desc: 'SYNCHRONIZING',
      last_hardened_lsn: '5200000010000000001',
    });
    const loss = decide(factsOf(JSON.stringify(s))).failover.targets.find(
      (t) => t.replica === 'SQLAG2',
    )?.forcedLoss[0];
    const end = loss?.reasons.find((r) => r.code === 'LOSS_END_OF_LOG_UNKNOWN');
    expect(end?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.end_of_log_lsn (the rows of SQLAG1, SQLDR1, in snapshots taken there)',
      'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
    ]);
  });
});
