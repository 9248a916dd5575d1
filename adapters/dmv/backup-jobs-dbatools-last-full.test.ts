import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #376 ("ChangeBackupType on AG", 2020-03-31):
 * "I have an AG running on MSSQL 2017 Standard with a single Secondary … When the database fall's
 * over and the transaction log job runs i get a transaction log backup without a full backup on
 * the new server" (BACKUP LOG [MQFDATABASE] … WITH CHECKSUM, COMPRESSION); Ola Hallengren: "there is
 * no need to perform a new full backup after a failover. You can perform a point-in-time restore,
 * using backups from multiple replicas together." Each replica keeps its own msdb backup history.
 * dataplat/dbatools public/Backup-DbaDatabase.ps1 (S133) refuses a log or differential backup
 * where SMO's LastBackupDate, read from that history, is empty: "… does not have an existing full
 * backup, cannot take log or differentialbackup". The snapshot is the new primary SQLNODEB's view
 * of the basic group (2017 Standard, one secondary), names chosen where the issue masks them.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/ola376-basic-group-after-failover.json', import.meta.url),
    'utf8',
  ),
);
const jobs = decide(facts).backup[0]!.jobs;
const on = (convention: string, replica: string, type: string) =>
  jobs.find((j) => j.convention === convention && j.replica === replica && j.backupType === type)!;

describe('a log backup on the new primary after a failover (issue #376)', () => {
  it('is taken by DatabaseBackup, which checks no backup history, as the issue saw', () => {
    expect(on('OLA_HALLENGREN', 'SQLNODEB', 'LOG').outcome).toBe('take');
  });

  it("is unknown for Backup-DbaDatabase, naming the new primary's msdb history", () => {
    for (const type of ['LOG', 'DIFFERENTIAL']) {
      const job = on('DBATOOLS', 'SQLNODEB', type);
      expect(job.outcome, type).toBe('unknown');
      expect(job.reasons.map((r) => r.code)).toEqual(['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN']);
      expect(job.reasons[0]!.settledBy?.[0]).toBe(
        "msdb.dbo.backupset on SQLNODEB (a row of type 'D' for MQFDATABASE)",
      );
    }
    // A full backup needs no earlier one.
    expect(on('DBATOOLS', 'SQLNODEB', 'FULL').outcome).toBe('take');
  });
});
