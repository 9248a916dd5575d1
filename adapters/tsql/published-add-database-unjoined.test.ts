import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Availability Group - Add a Database' (MicrosoftDocs/sql-docs, ms.date 05/17/2016), Using
 * Transact-SQL: "ALTER AVAILABILITY GROUP MyAG ADD DATABASE MyDb3;", then "After you add a database
 * to an availability group, you need to configure the corresponding secondary database on each
 * server instance that hosts a secondary replica". Run on the group of 'Prepare a secondary
 * database for an Always On availability group' (S68; docs-prepare-secondary-db.sql), whose MyDB1
 * is restored and joined on INSTANCE02 (SEEDING_MODE not set: MANUAL, "the default"), the script
 * ends with the ADD DATABASE: MyDb3 has no copy on INSTANCE02, while validate, explain and check
 * judge MyAG with every copy joined. validate said "valid" with only the prerequisites' warning;
 * the same script naming MyDb3 in the CREATE got the unjoined-database warning.
 */
const name = 'docs-add-database-secondary-not-configured.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const unjoinedOf = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter((w) => w.text.includes('it neither restores nor joins'))
    .map((w) => [w.line, w.text] as const);
const addLine =
  text.split('\n').findIndex((l) => l.startsWith('ALTER AVAILABILITY GROUP MyAG ADD')) + 1;

describe('a database added to a group whose secondary is seeded by hand, never joined there', () => {
  it('the script as published: a warning at the ADD DATABASE naming INSTANCE02', () => {
    const warnings = unjoinedOf(text);
    expect(warnings.map(([line]) => line)).toEqual([addLine]);
    expect(warnings[0]![1]).toContain(
      'MyDb3 is in MyAG (ADD DATABASE: "After you add a database to an availability group, you need to configure the corresponding secondary database on each server instance that hosts a secondary replica"), and on INSTANCE02 (SEEDING_MODE MANUAL)',
    );
    expect(warnings[0]![1]).toContain(
      'ALTER DATABASE [MyDb3] SET HADR AVAILABILITY GROUP = [MyAG] on INSTANCE02',
    );
  });

  it('no warning once the script prepares and joins MyDb3 on INSTANCE02', () => {
    const joined = `${text}:Connect INSTANCE02\nRESTORE DATABASE MyDb3 FROM DISK = 'C:\\MyDb3.bak' WITH NORECOVERY;\nALTER DATABASE MyDb3 SET HADR AVAILABILITY GROUP = MyAG;\nGO\n`;
    expect(unjoinedOf(joined)).toEqual([]);
  });

  it('no warning where the script sets INSTANCE02 to automatic seeding', () => {
    const seeded = text.replace(
      'ALTER AVAILABILITY GROUP MyAG ADD DATABASE MyDb3;',
      "ALTER AVAILABILITY GROUP MyAG MODIFY REPLICA ON N'INSTANCE02' WITH (SEEDING_MODE = AUTOMATIC);\nALTER AVAILABILITY GROUP MyAG ADD DATABASE MyDb3;",
    );
    expect(seeded).not.toBe(text);
    expect(unjoinedOf(seeded)).toEqual([]);
  });

  it('no warning where the script removes MyDb3 again', () => {
    expect(unjoinedOf(`${text}ALTER AVAILABILITY GROUP MyAG REMOVE DATABASE MyDb3;\nGO\n`)).toEqual(
      [],
    );
  });

  it('no warning for an ADD DATABASE after a failover the script runs', () => {
    const failedOver = text.replace(
      '-- Availability Group - Add a Database',
      ':Connect INSTANCE02\nALTER AVAILABILITY GROUP MyAG FAILOVER;\nGO\n-- Availability Group - Add a Database',
    );
    expect(failedOver).not.toBe(text);
    expect(unjoinedOf(failedOver)).toEqual([]);
  });
});
