import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { isDynamicExec } from './dynamic-sql.js';
import { tokenize } from './lexer.js';
import { readScriptReport } from './script.js';

/*
 * elvinikhsan/SQLCE_ToolBox's AOAG/02-Create_AG_Replicas.sql
 * (fixtures/lab-sqlce-toolbox-dynamic-create.sql) builds its CREATE AVAILABILITY GROUP in a
 * variable and runs it with EXEC sp_executesql ("sp_executesql (Transact-SQL)": it "executes a
 * Transact-SQL statement or batch that can be reused many times, or one that is built
 * dynamically"). validate said only 'no CREATE AVAILABILITY GROUP: 16 statements read, every
 * option checked', as if the script created no group.
 */
const name = 'lab-sqlce-toolbox-dynamic-create.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;
const warnings = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name }).script.warnings.map((w) => w.message);

describe('a statement run from a string', () => {
  it('the published script: validate names the CREATE it does not read, at the EXEC', async () => {
    const r = await run(['validate', name, '--sql-version', '2019', '--json'], {
      files: { [name]: text },
    });
    const out = result(r) as { warnings: string[]; groups: unknown[] };
    expect(out.groups).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain(
      `${lineOf('EXEC sp_executesql')}:1: warning: EXEC sp_executesql @sqlStr runs a statement built at run time from a string, which agstate does not read`,
    );
    expect(out.warnings[0]).toContain(
      `the string at line ${lineOf("SET @sqlStr = N'CREATE")} of this batch holds 'CREATE AVAILABILITY GROUP [AOAG01]'`,
    );
  });

  it('says nothing of a string that names no group, or of one in another batch', () => {
    const other = "DECLARE @s NVARCHAR(MAX) = N'SELECT 1';\nEXEC sp_executesql @s;\nGO\n";
    expect(warnings(other)).toEqual([]);
    const earlier =
      "DECLARE @s NVARCHAR(MAX) = N'ALTER AVAILABILITY GROUP [ag] JOIN';\nGO\nDECLARE @s NVARCHAR(MAX) = N'SELECT 1';\nEXEC sp_executesql @s;\nGO\n";
    expect(warnings(earlier)).toEqual([]);
    const inline = "EXEC (N'ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE');\nGO\n";
    expect(warnings(inline)).toEqual([
      expect.stringContaining(
        "the string at line 1 of this batch holds 'ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE'",
      ),
    ]);
  });

  /*
   * Azure4Arjun/dba_db19's HA/AlwaysOn/sql/dba19_sed_SetAutomaticSeedingScript.sql
   * (fixtures/lab-dba19-seeding-exec-strings.sql) sets @Cmd to its ADD DATABASE, runs EXEC (@Cmd),
   * then sets @Cmd to its GRANT CREATE ANY DATABASE and runs EXEC (@Cmd) again in the same batch.
   * The warning at the second EXEC named the ADD DATABASE string: "the string at line 53", though
   * that EXEC runs what @Cmd holds then, the GRANT set at line 64.
   */
  it('names the string the EXEC runs: the one its variable was last set to', () => {
    const seeding = 'lab-dba19-seeding-exec-strings.sql';
    const script = readFileSync(new URL(`./fixtures/${seeding}`, import.meta.url), 'utf8');
    const r = readScriptReport(script, { version: 2019, fileName: seeding });
    const runs = r.script.warnings.map((w) => [
      w.message.match(/:(\d+):2: warning: EXEC \(@Cmd\)/)?.[1],
      w.message.match(/the string at line (\d+) of this batch/)?.[1],
    ]);
    // MODIFY REPLICA at 41 (run at 48), ADD DATABASE at 53 (run at 60), GRANT at 64 (run at 70).
    expect(runs).toEqual([
      ['48', '41'],
      ['60', '53'],
      ['70', '64'],
    ]);
    const twice = [
      "DECLARE @s NVARCHAR(MAX) = N'ALTER AVAILABILITY GROUP [ag] JOIN';",
      'EXEC sp_executesql @stmt = @s;',
      "SET @s = N'ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE';",
      'EXEC sp_executesql @s;',
      "SET @s = @s + N'; ALTER AVAILABILITY GROUP [ag] DENY CREATE ANY DATABASE';",
      'EXEC (@s);',
      "EXEC (N'ALTER AVAILABILITY GROUP [ag2] JOIN');",
      'GO',
      '',
    ].join('\n');
    expect(
      warnings(twice).map((w) => w.match(/line (\d+) of this batch holds '([^']*)'/)?.slice(1)),
    ).toEqual([
      ['1', 'ALTER AVAILABILITY GROUP [ag] JOIN'],
      ['3', 'ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE'],
      // Built on what @s held: the GRANT it starts with.
      ['3', 'ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE'],
      ['7', 'ALTER AVAILABILITY GROUP [ag2] JOIN'],
    ]);
  });

  it('knows sp_executesql by any of its names, and EXEC ( … )', () => {
    const dynamic = (s: string) => isDynamicExec(tokenize(s).tokens);
    expect(dynamic('EXEC sp_executesql @s')).toBe(true);
    expect(dynamic('EXECUTE sys.sp_executesql @stmt = @s')).toBe(true);
    expect(dynamic("EXEC [master]..[sp_executesql] N'SELECT 1'")).toBe(true);
    expect(dynamic('EXEC (@s)')).toBe(true);
    expect(dynamic("EXEC sp_set_session_context 'external_cluster', 'yes'")).toBe(false);
    expect(dynamic('EXEC msdb.dbo.sp_add_jobstep @job_id = @id')).toBe(false);
  });
});
