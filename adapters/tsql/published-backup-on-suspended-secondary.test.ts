import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * A BACKUP on a secondary whose copy the script suspended. 'Suspend an availability database'
 * (S62): a secondary database, "Only the local secondary database is suspended and its
 * synchronization state becomes NOT SYNCHRONIZING"; a primary database, "The primary database
 * stops data movement to every connected secondary database"; Using Transact-SQL: "Connect to the
 * server instance that hosts the replica whose database you want to suspend", "ALTER DATABASE
 * database_name SET HADR SUSPEND". 'Offload supported backups to secondary replicas of an
 * availability group' (S10): "To back up a secondary database, a secondary replica must be able to
 * communicate with the primary replica and must be SYNCHRONIZED or SYNCHRONIZING". The reference
 * page's job (fixtures/ref-backup-strategy-secondary.sql, "Run on all replicas") takes a copy-only
 * full and a regular log backup of AppDB1 on SQL02, types a secondary takes; with S62's statement
 * run on SQL02 before it, nothing was said.
 */
const name = 'ref-backup-strategy-secondary.sql';
const job = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const JOB = ':Connect SQL02\nIF sys.fn_hadr_backup_is_preferred_replica';
/** The page's script with `block` run just before its backup job. */
const withBlock = (block: string) => job.replace(JOB, `${block}\nGO\n${JOB}`);
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => w.text);

describe("the reference page's backup job on SQL02 after S62's SET HADR SUSPEND", () => {
  it('warns at both backups when SQL02 suspended its own copy', () => {
    const ws = warnings(withBlock(':Connect SQL02\nALTER DATABASE [AppDB1] SET HADR SUSPEND;'));
    expect(ws).toHaveLength(2);
    expect(ws[0]).toMatch(/^BACKUP DATABASE \[AppDB1\]/);
    expect(ws[1]).toMatch(/^BACKUP LOG \[AppDB1\]/);
    for (const w of ws) {
      expect(w).toContain('where AppDB1 is suspended on SQL02 itself (SET HADR SUSPEND, line 56)');
      expect(w).toContain(
        '"Only the local secondary database is suspended and its synchronization state becomes NOT SYNCHRONIZING"',
      );
      expect(w).toContain('and must be SYNCHRONIZED or SYNCHRONIZING"');
      expect(w).toContain('run ALTER DATABASE [AppDB1] SET HADR RESUME on SQL02 first');
      expect(w).toContain('"If any secondary database was suspended locally');
    }
  });

  it('warns when the primary SQL01 suspended the database, and names the primary to resume', () => {
    const [w, ...rest] = warnings(
      withBlock(':Connect SQL01\nALTER DATABASE [AppDB1] SET HADR SUSPEND;'),
    );
    expect(rest).toHaveLength(1);
    expect(w).toContain('where AppDB1 is suspended on the primary SQL01');
    expect(w).toContain(
      '"The primary database stops data movement to every connected secondary database"',
    );
    expect(w).toContain('run ALTER DATABASE [AppDB1] SET HADR RESUME on SQL01 first');
  });

  it('says nothing once the copy is resumed where it was suspended', () => {
    const local =
      ':Connect SQL02\nALTER DATABASE [AppDB1] SET HADR SUSPEND;\nALTER DATABASE [AppDB1] SET HADR RESUME;';
    const primary =
      ':Connect SQL01\nALTER DATABASE [AppDB1] SET HADR SUSPEND;\nALTER DATABASE [AppDB1] SET HADR RESUME;';
    expect(warnings(withBlock(local))).toEqual([]);
    expect(warnings(withBlock(primary))).toEqual([]);
  });

  it('keeps warning when the primary is resumed but SQL02 was suspended locally (S67)', () => {
    const both =
      ':Connect SQL02\nALTER DATABASE [AppDB1] SET HADR SUSPEND;\nGO\n:Connect SQL01\nALTER DATABASE [AppDB1] SET HADR RESUME;';
    const ws = warnings(withBlock(both));
    expect(ws).toHaveLength(2);
    expect(ws[0]).toContain('suspended on SQL02 itself');
  });

  it("says nothing for another replica's copy or another database", () => {
    expect(
      warnings(withBlock(':Connect SQL03\nALTER DATABASE [AppDB1] SET HADR SUSPEND;')),
    ).toEqual([]);
    expect(
      warnings(withBlock(':Connect SQL02\nALTER DATABASE [AppDB2] SET HADR SUSPEND;')),
    ).toEqual([]);
  });

  it('stops following suspension after a failover', () => {
    const failover =
      ':Connect SQL02\nALTER DATABASE [AppDB1] SET HADR SUSPEND;\nGO\n:Connect SQL03\nALTER AVAILABILITY GROUP [AG_Production] FORCE_FAILOVER_ALLOW_DATA_LOSS;';
    expect(warnings(withBlock(failover))).toEqual([]);
  });

  it("gives a type a secondary refuses only the type's warning", () => {
    const full = withBlock(':Connect SQL02\nALTER DATABASE [AppDB1] SET HADR SUSPEND;').replace(
      'CHECKSUM, COPY_ONLY;',
      'CHECKSUM;',
    );
    const ws = warnings(full);
    expect(ws).toHaveLength(2);
    expect(ws[0]).toMatch(/; add WITH COPY_ONLY, or run it on the primary$/);
    expect(ws[0]).not.toContain('suspended');
    expect(ws[1]).toContain('suspended on SQL02 itself');
  });
});
