import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * dataplat/dbatools issue #8209 ("Backup-DbaDatabase", 2022-03-02, on the release of the day):
 * "Running the following command on the secondary SQL Server: Backup-DbaDatabase -SqlInstance
 * $Server -Database $DBName -FilePath … -Type Full -CopyOnly -CompressBackup" gives "WARNING:
 * [Backup-DbaDatabase] Backup Failed | The target database, 'Columbus_Master', is participating in
 * an availability group and is currently not accessible for queries. Either data movement is
 * suspended or the availability replica is not enabled for read access." Issue #4906 (2019,
 * "Backup-DbaDatabase support for taking copy only backup from a non-readable secondary") reports
 * the same, adding "if I use invoke-sqlcmd; I can get it to work successfully". SQL Server itself
 * needs no readable secondary ("The secondary replica does not need to be readable to offload
 * backups to it", Configure backups on secondary replicas).
 * The snapshot is the primary SQLNODE1's view: SQLNODE2, synchronized, ALLOW_CONNECTIONS = NO.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/dbatools-backup-non-readable-secondary.json', import.meta.url),
    'utf8',
  ),
);
const jobs = decide(facts).backup[0]!.jobs;
const on = (convention: string, replica: string, type: string) =>
  jobs.find((j) => j.convention === convention && j.replica === replica && j.backupType === type)!;

describe('Backup-DbaDatabase on a secondary that is not readable', () => {
  it('fails the copy-only full backup of the issue, and a log backup, naming Msg 976', () => {
    for (const type of ['FULL_COPY_ONLY', 'LOG']) {
      const job = on('DBATOOLS', 'SQLNODE2', type);
      expect(job.outcome).toBe('fail');
      // A log backup also needs a full backup in that instance's msdb, which no view shows (S133).
      expect(job.reasons.map((r) => r.code)).toEqual(
        type === 'LOG'
          ? ['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN', 'BACKUP_JOB_DBATOOLS_NOT_READABLE']
          : ['BACKUP_JOB_DBATOOLS_NOT_READABLE'],
      );
      expect(job.reasons.at(-1)!.message).toContain("'Columbus_Master'");
    }
  });

  it('while the jobs that send BACKUP themselves take it on the preferred secondary', () => {
    expect(on('OLA_HALLENGREN', 'SQLNODE2', 'LOG').outcome).toBe('take');
    expect(on('MAINTENANCE_PLAN', 'SQLNODE2', 'FULL_COPY_ONLY').outcome).toBe('take');
    expect(on('DBATOOLS', 'SQLNODE1', 'FULL_COPY_ONLY').outcome).toBe('take');
  });
});
