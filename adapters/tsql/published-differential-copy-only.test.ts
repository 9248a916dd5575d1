import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * Paul S. Randal, "The Curious Case of… the failing differential restore" (S151,
 * sqlskills.com/blogs/paul/the-curious-case-of-the-failing-differential-restore): initializing a
 * secondary from a COPY_ONLY full backup, "the differential restore was consistently failing with
 * this error: Msg 3136 ... This differential backup cannot be restored because the database has
 * not been restored to the correct earlier state"; "The COPY_ONLY backup gets a different
 * 'differential base GUID' which will not match any subsequent differential backups". validate
 * said "valid" without a word at the failing restore.
 */
const name = 'blog-randal-differential-over-copy-only.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name }).script.warnings.filter(
    besidesPrerequisites,
  );

describe('a differential restored over a copy restored from another full backup (error 3136)', () => {
  it('warns at the differential restored over the copy-only full backup, and nowhere else', () => {
    const found = warnings(text);
    expect(found.map((w) => w.line)).toEqual([31]);
    expect(found[0]?.text).toContain(
      'over a copy restored from the copy-only full backup \\\\share\\BigDB_init.bak (FILE = 1): SQL Server refuses it (error 3136',
    );
    // What to do instead: the differential's base, or the log backups taken since.
    expect(found[0]?.text).toContain('restore \\\\share\\BigDB_scheduled_full.bak (FILE = 1)');
  });

  it('says nothing when the full backup restored is the differential’s base', () => {
    expect(warnings(text.replace("BigDB_init.bak' WITH COPY_ONLY", "BigDB_init.bak'"))).toEqual([]);
  });

  it('warns when the copy was restored from an earlier full than the differential’s base', () => {
    const older = text
      .replace("BigDB_init.bak' WITH COPY_ONLY", "BigDB_init.bak'")
      .replace(
        "FROM DISK = N'\\\\share\\BigDB_init.bak'",
        "FROM DISK = N'\\\\share\\BigDB_scheduled_full.bak'",
      );
    const found = warnings(older);
    expect(found.map((w) => w.line)).toEqual([31]);
    expect(found[0]?.text).toContain(
      'based on the full backup \\\\share\\BigDB_init.bak (FILE = 1), over a copy restored from the full backup \\\\share\\BigDB_scheduled_full.bak (FILE = 1): SQL Server refuses it (error 3136',
    );
  });

  it('does not judge a differential over a copy restored outside the script', () => {
    const outside = text.replace(
      "RESTORE DATABASE [BigDB] FROM DISK = N'\\\\share\\BigDB_init.bak' WITH NORECOVERY;",
      '',
    );
    expect(warnings(outside)).toEqual([]);
  });
});
