import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #651 (Ola Hallengren, 2024-11-16): "users
 * have been running into issues with backups not being performed, because
 * sys.fn_hadr_backup_is_preferred_replica was returning 0 on all replicas. I found out that
 * sys.fn_hadr_backup_is_preferred_replica was not working correctly if @@SERVERNAME was not
 * returning the same value as SERVERPROPERTY('ServerName'). This could happen if the server has
 * been renamed." DatabaseBackup therefore stops first: "IF @@SERVERNAME <>
 * CAST(SERVERPROPERTY('ServerName') AS nvarchar(max)) AND SERVERPROPERTY('IsHadrEnabled') = 1"
 * adds the error 'The @@SERVERNAME does not match SERVERPROPERTY(''ServerName'')', severity 16.
 * Issue #619 (SQL Server 2019 CU 14): the function "always returns 0, regardless if its the
 * primary or secondary server … It only differs in case"; issue #692: the check compares in the
 * instance's collation; dbatools issue #710 ties the function's 0 to a case-sensitive collation. The fixture is the primary SQLNODE1's snapshot (SQL Server 2019 CU 14,
 * AUTOMATED_BACKUP_PREFERENCE = PRIMARY) of a server renamed to SQLNODE1NEW.
 */
const text = readFileSync(
  new URL('./fixtures/ola-servername-renamed-primary.json', import.meta.url),
  'utf8',
);
const jobsOf = (snapshot: string) => decide(factsOf(snapshot)).backup[0]!;
const on = (snapshot: string, convention: string, replica: string, type: string) =>
  jobsOf(snapshot).jobs.find(
    (j) => j.convention === convention && j.replica === replica && j.backupType === type,
  )!;
const withNames = (serverName: string, atServerName: string): string => {
  const s = JSON.parse(text);
  s.SERVERPROPERTY[0] = {
    ...s.SERVERPROPERTY[0],
    server_name: serverName,
    at_servername: atServerName,
  };
  return JSON.stringify(s);
};

describe("@@SERVERNAME that does not match SERVERPROPERTY('ServerName') (issues #651, #619)", () => {
  it('prefers no replica: the function answers 0 on the primary, and nowhere else takes over', () => {
    const backup = jobsOf(text);
    expect(backup.preferred.replicas).toEqual([]);
    expect(backup.preferred.reasons.map((r) => r.code)).toContain('BACKUP_SERVERNAME_MISMATCH');
  });

  it('stops DatabaseBackup with an error before any backup, and the maintenance plan skips', () => {
    for (const type of ['FULL', 'FULL_COPY_ONLY', 'DIFFERENTIAL', 'LOG']) {
      const ola = on(text, 'OLA_HALLENGREN', 'SQLNODE1', type);
      expect(ola.outcome).toBe('fail');
      expect(ola.reasons.map((r) => r.code)).toEqual(['BACKUP_JOB_OLA_SERVERNAME_MISMATCH']);
      expect(on(text, 'MAINTENANCE_PLAN', 'SQLNODE1', type).outcome).toBe('skip');
    }
    // dbatools does not consult the function.
    expect(on(text, 'DBATOOLS', 'SQLNODE1', 'FULL_COPY_ONLY').outcome).toBe('take');
  });

  it('leaves the function and both jobs unknown where the names differ in case only', () => {
    // #619: such names gave 0 in production and worked in staging; #692, dbatools #710: the
    // collation decides.
    const caseOnly = withNames('sqlnode1', 'SQLNODE1');
    const preferred = jobsOf(caseOnly).preferred;
    expect(preferred.replicas).toEqual([]);
    expect(preferred.undetermined).toEqual(['SQLNODE1']);
    const ola = on(caseOnly, 'OLA_HALLENGREN', 'SQLNODE1', 'LOG');
    expect(ola.outcome).toBe('unknown');
    expect(ola.reasons.find((r) => r.code === 'BACKUP_JOB_OLA_SERVERNAME_CASE')?.settledBy).toEqual(
      ["SERVERPROPERTY('Collation') on SQLNODE1"],
    );
    const plan = on(caseOnly, 'MAINTENANCE_PLAN', 'SQLNODE1', 'LOG');
    expect(plan.outcome).toBe('unknown');
    expect(plan.reasons.map((r) => r.code)).toContain('BACKUP_SERVERNAME_CASE_UNKNOWN');
  });

  it('changes nothing where the two names match', () => {
    const same = withNames('SQLNODE1', 'SQLNODE1');
    expect(jobsOf(same).preferred.replicas).toEqual(['SQLNODE1']);
    expect(on(same, 'OLA_HALLENGREN', 'SQLNODE1', 'LOG').outcome).toBe('take');
  });
});
