import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * KB4551221, "FIX: Error occurs when you try to create a differential backup on secondary replica
 * in SQL Server" (S167): "Assume that you use SQL Server 2017 or 2019. When you try to create a
 * differential backup on a secondary replica, you receive a message that indicates that the
 * command is running and may succeed: BACKUP DATABASE WITH DIFFERENTIAL successfully processed {X}
 * pages in {Y} seconds. Differential backups are not supported for secondary replicas. After you
 * apply this fix, the correct error message is displayed: Msg 3059". The fix is in the lists of
 * SQL Server 2017 CU 20 (14.0.3294.2) and 2019 CU 6 (15.0.4053.23) (S60). The fixture is the
 * bundled primary's snapshot of AGSales (Prefer Secondary, SQLDR1 preferred, readable
 * secondaries) taken on SQL Server 2019 CU 5, 15.0.4043.16: the maintenance plan's differential
 * backup runs BACKUP on SQLDR1, where the function returns 1, and dbatools runs it wherever it is
 * pointed. agstate said both fail there with Msg 3059, which that build does not raise.
 */
const text = readFileSync(
  new URL('./fixtures/kb4551221-differential-secondary-2019-cu5.json', import.meta.url),
  'utf8',
);
const withBuild = (build: string | null, major = 15) =>
  text.replace(
    /"product_major_version": 15,\s*"product_version": "15\.0\.4043\.16"/,
    build === null
      ? `"product_major_version": ${major}`
      : `"product_major_version": ${major}, "product_version": "${build}"`,
  );
const job = (snapshot: string, convention: string, replica: string) =>
  decide(factsOf(snapshot)).backup[0]!.jobs.find(
    (j) => j.convention === convention && j.replica === replica && j.backupType === 'DIFFERENTIAL',
  )!;
const codes = (reasons: readonly { readonly code: string }[]) => reasons.map((r) => r.code);

describe('a differential backup on a secondary before KB4551221 (SQL Server 2019 CU 5)', () => {
  it('is taken by the maintenance plan on the preferred secondary, saying it is unsupported', () => {
    const plan = job(text, 'MAINTENANCE_PLAN', 'SQLDR1');
    expect(plan.outcome).toBe('take');
    expect(codes(plan.reasons)).toContain('BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX');
    expect(codes(plan.reasons)).not.toContain('BACKUP_JOB_FAILS_ON_SECONDARY');
    const why = plan.reasons.find((r) => r.code === 'BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX')!;
    expect(why.message).toContain('SQL Server 2019 (15.0.4043.16) predates KB4551221');
    expect(why.message).toContain('SQL Server 2019 CU 6 (15.0.4053.23)');
    expect(why.message).toContain('not supported on a secondary replica');
    expect(why.rule.document).toContain('KB4551221');
  });

  it("leaves dbatools to the secondary's msdb history, not to Msg 3059", () => {
    const dbatools = job(text, 'DBATOOLS', 'SQLNODE2');
    expect(dbatools.outcome).toBe('unknown');
    expect(codes(dbatools.reasons)).toEqual(['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN']);
  });

  it('fails with Msg 3059 from 2019 CU 6 and 2017 CU 20 on, and in other versions', () => {
    for (const [build, major] of [
      ['15.0.4053.23', 15],
      ['14.0.3294.2', 14],
      ['13.0.5026.0', 13],
    ] as const) {
      const plan = job(withBuild(build, major), 'MAINTENANCE_PLAN', 'SQLDR1');
      expect(plan.outcome, build).toBe('fail');
      expect(codes(plan.reasons), build).toContain('BACKUP_JOB_FAILS_ON_SECONDARY');
    }
    // 2017 CU 17 (14.0.3238.1) predates the fix too.
    expect(job(withBuild('14.0.3238.1', 14), 'MAINTENANCE_PLAN', 'SQLDR1').outcome).toBe('take');
  });

  it('is unknown where the snapshot gives only the major version of 2017 or 2019', () => {
    for (const major of [14, 15]) {
      const plan = job(withBuild(null, major), 'MAINTENANCE_PLAN', 'SQLDR1');
      expect(plan.outcome, String(major)).toBe('unknown');
      expect(codes(plan.reasons)).toEqual([
        'BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN',
        'BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY',
      ]);
      expect(plan.reasons[0]!.settledBy).toEqual(["SERVERPROPERTY('ProductVersion')"]);
    }
    // SQL Server 2022 refuses it on every build.
    expect(job(withBuild(null, 16), 'MAINTENANCE_PLAN', 'SQLDR1').outcome).toBe('fail');
  });

  it('changes nothing for Ola, which sends a differential backup to the primary only', () => {
    expect(job(text, 'OLA_HALLENGREN', 'SQLDR1').outcome).toBe('skip');
    expect(job(text, 'OLA_HALLENGREN', 'SQLNODE1').outcome).toBe('take');
  });
});
