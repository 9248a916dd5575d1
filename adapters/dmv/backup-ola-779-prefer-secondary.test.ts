import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #779, 'Log backups are not working for
 * availability groups with backup preference set to 'Prefer Secondary'' (mitesh-p, 2023-11-02):
 * "Microsoft SQL Server 2022 (RTM-CU8) (KB5029666) - 16.0.4075.1"; "EXECUTE [dbo].[DatabaseBackup]
 * @Databases = 'USER_DATABASES', @Directory = NULL, @BackupType = 'LOG', ..."; "The log backups
 * are not being taken at all. The backup script is executing on primary. The full and diff backups
 * are running on the primary but those backups are working only 'LOG' backups are not working."
 * PR #306's comment (Rob-S, 2020-01-22) gives the reason: "@OverrideBackupPreference = N'Y' must
 * be specified for the log backups on the primary replica, otherwise the backup operation is
 * ignored." The fixture is the primary's snapshot of a healthy two-replica group under SECONDARY
 * (Prefer Secondary) at that build; the group, replica and database names, ids, endpoints and
 * priorities (50 each) are invented.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/ola-779-prefer-secondary-log-on-primary.json', import.meta.url),
    'utf8',
  ),
);
const ola = (replica: string, type: string) =>
  decide(facts).backup[0]!.jobs.find(
    (j) => j.convention === 'OLA_HALLENGREN' && j.replica === replica && j.backupType === type,
  )!;

describe("Ola's DatabaseBackup on the primary under Prefer Secondary (issue #779)", () => {
  it('takes the full and differential backups there, which only the primary can take', () => {
    for (const type of ['FULL', 'DIFFERENTIAL']) {
      expect(ola('SQLPROD01', type).outcome).toBe('take');
      expect(ola('SQLPROD01', type).reasons.map((r) => r.code)).toContain(
        'BACKUP_TYPE_PRIMARY_ONLY',
      );
    }
  });

  it('passes over the log backup there, the job succeeding, as the issue saw', () => {
    const log = ola('SQLPROD01', 'LOG');
    expect(log.outcome).toBe('skip');
    expect(log.reasons.map((r) => r.code)).toEqual([
      'BACKUP_NOT_PREFERRED',
      'BACKUP_PREFERENCE_SECONDARY',
    ]);
  });

  it('takes the log backup on the secondary, where the same job would have to be scheduled', () => {
    expect(ola('SQLPROD02', 'LOG').outcome).toBe('take');
    expect(decide(facts).backup[0]!.preferred.replicas).toEqual(['SQLPROD02']);
  });
});
