import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { readScriptReport } from './script.js';

/*
 * A "Multi-AG T-SQL Configuration Guide" (code index file 58441462959, repository not named):
 * "This guide creates three Availability Groups on the same SQL Server replicas" (ProductionAG for
 * AppDB, ReportingAG for ReportingDB, DisasterRecoveryAG for CriticalDB), all CLUSTER_TYPE =
 * EXTERNAL on the pods sql-ag-0..2, one endpoint at port 5022 on each. Its step 7c restores
 * CriticalDB on sql-ag-1 from CriticalDB.bak, the file step 5's BACKUP DATABASE wrote and nothing
 * else, first WITH NORECOVERY, REPLACE, then with RESTORE LOG … WITH NORECOVERY, then joins it.
 * 'Database engine events and errors (3000 to 3999)' (S72), error 3135: "The backup set in file
 * '%ls' was created by %hs and cannot be used for this restore operation." RESTORE Statements -
 * Arguments (S71), FILE: "When not specified, the default is 1". The step (core/lifecycle) refused
 * such a restore (BACKUP_SET_WRONG_KIND) while validate read it as a second full restore.
 */
const FILE = 'lab-k8s-three-groups-external.sql';
const text = readFileSync(new URL(`./fixtures/${FILE}`, import.meta.url), 'utf8');
const report = readScriptReport(text, { version: 2022, fileName: FILE });
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('three groups on the same pods (lab-k8s-three-groups-external.sql)', () => {
  it('reads the three groups, each with its own database', () => {
    expect(report.errors).toEqual([]);
    expect(report.script.configs.map((c) => [c.name, c.databases])).toEqual([
      ['ProductionAG', ['AppDB']],
      ['ReportingAG', ['ReportingDB']],
      ['DisasterRecoveryAG', ['CriticalDB']],
    ]);
  });

  it('warns at the RESTORE LOG of the full backup set (error 3135), and nothing else', () => {
    const line = lineOf('RESTORE LOG [CriticalDB]');
    expect(report.script.warnings.map((w) => w.line)).toEqual([line]);
    const [w] = report.script.warnings;
    expect(w?.text).toContain(
      'RESTORE LOG of CriticalDB on sql-ag-1 from /var/opt/mssql/backup/CriticalDB.bak (FILE = 1), a set that BACKUP DATABASE made',
    );
    expect(w?.text).toContain(
      'error 3135, "The backup set in file \'/var/opt/mssql/backup/CriticalDB.bak\' was created by BACKUP DATABASE and cannot be used for this restore operation."',
    );
    // The databases differ and the shared endpoints are one per instance: no cross-group
    // warning; the join after the refused restore finds the full restore and no log backup
    // taken since, so nothing is said of it either.
  });

  it('refuses MANUAL failover on the two EXTERNAL groups that write it (Msg 47102), as before', async () => {
    const cli = await run(['validate', FILE, '--sql-version', '2022', '--json'], {
      files: { [FILE]: text },
    });
    expect(cli.code).toBe(1);
    const out = result(cli) as {
      groups: { group: string; valid: boolean; violations: { code: string }[] }[];
      warnings: string[];
    };
    expect(out.groups.map((g) => [g.group, g.violations.map((v) => v.code)])).toEqual([
      ['ProductionAG', []],
      [
        'ReportingAG',
        ['EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER', 'EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER'],
      ],
      ['DisasterRecoveryAG', ['EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER']],
    ]);
    expect(out.warnings.filter((w) => w.includes('error 3135'))).toHaveLength(1);
  });

  it('says nothing once the restore names a log backup the primary took', () => {
    const fixed = text
      .replace(
        ':Connect sql-ag-1\nRESTORE DATABASE',
        ":Connect sql-ag-0\nBACKUP LOG [CriticalDB] TO DISK = '/var/opt/mssql/backup/CriticalDB.trn';\nGO\n:Connect sql-ag-1\nRESTORE DATABASE",
      )
      .replace(
        "RESTORE LOG [CriticalDB]\n  FROM DISK = '/var/opt/mssql/backup/CriticalDB.bak'",
        "RESTORE LOG [CriticalDB]\n  FROM DISK = '/var/opt/mssql/backup/CriticalDB.trn'",
      );
    expect(fixed).toContain('CriticalDB.trn');
    const again = readScriptReport(fixed, { version: 2022, fileName: FILE });
    expect(again.script.warnings).toEqual([]);
  });
});
