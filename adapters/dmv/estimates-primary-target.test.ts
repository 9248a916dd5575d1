import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideTarget } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * dbi services, "Help yourself out with the log_reuse_wait_desc column"
 * (dbi-services.com/blog/help-yourself-out-with-the-log_reuse_wait_desc-column): "this was a
 * database located in an AlwaysOn group", "an application had made large changes to the database
 * by mistake. This caused the log file to grow enormously"; a shrink "is successfull and nothing
 * has happened"; "The reuse_wait 'AVAILABILITY_REPLICA' was recognizable … We therefore had to wait
 * until all transactions had been replicated". The fixture is the primary's snapshot at that moment
 * with only that: the secondary CONNECTED, not suspended, every other state column left out.
 *
 * `decide --target` at the primary itself asks for the S47 estimates of a "failover" there. "Monitor
 * performance for Always On availability groups" (S47) estimates the RTO "of a secondary database",
 * and proc_calculate_RTO stops on a primary: "IF @is_primary_replica = 1 … PRINT 'You are visiting
 * wrong replica'". No redo_queue_size of the primary's row settles it, and the primary sends no log
 * to itself: what a failover to it loses is nothing, as its data loss in seconds already says.
 */
const text = readFileSync(
  new URL('./fixtures/blog-dbi-log-reuse-availability-replica-primary.json', import.meta.url),
  'utf8',
);
const estimateOn = (snapshot: string, replica: string) =>
  decideTarget(factsOf(snapshot), replica)!.estimates.databases[0]!;

describe('the RTO and RPO estimates when the target is the primary itself', () => {
  it('give no recovery time and name no column: S47 estimates a secondary database only', () => {
    const e = estimateOn(text, 'SQLNODE1');
    expect(e.recoverySeconds).toBeNull();
    expect(e.reasons.map((r) => r.code)).toEqual(['ESTIMATE_TARGET_IS_PRIMARY']);
    expect(e.reasons.flatMap((r) => r.settledBy ?? [])).toEqual([]);
    expect(e.reasons[0]!.message).toContain('SQLNODE1 is the primary');
  });

  it('lose nothing, in seconds and in KB, as the predicted loss says', () => {
    const e = estimateOn(text, 'SQLNODE1');
    expect([e.dataLossSeconds, e.dataLossKb]).toEqual([0, 0]);
  });

  it('are the same whatever the primary’s own row shows in the queue columns', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    const [primary] = rowsOf(s, 'sys.dm_hadr_database_replica_states');
    Object.assign(primary!, { redo_queue_size: null, log_send_queue_size: null, redo_rate: null });
    const e = estimateOn(JSON.stringify(s), 'SQLNODE1');
    expect([e.recoverySeconds, e.dataLossSeconds, e.dataLossKb]).toEqual([null, 0, 0]);
    expect(e.reasons.map((r) => r.code)).toEqual(['ESTIMATE_TARGET_IS_PRIMARY']);
  });

  it('still estimate the secondary from its own figures, naming the columns left out', () => {
    const e = estimateOn(text, 'SQLNODE2');
    expect(e.reasons.map((r) => r.code)).toEqual(['RTO_UNKNOWN', 'RPO_UNKNOWN', 'RPO_KB_UNKNOWN']);
    expect(e.reasons[0]!.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.redo_queue_size',
    ]);
  });
});
