import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * A SQLCMD-mode script adding AdventureWorks2017 to the existing group TSIS-AG1 over a file share
 * (code index file 3496179678, fixture header). It runs MODIFY REPLICA ON N'TSIS-AG-NODE2' WITH
 * (SEEDING_MODE = MANUAL) on TSIS-AG-NODE2, the primary, adds the database, and restores it on
 * TSIS-AG-NODE1. 'Use automatic seeding to initialize a secondary replica' (SEED001): "Setting
 * SEEDING_MODE on a primary replica during a CREATE AVAILABILITY GROUP statement has no effect
 * since the primary replica already contains the main read/write copy of the database"; "Seeding
 * is enabled on a secondary replica by setting the SEEDING_MODE option to AUTOMATIC"; "If the
 * secondary replica used automatic seeding when it was added to the availability group, nothing
 * additional needs to be done". TSIS-AG-NODE1's mode is not in the script: if it seeds the
 * database, SQL Server refuses the restore (error 1468, S69). validate said nothing of it.
 */
const name = 'lab-sqlcmd-add-db-manual-on-primary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warningsOf = (script: string, version: 2014 | 2017 = 2017) =>
  readScriptReport(script, { version, fileName: name })
    .script.warnings.filter((w) => w.text.includes('has no effect'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (line: string) => text.split('\n').findIndex((l) => l.startsWith(line)) + 1;

describe('SEEDING_MODE = MANUAL set on the primary alone before a manual restore (SEED001)', () => {
  it('the script as published: a warning at the RESTORE DATABASE, naming what settles it', () => {
    const warnings = warningsOf(text);
    expect(warnings.map(([line]) => line)).toEqual([lineOf('RESTORE DATABASE')]);
    const message = warnings[0]![1];
    expect(message).toContain(
      `SEEDING_MODE = MANUAL at line ${lineOf('ALTER AVAILABILITY GROUP')} only for TSIS-AG-NODE2`,
    );
    expect(message).toContain(`ADD DATABASE at line ${lineOf('ADD DATABASE') - 1} seeds`);
    expect(message).toContain('error 1468');
    expect(message).toContain('sys.availability_replicas.seeding_mode_desc for TSIS-AG-NODE1');
  });

  it('no warning once the script sets MANUAL for the secondary too', () => {
    const both = text.replace(
      "MODIFY REPLICA ON N'$(AGPrimary)' WITH (SEEDING_MODE = MANUAL)\nGO\n",
      "MODIFY REPLICA ON N'$(AGPrimary)' WITH (SEEDING_MODE = MANUAL)\nGO\nALTER AVAILABILITY GROUP [$(AGGroup)]\nMODIFY REPLICA ON N'$(AGSecondary)' WITH (SEEDING_MODE = MANUAL)\nGO\n",
    );
    expect(both).not.toBe(text);
    expect(warningsOf(both)).toEqual([]);
  });

  it('no warning where the MANUAL names another replica than the one it runs on', () => {
    const onSecondary = text.replace(
      "MODIFY REPLICA ON N'$(AGPrimary)'",
      "MODIFY REPLICA ON N'$(AGSecondary)'",
    );
    expect(onSecondary).not.toBe(text);
    expect(warningsOf(onSecondary)).toEqual([]);
  });

  it('no warning where the script adds no database before the restore', () => {
    const restoreFirst = text.replace('ADD DATABASE [$(Database)];', 'REMOVE DATABASE [Other];');
    expect(restoreFirst).not.toBe(text);
    expect(warningsOf(restoreFirst)).toEqual([]);
  });

  it('no warning on SQL Server 2014, which has no SEEDING_MODE and no automatic seeding', () => {
    expect(warningsOf(text, 2014)).toEqual([]);
  });
});
