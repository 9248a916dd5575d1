import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * erikdarlingdata/PerformanceMonitor #1702, "AG suspension semantics" (S220): on a two-replica
 * CLUSTER_TYPE = NONE group (SQL Server 2022), "ALTER DATABASE ... SET HADR SUSPEND on the
 * secondary, sampled from the primary's view of the remote row every 15s": at 0 s "susp 1, sync
 * NOT SYNCHRONIZING, lag_s 30, send_q NULL, redo_q 21896, commit_t 19:08:26.687, hardened_t
 * 19:08:26.930", the same at 15, 30 and 45 s but lag_s. #1700 (16.0.4265.3, "sampled across a
 * SUSPEND_FROM_USER on the secondary"): "send=NULL" at every sample, "after RESUME : ... send=0
 * SYNCHRONIZED"; #1703 the same on an idle group. The fixture is ag1's snapshot at 0 s (database
 * name and ids invented; redo_rate 25420 KB/s from the published est_redo_min 0.014356; the
 * primary's own row, LSNs and readiness NULL). Reading log_send_queue_size again cannot settle the
 * KB estimate while the copy stays suspended; the LSNs the predicted loss reads do.
 */
const text = readFileSync(
  new URL('./fixtures/perfmon-1702-suspended-secondary-primary.json', import.meta.url),
  'utf8',
);
const kbReasonOf = (json: string) => {
  const target = decide(factsOf(json)).failover.targets.find((t) => t.replica === 'ag2')!;
  const estimate = target.estimates.databases.find((e) => e.database === 'AgFixtureDb')!;
  return { estimate, kb: estimate.reasons.find((r) => r.code === 'RPO_KB_UNKNOWN') };
};
const withCopy = (change: Record<string, unknown>): string => {
  const raw = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
  raw['sys.dm_hadr_database_replica_states'] = (
    raw['sys.dm_hadr_database_replica_states'] ?? []
  ).map((row) => (row.is_local === false ? { ...row, ...change } : row));
  return JSON.stringify(raw);
};

describe('the data loss in KB of a failover to a copy suspended by SET HADR SUSPEND', () => {
  it('is unknown, and says the send queue reads NULL while the copy is suspended', () => {
    const { estimate, kb } = kbReasonOf(text);
    expect(estimate.dataLossKb).toBeNull();
    expect(kb?.message).toContain('suspended (SUSPEND_FROM_USER)');
    expect(kb?.message).toContain('log_send_queue_size reads NULL');
    expect(kb?.rule.document).toContain('PerformanceMonitor');
  });

  it('is settled by the LSNs the predicted loss reads, not by log_send_queue_size', () => {
    const settledBy = kbReasonOf(text).kb?.settledBy ?? [];
    expect(settledBy.join(' ')).not.toContain('log_send_queue_size');
    expect(settledBy.join(' ')).toContain("last_hardened_lsn (ag2's row on the primary)");
    expect(settledBy.join(' ')).toContain("end_of_log_lsn (the primary's row)");
  });

  it('keeps the other estimates and reasons: the redo queue gives the recovery time', () => {
    const { estimate } = kbReasonOf(text);
    expect(estimate.recoverySeconds).toBe(1);
    expect(estimate.reasons.map((r) => r.code)).toEqual(['RPO_UNKNOWN', 'RPO_KB_UNKNOWN']);
  });

  it('takes a send queue the snapshot does show for a suspended copy', () => {
    const { estimate, kb } = kbReasonOf(withCopy({ log_send_queue_size: 5120 }));
    expect(estimate.dataLossKb).toBe(5120);
    expect(kb).toBeUndefined();
  });

  it('names log_send_queue_size as before for a copy not suspended, or suspended for another reason', () => {
    const resumed = withCopy({ is_suspended: false, suspend_reason_desc: null });
    const byRedo = withCopy({ suspend_reason_desc: 'SUSPEND_FROM_REDO' });
    for (const json of [resumed, byRedo])
      expect(kbReasonOf(json).kb?.settledBy).toEqual([
        "sys.dm_hadr_database_replica_states.log_send_queue_size (the primary's row for ag2)",
      ]);
  });
});
