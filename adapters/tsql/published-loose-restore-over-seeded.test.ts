import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * Matticusau/SQLDemos, SQL2016AGDBHealthLevelDetection/06.AddCorruptDbToAG.sql (fixture header):
 * on a group created by an earlier script, MODIFY REPLICA ON N'SQLSERVER-1' WITH (SEEDING_MODE =
 * AUTOMATIC), ADD DATABASE [CorruptDb], then on SQLSERVER-1 GRANT CREATE ANY DATABASE; then "The
 * following statements can be used if AUTO Seeding doesn't run": RESTORE DATABASE [CorruptDb] …
 * WITH NORECOVERY on SQLSERVER-1, a log backup restored, SET HADR. "Use automatic seeding to
 * initialize a secondary replica" (SEED001): "Seeding is enabled on a secondary replica by setting
 * the SEEDING_MODE option to AUTOMATIC", and with the grant "the availability group creates a
 * database on a secondary replica"; the restore is then refused while that seeding runs
 * (dsccommunity/SqlServerDsc#1492, S376: "The file 'K:\MSSQL\TEST02_2019DSC.mdf' cannot be
 * overwritten.  It is being used by database 'TEST02_2019DSC'.") and after it joined the copy
 * (error 1468, S69). validate said nothing of the restore: the warning at a restore over a seeded
 * copy judged only groups the script creates, though here the script sets the mode and the grant.
 */
const name = 'lab-matticus-add-db-seeding-fallback-restore.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const restoreWarnings = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter((w) => w.text.startsWith('RESTORE DATABASE of CorruptDb'))
    .map((w) => [w.line, w.text] as const);

describe('RESTORE DATABASE over a copy seeded on a group the script does not create', () => {
  it('the demo as published: a warning at the restore, with both refusals and what settles it', () => {
    const warnings = restoreWarnings(text);
    expect(warnings).toHaveLength(1);
    const [line, message] = warnings[0]!;
    expect(line).toBe(34);
    expect(message).toContain(
      'the script sets SEEDING_MODE = AUTOMATIC for SQLSERVER-1 at line 11, adds CorruptDb to DbHealthOptDemoAg at line 16 and grants CREATE ANY DATABASE on SQLSERVER-1 at line 22',
    );
    expect(message).toContain(
      'once SQLSERVER-1 has joined DbHealthOptDemoAg (the script does not show it)',
    );
    expect(message).toContain('error 1834');
    expect(message).toContain('error 1468');
    expect(message).toContain('sys.dm_hadr_automatic_seeding and by sys.databases on SQLSERVER-1');
  });

  it('without the GRANT nothing is seeded there: no such warning', () => {
    const grant = 'ALTER AVAILABILITY GROUP [DbHealthOptDemoAg] GRANT CREATE ANY DATABASE;';
    expect(text).toContain(grant);
    expect(restoreWarnings(text.replace(grant, ''))).toEqual([]);
  });

  it('with SQLSERVER-1 set to MANUAL instead: no such warning', () => {
    const manual = text.replace('(SEEDING_MODE = AUTOMATIC)', '(SEEDING_MODE = MANUAL)');
    expect(manual).not.toBe(text);
    expect(restoreWarnings(manual)).toEqual([]);
  });

  it('with the database never added by the script: no such warning', () => {
    const add = 'ALTER AVAILABILITY GROUP [DbHealthOptDemoAg]\nADD DATABASE [CorruptDb];';
    expect(text).toContain(add);
    expect(restoreWarnings(text.replace(add, ''))).toEqual([]);
  });
});
