import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * A snapshot taken on a secondary shows which replica is primary (primary_replica) but none of its
 * database rows (S7), so whether a database is ONLINE there is not in it; decide's commit answer
 * already says so (DATABASE_STATE_ON_PRIMARY_UNKNOWN). DatabaseBackup backs up only an ONLINE
 * database and Backup-DbaDatabase only a Normal one, passing over any other, so their jobs on the
 * primary are unknown, not 'take', until database_state_desc on the primary is shown. The snapshot
 * is SQLNODE1's after a failover to SQLNODE2 ("Large Transaction Interrupted by Failover, Secondary
 * Database Reports REVERTING", AlwaysOn Professional blog; see routing-recovering-copy.test.ts).
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const secondary = fixture('blog-rollback-after-failover-secondary.json');

const jobsOf = (facts: ReturnType<typeof fixture>) => decide(facts).backup[0]!.jobs;
const on = (jobs: ReturnType<typeof jobsOf>, convention: string, type: string) =>
  jobs.find(
    (j) => j.convention === convention && j.replica === 'SQLNODE2' && j.backupType === type,
  )!;

describe("the primary's backup jobs seen from a secondary's snapshot", () => {
  it('are unknown, naming database_state_desc, where the job skips a database not ONLINE', () => {
    const jobs = jobsOf(secondary);
    for (const convention of ['OLA_HALLENGREN', 'DBATOOLS'])
      for (const type of ['FULL', 'DIFFERENTIAL']) {
        const job = on(jobs, convention, type);
        expect(job.outcome, `${convention} ${type}`).toBe('unknown');
        // dbatools' differential backup also needs a full backup in that instance's msdb (S133).
        expect(job.reasons.map((r) => r.code)).toEqual(
          convention === 'DBATOOLS' && type === 'DIFFERENTIAL'
            ? ['UNKNOWN_DATABASE_STATE', 'BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN']
            : ['UNKNOWN_DATABASE_STATE'],
        );
        expect(job.reasons[0]!.settledBy?.[0]).toContain(
          'sys.dm_hadr_database_replica_states.database_state_desc',
        );
      }
  });

  it("are taken once the primary's snapshot shows the database ONLINE there", () => {
    const merged = mergeFacts(
      { source: 'SQLNODE2', facts: fixture('blog-rollback-after-failover-primary-suspended.json') },
      { source: 'SQLNODE1', facts: secondary },
    ).facts;
    const jobs = jobsOf(merged);
    for (const convention of ['OLA_HALLENGREN', 'DBATOOLS'])
      expect(on(jobs, convention, 'FULL').outcome, convention).toBe('take');
  });
});
