import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { buildConfig, buildFacts } from '../../core/rules/facts-builder.js';
import { factsOf } from './test-support.js';

/*
 * dbi services blog, 'First look at SQL Server 2022 Contained Availability Groups' (2022-06-09,
 * www.dbi-services.com/blog/first-look-at-sql-server-2022-contained-availability-groups/, S271):
 * "CREATE AVAILABILITY GROUP [ContainedAG02] WITH ( AUTOMATED_BACKUP_PREFERENCE = PRIMARY,
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0, CONTAINED ) FOR DATABASE [appdb02] REPLICA ON
 * N'SQL19VM1\SQL2022A' [...]"; "The master and msdb databases are visible both under the
 * Availability Databases folder"; "Notice there's a new column to the sys.availability_groups DMV
 * called is_contained". The snapshot is the primary SQL19VM1\SQL2022A's view of that group: the
 * second replica (SQL19VM2\SQL2022A), ids, endpoints, the listener and the replica options the
 * post elides are invented.
 * 'What is a contained availability group?' (S42), SSIS packages & maintenance plans: "Using SSIS
 * packages, including maintenance plans, is not supported with contained availability groups."
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-dbi-contained-ag-maintenance-plan.json', import.meta.url),
    'utf8',
  ),
);
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);
const jobsOf = (f: typeof facts, database: string) =>
  decide(f).backup.find((b) => b.database === database)!.jobs;

describe('a maintenance plan backing up a contained group (ContainedAG02)', () => {
  it('reads the group as contained, its system databases among its databases', () => {
    expect(facts.config.kind).toBe('CONTAINED');
    expect(facts.config.databases).toEqual([
      'appdb02',
      'ContainedAG02_master',
      'ContainedAG02_msdb',
    ]);
  });

  it('is unknown on every replica and for every type, not a take or a skip, naming S42', () => {
    for (const database of facts.config.databases) {
      const plans = jobsOf(facts, database).filter((j) => j.convention === 'MAINTENANCE_PLAN');
      expect(plans).toHaveLength(8);
      for (const job of plans) {
        expect(job.outcome, `${database} ${job.replica} ${job.backupType}`).toBe('unknown');
        expect(job.reasons[0]!.code).toBe('BACKUP_JOB_PLAN_CONTAINED_GROUP');
        expect(job.reasons[0]!.rule.section).toContain(
          'Using SSIS packages, including maintenance plans, is not supported with contained availability groups',
        );
        expect(job.reasons[0]!.settledBy).toEqual([
          `the maintenance plan's job history on ${job.replica} (msdb.dbo.sysjobhistory)`,
        ]);
      }
    }
  });

  it("keeps the secondary's own reason beside it: the function's 0 there under PRIMARY is unknown (S372)", () => {
    const log = jobsOf(facts, 'appdb02').find(
      (j) =>
        j.convention === 'MAINTENANCE_PLAN' &&
        j.replica === 'SQL19VM2\\SQL2022A' &&
        j.backupType === 'LOG',
    )!;
    expect(codes(log.reasons)).toEqual([
      'BACKUP_JOB_PLAN_CONTAINED_GROUP',
      'BACKUP_CONTAINED_GROUP_ANSWER_REPORTED_ONE',
    ]);
  });

  it('leaves Ola Hallengren and dbatools as on any group but for the function (S42 names only SSIS packages)', () => {
    const jobs = jobsOf(facts, 'appdb02');
    const on = (convention: string, replica: string, type: string) =>
      jobs.find(
        (j) => j.convention === convention && j.replica === replica && j.backupType === type,
      )!.outcome;
    expect(on('OLA_HALLENGREN', 'SQL19VM1\\SQL2022A', 'LOG')).toBe('take');
    // The function was reported to return 1 on a contained group (S372): unknown, not skip.
    expect(on('OLA_HALLENGREN', 'SQL19VM2\\SQL2022A', 'LOG')).toBe('unknown');
    expect(on('DBATOOLS', 'SQL19VM1\\SQL2022A', 'FULL')).toBe('take');
  });

  it('answers as before for the same group without CONTAINED', () => {
    const plain = buildFacts(
      buildConfig({
        version: 2022,
        automatedBackupPreference: 'PRIMARY',
        replicas: [{ name: 'A' }, { name: 'B' }],
      }),
    );
    const plans = decide(plain).backup[0]!.jobs.filter((j) => j.convention === 'MAINTENANCE_PLAN');
    expect(plans.filter((j) => j.replica === 'A').map((j) => j.outcome)).toEqual([
      'take',
      'take',
      'take',
      'take',
    ]);
    expect(plans.some((j) => codes(j.reasons).includes('BACKUP_JOB_PLAN_CONTAINED_GROUP'))).toBe(
      false,
    );
  });
});
