import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #24 (S54), "Log and Incremental Backups not
 * running in SQL 2016 HA AGs" (2017-08-31): "a three-node SQL 2016 AlwaysOn High Availability
 * Availability Group ... I set the backup preferences of this AG to perform backups on Any
 * Replica, and left the backup priority at the default 50 on all three nodes. I installed the
 * maintenance solution on all three nodes ... The Incremental backups and the Log backups do not
 * run. The job runs, but it skips all databases in the AG ... If I change the backup priority so
 * they are not equal, then the logs and incremental backups run successfully from the node with
 * highest priority." KB4480650 (S12), fixed in SQL Server 2016 SP2 CU 5 (released after the
 * issue): "sys.fn_hadr_backup_is_preferred_replica returns TRUE for more than one secondary
 * replica even if the priority values are identical".
 * The snapshot is the primary's view of such a group: names (SQL1 primary, SQL2, SQL3), the
 * database, modes, ids and the SQL Server 2016 SP1 build (13.0.4001.0, before SP2) are invented.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/ola24-any-replica-priorities-tied-2016.json', import.meta.url),
    'utf8',
  ),
);
const backup = decide(facts).backup[0]!;
const ola = (replica: string, type: string) =>
  backup.jobs.find(
    (j) => j.convention === 'OLA_HALLENGREN' && j.replica === replica && j.backupType === type,
  )!;

describe('Any Replica with every priority at 50 on SQL Server 2016 before KB4480650 (issue #24)', () => {
  it('prefers no replica on a guess: each tied replica is undetermined, the function settling it', () => {
    expect(backup.preferred.replicas).toEqual([]);
    expect(backup.preferred.undetermined).toEqual(['SQL1', 'SQL2', 'SQL3']);
    for (const v of backup.preferred.verdicts) {
      expect(v.reasons.map((r) => r.code)).toEqual(['BACKUP_TIE_WITH_PRIMARY_BEFORE_FIX']);
      expect(v.reasons[0]!.settledBy).toEqual([
        `sys.fn_hadr_backup_is_preferred_replica (the database's name) on ${v.replica}`,
      ]);
    }
  });

  it("leaves the log backup unknown on every node, where it was 'take' on both secondaries", () => {
    for (const replica of ['SQL1', 'SQL2', 'SQL3']) {
      const log = ola(replica, 'LOG');
      expect(log.outcome, replica).toBe('unknown');
      expect(log.reasons.map((r) => r.code)).toContain('BACKUP_TIE_WITH_PRIMARY_BEFORE_FIX');
    }
  });

  it('still takes the full and differential backups on the primary, which the preference does not decide', () => {
    expect(ola('SQL1', 'FULL').outcome).toBe('take');
    expect(ola('SQL1', 'DIFFERENTIAL').outcome).toBe('take');
  });

  it('gives the tie one winner once the build has the fix (SQL Server 2016 SP2 CU 5)', () => {
    const fixed = { ...facts, config: { ...facts.config, productVersion: '13.0.5264.1' } };
    expect(decide(fixed).backup[0]!.preferred.replicas).toEqual(['SQL1']);
  });
});
