import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * A log-shipping secondary in standby mode joined to a group ("Join only", SQL Server 2016,
 * SEEDING_MODE = MANUAL). 'sp_add_log_shipping_secondary_database (Transact-SQL)', Examples:
 * "@restore_mode = 1" (STANDBY); 'Secondary Database Settings' (S162): "Standby mode: Leave the
 * secondary database in STANDBY mode. This mode will allow read-only operations to be performed
 * on the database." 'RESTORE Statements - Arguments' (S71), STANDBY: "The standby file allows a
 * database to be brought up for read-only access between transaction log restores". The join
 * takes a secondary database that "must have been restored using WITH NORECOVERY" and changes it
 * "from RESTORING to ONLINE" ('ALTER DATABASE (Transact-SQL) SET HADR', S50). validate said
 * "valid" without a word at the join: its reader reads STANDBY as NORECOVERY.
 */
const name = 'docs-log-shipping-standby-join.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(': the standby file')[0]]);
const standbyRestore =
  "RESTORE LOG [AdventureWorks] FROM DISK = N'\\\\tribeca\\lsbackup\\AdventureWorks_1.trn'\n    WITH STANDBY = N'D:\\lsstandby\\AdventureWorks.tuf';";

describe('a join of a log-shipping secondary left in standby', () => {
  it('warns at the join, naming the standby restore', () => {
    expect(text).toContain(standbyRestore);
    expect(warnings(text)).toEqual([
      [
        52,
        'AdventureWorks was last restored on VSERVER WITH STANDBY at line 48 and not restored WITH NORECOVERY since',
      ],
    ]);
    const [warning] = readScriptReport(text, {
      version: 2016,
      fileName: name,
    }).script.warnings.filter(besidesPrerequisites);
    expect(warning?.text).toContain('"restored using WITH NORECOVERY"');
    expect(warning?.text).toContain('sys.databases.is_in_standby on VSERVER');
  });

  it('says nothing where the restore job runs in no recovery mode', () => {
    const noRecovery = text.replace(
      "WITH STANDBY = N'D:\\lsstandby\\AdventureWorks.tuf';",
      'WITH NORECOVERY;',
    );
    expect(warnings(noRecovery)).toEqual([]);
  });

  it('a log backup restored WITH NORECOVERY after the standby one prepares the copy', () => {
    const then = text
      .replace(
        '-- The restore job, standby mode.',
        ":Connect TRIBECA\nBACKUP LOG [AdventureWorks] TO DISK = N'\\\\tribeca\\lsbackup\\AdventureWorks_2.trn' WITH INIT;\nGO\n:Connect VSERVER\n-- The restore job, standby mode.",
      )
      .replace(
        '-- Both jobs disabled',
        "RESTORE LOG [AdventureWorks] FROM DISK = N'\\\\tribeca\\lsbackup\\AdventureWorks_2.trn' WITH NORECOVERY;\nGO\n-- Both jobs disabled",
      );
    expect(warnings(then)).toEqual([]);
  });

  it('a RESTORE … WITH STANDBY without FROM leaves the database in standby too', () => {
    const switched = text.replace(
      '-- Both jobs disabled',
      "RESTORE DATABASE [AdventureWorks] WITH STANDBY = N'D:\\lsstandby\\AdventureWorks.tuf';\nGO\n-- Both jobs disabled",
    );
    const noRecovery = switched.replace(
      "WITH STANDBY = N'D:\\lsstandby\\AdventureWorks.tuf';\nGO\n-- The",
      'WITH NORECOVERY;\nGO\n-- The',
    );
    expect(warnings(noRecovery)).toEqual([
      [
        54,
        'AdventureWorks was last restored on VSERVER WITH STANDBY at line 51 and not restored WITH NORECOVERY since',
      ],
    ]);
  });
});
