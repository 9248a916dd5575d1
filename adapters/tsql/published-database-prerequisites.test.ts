import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { readScriptReport } from './script.js';

/*
 * 'Prerequisites, restrictions, and recommendations for Always On availability groups' (S5),
 * Availability database prerequisites: "To be eligible to be added to an availability group, a
 * database must" "Use the full recovery model" and "Possess at least one full database backup"
 * ("After setting a database to full recovery mode, a full backup is required to initiate the
 * full-recovery log chain"). A script that does not show them before CREATE … FOR DATABASE or
 * ADD DATABASE gets a warning naming what settles them; validate, explain and check still take
 * the databases into the group.
 */
const fixture = (file: string) =>
  readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const PAGE = 'Availability database prerequisites';
const prerequisites = (text: string, version: 2016 | 2019 | 2022 = 2019) =>
  readScriptReport(text, { version, fileName: 'ag.sql' })
    .script.warnings.filter((w) => w.text.includes(PAGE))
    .map((w) => ({ line: w.line, text: w.text }));

describe('"Deploy availability group with HPE Serviceguard" (ms.date 04/11/2022): the backup in a comment', () => {
  // The page's step 3, "BACKUP DATABASE [db1] -- backs up the database to disk TO DISK = N'…';":
  // the comment takes the TO clause, so SQL Server takes no backup, and ADD DATABASE follows.
  const file = 'docs-hpe-serviceguard-backup-in-comment.sql';
  const text = fixture(file);

  it('reports the backup as a syntax error and warns at ADD DATABASE that no full backup is shown', () => {
    const report = readScriptReport(text, { version: 2019, fileName: file });
    expect(report.errors.map((e) => `${e.line}: expected ${e.expected}`)).toEqual([
      '55: expected TO',
    ]);
    const found = prerequisites(text);
    expect(found.map((w) => w.line)).toEqual([57]);
    const [w] = found;
    expect(w?.text).toContain('sets the recovery model of db1 to FULL at line 53');
    expect(w?.text).toContain('takes no full backup of db1 between that line and this statement');
    expect(w?.text).toContain('"Possess at least one full database backup"');
    expect(w?.text).toContain("msdb.dbo.backupset on node1 (a row of type 'D', not copy-only");
    // The recovery model is shown, so the view that settles it is not asked for.
    expect(w?.text).not.toContain('recovery_model_desc');
  });

  it('says nothing of the page’s current revision, which backs up to disk before the ADD', () => {
    const fixed = text.replace(
      'BACKUP DATABASE [db1] -- backs up the database to disk TO DISK',
      "BACKUP DATABASE [db1]\nTO DISK = N'/var/opt/mssql/data/db1.bak';\n-- TO DISK",
    );
    expect(prerequisites(fixed)).toEqual([]);
  });
});

describe('a guide’s DB_FAILOVER = ON, DTC_SUPPORT = PER_DB group (lab-guide-dtc-db-failover-add-db.sql)', () => {
  const text = fixture('lab-guide-dtc-db-failover-add-db.sql');

  it('warns at the CREATE for MyDB and MyDB_Reporting, and at ADD DATABASE for MyNewDB', () => {
    const found = prerequisites(text, 2016);
    expect(found.map((w) => w.line)).toEqual([8, 69]);
    expect(found[0]?.text).toContain(
      'does not show the recovery model of MyDB, MyDB_Reporting and takes no full backup of MyDB, MyDB_Reporting before this statement',
    );
    expect(found[0]?.text).toContain(
      "sys.databases.recovery_model_desc of MyDB, MyDB_Reporting on the primary replica's instance",
    );
    expect(found[1]?.text).toContain('ADD DATABASE MyNewDB');
    expect(found[1]?.text).toContain('msdb.dbo.backupset');
  });

  it('stays valid, exit 0: the warnings are beside the verdict, which judges the three databases', async () => {
    const file = 'lab-guide-dtc-db-failover-add-db.sql';
    const cli = await run(['validate', file, '--sql-version', '2016', '--json'], {
      files: { [file]: text },
    });
    expect(cli.code).toBe(0);
    const out = result(cli) as { valid: boolean; warnings: string[] };
    expect(out.valid).toBe(true);
    expect(out.warnings.filter((w) => w.includes(PAGE))).toHaveLength(2);
  });

  it('names the instance that settles it when the script is run on one', () => {
    const report = readScriptReport(text, { version: 2016, fileName: 'ag.sql', server: 'SQL01' });
    const [w] = report.script.warnings.filter((x) => x.text.includes(PAGE));
    expect(w?.text).toContain('sys.databases.recovery_model_desc of MyDB, MyDB_Reporting on SQL01');
  });
});

describe('what the script shows before the database is added', () => {
  const group = `:Connect S1
CREATE AVAILABILITY GROUP [AG1] FOR REPLICA ON
  N'S1' WITH (ENDPOINT_URL = N'TCP://s1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL),
  N'S2' WITH (ENDPOINT_URL = N'TCP://s2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
`;
  const add = 'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE [Db1];\n';

  it('nothing when it sets FULL and then takes a full backup, placed or not', () => {
    const shown = `ALTER DATABASE [Db1] SET RECOVERY FULL;\nBACKUP DATABASE [Db1] TO DISK = N'nul';\n`;
    expect(prerequisites(`${group}${shown}${add}`)).toEqual([]);
    expect(prerequisites(`${shown}${group}${add}`)).toEqual([]);
  });

  it('a full backup before the change to FULL does not count (S5: a full backup is required after it)', () => {
    const found = prerequisites(
      `${group}BACKUP DATABASE Db1 TO DISK = N'nul';\nALTER DATABASE Db1 SET RECOVERY FULL;\n${add}`,
    );
    expect(found.map((w) => w.line)).toEqual([7]);
    expect(found[0]?.text).toContain('takes no full backup of Db1 between that line');
  });

  it('a COPY_ONLY full backup is named, and not counted', () => {
    const [w] = prerequisites(
      `${group}ALTER DATABASE Db1 SET RECOVERY FULL;\nBACKUP DATABASE Db1 TO DISK = N'nul' WITH COPY_ONLY;\n${add}`,
    );
    expect(w?.text).toContain('takes no full backup of Db1 but a COPY_ONLY one (line 6)');
    expect(w?.text).toContain('agstate does not count a COPY_ONLY full backup');
  });

  it('a database set to SIMPLE and not back to FULL is said not eligible, and not refused', () => {
    const text = `${group}ALTER DATABASE [Db1] SET RECOVERY SIMPLE WITH NO_WAIT;\nBACKUP DATABASE Db1 TO DISK = N'nul';\n${add}`;
    const [w] = prerequisites(text);
    expect(w?.line).toBe(7);
    expect(w?.text).toContain('sets the recovery model of Db1 to SIMPLE at line 5');
    expect(w?.text).toContain('Db1 is not eligible to be added');
    const report = readScriptReport(text, { version: 2019, fileName: 'ag.sql' });
    expect(report.script.configs[0]?.name).toBe('AG1');
    expect(report.errors).toEqual([]);
  });

  it('a full backup only shows the backup: the recovery model is still asked for', () => {
    const [w] = prerequisites(`${group}BACKUP DATABASE Db1 TO DISK = N'nul';\n${add}`);
    expect(w?.text).toContain(
      'does not show the recovery model of Db1 and takes a full backup of Db1 at line 5',
    );
    expect(w?.text).toContain('sys.databases.recovery_model_desc of Db1 on S1');
    expect(w?.text).not.toContain('msdb.dbo.backupset');
  });
});
