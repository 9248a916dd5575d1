import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * "Remove a Secondary Database from an Availability Group (SQL Server)" (S141), followed on the
 * secondary N2: its example "ALTER DATABASE MyDb2 SET HADR OFF;", then the Follow Up: "If you want
 * to access a removed secondary database after it has been removed from the availability group,
 * you can recover the database. However, if you recover a removed secondary database, two
 * divergent, independent databases that have the same name are online" ("Recover a Database
 * Without Restoring Data": "RESTORE DATABASE database_name WITH RECOVERY"), then a re-join. The join
 * takes a database "restored using WITH NORECOVERY" ("ALTER DATABASE (Transact-SQL) SET HADR",
 * S50). validate said "valid" without a word at that join.
 */
const name = 'docs-remove-secondary-db-recover-rejoin.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(': SET HADR')[0]]);

describe('a join after the removed secondary database is recovered', () => {
  it('warns at the join, naming the recovery-only restore', () => {
    expect(warnings(text)).toEqual([
      [
        28,
        'MyDb2 was brought online on N2 at line 26 (RESTORE DATABASE … WITH RECOVERY, a recovery-only restore) and not restored WITH NORECOVERY since',
      ],
    ]);
  });

  it('says nothing of the first join, nor of a re-join without the recovery', () => {
    expect(warnings(text.replace('RESTORE DATABASE MyDb2 WITH RECOVERY;', ''))).toEqual([]);
  });

  it('a restore WITH NORECOVERY after the recovery prepares the copy again', () => {
    const prepared = text.replace(
      'RESTORE DATABASE MyDb2 WITH RECOVERY;\nGO\n',
      // The full backup and the log backup taken after it (without that log, error 1412).
      "RESTORE DATABASE MyDb2 WITH RECOVERY;\nGO\nRESTORE DATABASE [MyDb2] FROM DISK = N'\\\\share\\MyDb2.bak' WITH NORECOVERY, REPLACE;\nGO\nRESTORE LOG [MyDb2] FROM DISK = N'\\\\share\\MyDb2.trn' WITH NORECOVERY;\nGO\n",
    );
    expect(warnings(prepared)).toEqual([]);
  });

  it('a restore of a backup WITH RECOVERY on the secondary counts as the recovery', () => {
    const fromBackup = text.replace(
      'RESTORE DATABASE MyDb2 WITH RECOVERY;',
      "RESTORE LOG [MyDb2] FROM DISK = N'\\\\share\\MyDb2.trn' WITH RECOVERY;",
    );
    expect(warnings(fromBackup)).toEqual([
      [
        28,
        'MyDb2 was brought online on N2 at line 26 (a restore WITH RECOVERY) and not restored WITH NORECOVERY since',
      ],
    ]);
  });
});
