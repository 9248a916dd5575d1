import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * Matticusau/SQLDemos, SQL2016AGDBHealthLevelDetection/02.CreateAG.sql (fixture header): CREATE
 * AVAILABILITY GROUP DbHealthOptDemoAg FOR DATABASE SuspectDb with SEEDING_MODE = AUTOMATIC on
 * both replicas, then on SQLSERVER-1 JOIN and GRANT CREATE ANY DATABASE, then "NOTE: Automatic
 * Seeding may not work if you do not have the same folder structures configured on the secondary
 * … IF it doesn't work then use the following to prepare and add the database": RESTORE DATABASE
 * SuspectDb … WITH MOVE … NORECOVERY, a log backup restored, SET HADR. "Use automatic seeding to
 * initialize a secondary replica" (SEED001): after the GRANT "the availability group creates a
 * database on a secondary replica"; a database joined to the group refuses RESTORE with error
 * 1468 (S69), "The operation cannot be performed on database … because it is involved in a
 * database mirroring session or an availability group". validate said "valid" with no word, as if
 * the restore always ran; whether the seeding worked is not in the script.
 */
const name = 'lab-matticus-seeding-fallback-restore.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const grant = 'ALTER AVAILABILITY GROUP DbHealthOptDemoAg GRANT CREATE ANY DATABASE;';
const warningsOf = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter((w) => w.text.includes('error 1468'))
    .map((w) => [w.line, w.text] as const);

describe('RESTORE DATABASE over a copy automatic seeding creates (SEED001, error 1468)', () => {
  it('the demo as published: a warning at the restore, naming what settles it', () => {
    const warnings = warningsOf(text);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(44);
    expect(message).toContain(
      'SQLSERVER-1 joined DbHealthOptDemoAg with SEEDING_MODE = AUTOMATIC and was granted CREATE ANY DATABASE at line 36',
    );
    expect(message).toContain('because it is involved in a database mirroring session');
    expect(message).toContain('sys.dm_hadr_automatic_seeding');
    expect(message).toContain('sys.databases on SQLSERVER-1');
  });

  it('without the GRANT nothing is seeded there: no such warning', () => {
    expect(warningsOf(text.replace(grant, ''))).toEqual([]);
  });

  it('with SQLSERVER-1 set to SEEDING_MODE = MANUAL in the CREATE: no such warning', () => {
    const manual = text.replace(
      /('SQLSERVER-1'[^;]*?)SEEDING_MODE = AUTOMATIC/,
      '$1SEEDING_MODE = MANUAL',
    );
    expect(manual).not.toBe(text);
    expect(warningsOf(manual)).toEqual([]);
  });

  it('after SET HADR OFF of the seeded copy: no such warning', () => {
    const restore = 'RESTORE DATABASE SuspectDb FROM DISK';
    const off = `ALTER DATABASE SuspectDb SET HADR OFF;\nGO\n${restore}`;
    expect(warningsOf(text.replace(restore, off))).toEqual([]);
  });

  it('the manual branch run again after its own join: refused (1468), not "never joins it"', () => {
    const restore = text.slice(
      text.indexOf('RESTORE DATABASE SuspectDb'),
      text.indexOf(';', text.indexOf('RESTORE DATABASE SuspectDb')) + 1,
    );
    const again = `${text}\n:Connect SQLSERVER-1\n${restore}\nGO\n`;
    const all = readScriptReport(again, { version: 2016, fileName: name }).script.warnings;
    const last = all.filter((w) => w.line > 60);
    expect(last).toHaveLength(1);
    expect(last[0]!.text).toContain(
      'the script joined SuspectDb there to DbHealthOptDemoAg at line 59 and has not taken it out of the group since, so SQL Server refuses this restore (error 1468',
    );
    expect(last[0]!.text).toContain('SET HADR OFF on SQLSERVER-1 first');
  });
});

/**
 * dsccommunity/SqlServerDsc#1492, "SqlAgDatabase: Failing when AG is Automatic Seeding"
 * (2020-04-01; fixture header says what is invented): the resource restored the secondary right
 * after ADD DATABASE, while the seeding ran, and got "The file 'K:\MSSQL\TEST02_2019DSC.mdf'
 * cannot be overwritten.  It is being used by database 'TEST02_2019DSC'." and "File
 * 'TEST02_2019DSC' cannot be restored to 'K:\MSSQL\TEST02_2019DSC.mdf'. Use WITH MOVE to identify
 * a valid location for the file". The warning named only the refusal after the seeding (1468) and
 * a failed seeding, not the restore refused while it runs, which is where such a script stands.
 */
describe('RESTORE DATABASE while the seeding runs (dsccommunity/SqlServerDsc#1492)', () => {
  const dsc = 'issue-sqlserverdsc-1492-restore-while-seeding.sql';
  const script = readFileSync(new URL(`./fixtures/${dsc}`, import.meta.url), 'utf8');
  const warnings = readScriptReport(script, { version: 2019, fileName: dsc }).script.warnings;

  it('the restore after ADD DATABASE: refused while the seeding runs (1834) and after it (1468)', () => {
    const atRestore = warnings.filter((w) => w.line === 34);
    expect(atRestore).toHaveLength(1);
    const text = atRestore[0]!.text;
    expect(text).toContain('SQL02 joined AG2019 with SEEDING_MODE = AUTOMATIC');
    expect(text).toContain('while that seeding runs, the database it creates holds the files');
    expect(text).toContain(
      "error 1834, \"The file '…' cannot be overwritten. It is being used by database 'TEST02_2019DSC'\"",
    );
    expect(text).toContain('Use WITH MOVE to identify a valid location for the file');
    expect(text).toContain('error 1468');
    expect(text).toContain('whether the seeding still runs, joined it or failed is settled by');
  });

  it('the group read as the issue has it: valid, with the restore the only seeding warning', () => {
    expect(warnings.filter((w) => w.text.includes('SEEDING_MODE = AUTOMATIC'))).toHaveLength(1);
  });
});
