import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * Rajendra Gupta, 'How to Suspend and Resume an Availability Database in SQL Server Always On
 * Availability Group' (dbblogger.com/post/suspendresumeagdatabase, updated 2021-12-31, S371):
 * "Only the local secondary database becomes suspended. The synchronization state is Not
 * Synchronizing"; "If you have multiple secondary availability group replicas, run the script
 * (specified below) only on the secondary replica you want to suspend data movement." The fixture
 * is the primary's snapshot after that script ran on one of two secondaries: SQLNODE2's SalesDB
 * NOT SYNCHRONIZING, SQLNODE3's SYNCHRONIZING. Invented: the names, ids and endpoints, version
 * 2019, BACKUP_PRIORITY 50 / 60 / 40 (SQLNODE2 the top secondary), SQLNODE3 asynchronous, and the
 * default AUTOMATED_BACKUP_PREFERENCE SECONDARY.
 *
 * 'Active Secondaries: Backup on Secondary Replicas' (S10): "To back up a secondary database, a
 * secondary replica must be able to communicate with the primary replica and must be SYNCHRONIZED
 * or SYNCHRONIZING." What sys.fn_hadr_backup_is_preferred_replica does with such a copy is not
 * documented (ag-rules §10 question 1): if it counts SQLNODE2, SQLNODE2 is preferred and its
 * BACKUP fails, so no replica backs SalesDB up; if it passes over it, SQLNODE3 is preferred.
 * agstate named SQLNODE2 preferred and skipped it, so SQLNODE3 and SQLNODE1 skipped too.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-dbblogger-suspend-secondary-backup.json', import.meta.url),
    'utf8',
  ),
);
const backupOf = (f: ClusterFacts) => decide(f).backup[0]!;
const actionOn = (f: ClusterFacts, replica: string) =>
  backupOf(f).decisions.find((d) => d.replica === replica)!.decision;
const olaLogOn = (f: ClusterFacts, replica: string) =>
  backupOf(f).jobs.find(
    (j) => j.convention === 'OLA_HALLENGREN' && j.backupType === 'LOG' && j.replica === replica,
  )!;

describe('the top secondary suspended: who backs up the log (S371, S10)', () => {
  it('names no preferred replica on a guess: SQLNODE2 and SQLNODE3 are unknown', () => {
    const preferred = backupOf(facts).preferred;
    expect(preferred.replicas).toEqual([]);
    expect(preferred.undetermined).toEqual(['SQLNODE2', 'SQLNODE3']);
  });

  it("answers unknown on SQLNODE3, not skip, naming the function's answer that settles it", () => {
    const d = actionOn(facts, 'SQLNODE3');
    expect(d.action).toBe('unknown');
    expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_PREFERENCE_COPY_NOT_SYNCHRONIZING']);
    expect(d.reasons[0]!.message).toContain('SQLNODE2: NOT SYNCHRONIZING');
    expect(d.reasons[0]!.settledBy).toEqual([
      "sys.fn_hadr_backup_is_preferred_replica('SalesDB') run on SQLNODE3",
      "sp_helptext 'sys.fn_hadr_backup_is_preferred_replica' (the function's text)",
    ]);
    expect(olaLogOn(facts, 'SQLNODE3').outcome).toBe('unknown');
  });

  it('still skips on SQLNODE2, whose copy cannot be backed up, and on the primary', () => {
    const suspended = actionOn(facts, 'SQLNODE2');
    expect(suspended.action).toBe('skip');
    expect(suspended.reasons.map((r) => r.code)).toContain('BACKUP_SECONDARY_NOT_SYNCHRONIZING');
    // A secondary is available either way, so SECONDARY keeps the primary out (S3).
    const primary = actionOn(facts, 'SQLNODE1');
    expect(primary.action).toBe('skip');
    expect(primary.reasons.map((r) => r.code)).toContain('BACKUP_PREFERENCE_SECONDARY');
  });

  it('prefers SQLNODE2 again once its copy is resumed (SYNCHRONIZING)', () => {
    const resumed: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQLNODE2' ? { ...d, synchronizationState: 'SYNCHRONIZING' } : d,
      ),
    };
    expect(backupOf(resumed).preferred.replicas).toEqual(['SQLNODE2']);
    expect(actionOn(resumed, 'SQLNODE2').action).toBe('run');
    expect(actionOn(resumed, 'SQLNODE3').action).toBe('skip');
  });
});
