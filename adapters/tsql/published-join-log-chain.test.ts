import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * andreasjordan/demos, 02_setup_availability_group_demo_03a_add_database_with_manual_seeding.ps1
 * (SQL Server 2014 to 2019), as T-SQL: after a full and a log backup are restored on SRV2, "What I
 * am not allowed to do: Restore these full backups to the secondary", for the join then fails with
 * error 1478, "The mirror database, "AdventureWorks", has insufficient transaction log data to
 * preserve the log backup chain of the principal database" ('Database engine events and errors
 * (1000 to 1999)', S69); "The last log backup must be restored on the secondary". validate said
 * "valid" without a word at the failing join.
 */
const name = 'lab-andreasjordan-restore-newer-full.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(': SQL Server refuses')[0]]);

describe('a join after a newer full backup is restored over the prepared copy', () => {
  it('warns at the join SQL Server refuses with error 1478, not at the one after the log backup', () => {
    expect(warnings(text)).toEqual([
      [
        38,
        'AdventureWorks on SRV2\\SQL2016 was last restored from \\\\WIN10\\SQLServerBackups\\AdventureWorks_full2.bak (FILE = 1), a FULL backup taken after the log backup \\\\WIN10\\SQLServerBackups\\AdventureWorks_log1.trn (FILE = 1), and no log backup is restored over it before this join',
      ],
    ]);
    const [w] = readScriptReport(text, { version: 2016, fileName: name }).script.warnings.filter(
      besidesPrerequisites,
    );
    expect(w?.text).toContain('error 1478');
    expect(w?.text).toContain('restore it WITH NORECOVERY on SRV2\\SQL2016 first');
  });

  it('says nothing of a full backup taken before any log backup, nor of one from outside the script', () => {
    // The first restore and its log backup: the chain is kept.
    const first = text.slice(0, text.indexOf('-- "I can also take full backups"'));
    const joined = `${first}ALTER DATABASE [AdventureWorks] SET HADR AVAILABILITY GROUP = [MyTestAg2016];\nGO\n`;
    expect(warnings(joined)).toEqual([]);
    // A restore of a file the script does not back up: what it holds is not shown.
    const outside = text.replace(
      "AdventureWorks_full2.bak' WITH NORECOVERY, REPLACE",
      "AdventureWorks_nightly.bak' WITH NORECOVERY, REPLACE",
    );
    expect(warnings(outside)).toEqual([]);
  });
});

/*
 * "Prepare a secondary database for an Always On availability group", Transact-SQL example (S68):
 * step 7, "If any additional log backups occur before the database joins the secondary replica",
 * restores them WITH FILE=2 and FILE=3. Restoring FILE=3 without FILE=2 is SQL Server's error
 * 4305 ('Database engine events and errors (4000 to 4999)', S142): "The log in this backup set
 * begins at LSN %.*ls, which is too recent to apply to the database. An earlier log backup that
 * includes LSN %.*ls can be restored."
 */
describe('the documented preparation, and the same with one log backup missed', () => {
  const prepare = readFileSync(
    new URL('./fixtures/docs-prepare-secondary-db.sql', import.meta.url),
    'utf8',
  );
  const read = (script: string) =>
    readScriptReport(script, { version: 2016, fileName: 'prepare.sql' })
      .script.warnings.filter(besidesPrerequisites)
      .map((w) => [w.line, w.text]);

  it('says nothing of the page’s own restores', () => {
    expect(read(prepare)).toEqual([]);
  });

  it('warns at the RESTORE LOG that skips FILE=2, naming error 4305 and the backup to restore', () => {
    const missed = prepare.replace(
      "RESTORE LOG MyDB1\n  FROM DISK = 'E:\\MyDB1_log.trn'\n    WITH FILE=2, NORECOVERY\nGO\n",
      '',
    );
    expect(missed).not.toBe(prepare);
    const found = read(missed);
    expect(found).toHaveLength(1);
    expect(found[0]?.[1]).toContain(
      'RESTORE LOG of MyDB1 on INSTANCE02 from E:\\MyDB1_log.trn (FILE = 3) skips the log backup E:\\MyDB1_log.trn (FILE = 2), taken after E:\\MyDB1_log.trn (FILE = 1) and not restored: SQL Server refuses it (error 4305',
    );
  });
});

/*
 * The same demo: "What I am also not allowed to do: Take log backups." After the full and log
 * backups are restored on SRV2, a log backup on SRV1 makes the join fail: "The remote copy of
 * database "AdventureWorks" has not been rolled forward to a point in time that is encompassed in
 * the local copy of the database log" (error 1412, S69). S68, Transact-SQL example, step 7: "If
 * any additional log backups occur before the database joins the secondary replica, you must also
 * restore all of those log backups, in sequence". validate said "valid" without a word.
 */
describe('a join after a log backup that is not restored on the copy', () => {
  const file = 'lab-andreasjordan-log-backup-not-restored.sql';
  const script = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
  const read = (text: string) =>
    readScriptReport(text, { version: 2016, fileName: file })
      .script.warnings.filter(besidesPrerequisites)
      .map((w) => [w.line, w.text]);

  it('warns at the failing join, naming error 1412 and the backup to restore, not at the join after it', () => {
    const found = read(script);
    expect(found.map(([line]) => line)).toEqual([38]);
    expect(found[0]?.[1]).toContain(
      'AdventureWorks on SRV2\\SQL2016 was last restored from \\\\WIN10\\SQLServerBackups\\AdventureWorks_log1.trn (FILE = 1), and the log backup \\\\WIN10\\SQLServerBackups\\AdventureWorks_log2.trn (FILE = 1) taken after it is not restored before this join',
    );
    expect(found[0]?.[1]).toContain('error 1412');
  });

  it('says nothing once the join has gone through, nor of a copy-only log backup', () => {
    // A log backup after a join SQL Server took: the copy receives the log from the primary.
    const joined = script.replace(
      /-- 1000 rows are inserted[\s\S]*$/,
      [
        ':Connect SRV1\\SQL2016',
        'ALTER AVAILABILITY GROUP [MyTestAg2016] ADD DATABASE [AdventureWorks];',
        'GO',
        ':Connect SRV2\\SQL2016',
        'ALTER DATABASE [AdventureWorks] SET HADR AVAILABILITY GROUP = [MyTestAg2016];',
        'GO',
        ':Connect SRV1\\SQL2016',
        "BACKUP LOG [AdventureWorks] TO DISK = N'\\\\WIN10\\SQLServerBackups\\AdventureWorks_log2.trn';",
        'GO',
        ':Connect SRV2\\SQL2016',
        'ALTER DATABASE [AdventureWorks] SET HADR AVAILABILITY GROUP = [MyTestAg2016];',
        'GO',
        '',
      ].join('\n'),
    );
    expect(joined).not.toBe(script);
    expect(read(joined)).toEqual([]);
    // 'Copy-Only Backups (SQL Server)': "A copy-only log backup preserves the existing log archive
    // point and, therefore, does not affect the sequencing of regular log backups".
    const copyOnly = script.replace(
      "AdventureWorks_log2.trn' WITH INIT;",
      "AdventureWorks_log2.trn' WITH INIT, COPY_ONLY;",
    );
    expect(read(copyOnly).map(([line]) => line)).toEqual([]);
  });
});
