import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { readScriptReport } from './script.js';

/*
 * 'Prerequisites, restrictions, and recommendations for Always On availability groups' (S5),
 * Checklist: Requirements (availability databases): "To be eligible to be added to an availability
 * group, a database must" "Reside on the instance of SQL Server where you create the availability
 * group" and "Not belong to any existing availability group" (sys.databases, group_database_id =
 * NULL). A script that creates a second group for a database it has already put in a group on that
 * instance was read without a word. The input is CREATE AVAILABILITY GROUP's Example A (MyAg for
 * ThisDatabase and ThatDatabase on NODE01..NODE03, with its listener), then a second group MyAg2
 * that takes ThatDatabase, created before ThatDatabase leaves MyAg; the :Connect and MyAg2 (its
 * replicas, endpoints at the same port 5022, listener) are invented, as the fixture's header says.
 */
const fixture = (file: string) =>
  readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const FILE = 'docs-create-example-a-split-second-group.sql';
const text = fixture(FILE);
const RULE = '"Not belong to any existing availability group"';
const inOtherGroup = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: FILE })
    .script.warnings.filter((w) => w.text.includes(RULE))
    .map((w) => ({ line: w.line, text: w.text }));
const CREATE_MYAG2 = 'CREATE AVAILABILITY GROUP MyAg2';
const REMOVE = 'ALTER AVAILABILITY GROUP [MyAg] REMOVE DATABASE ThatDatabase;\nGO\n';

describe('Example A, then a second group for ThatDatabase before it leaves MyAg', () => {
  it('warns at the second CREATE that ThatDatabase is still in MyAg on NODE01', () => {
    const found = inOtherGroup(text);
    expect(found.map((w) => w.line)).toEqual([64]);
    const [w] = found;
    expect(w?.text).toContain(
      'on NODE01, ThatDatabase is already in the availability group MyAg (line 12)',
    );
    expect(w?.text).toContain('ALTER AVAILABILITY GROUP [MyAg] REMOVE DATABASE [ThatDatabase]');
    expect(w?.text).toContain('(S5)');
    expect(w?.text).toContain('sys.databases.group_database_id of ThatDatabase on NODE01');
    // ThisDatabase stays in MyAg alone: it is not named.
    expect(w?.text).not.toContain('ThisDatabase');
  });

  it('says nothing once REMOVE DATABASE runs before the second CREATE', () => {
    const fixed = text.replace(REMOVE, '').replace(CREATE_MYAG2, `${REMOVE}${CREATE_MYAG2}`);
    expect(fixed).not.toBe(text);
    expect(inOtherGroup(fixed)).toEqual([]);
  });

  it('warns the same at an ADD DATABASE that puts ThatDatabase in MyAg2', () => {
    const added = text
      .replace('   FOR DATABASE ThatDatabase\n   REPLICA ON', '   FOR REPLICA ON')
      .replace(
        'PORT = 60174 );\nGO\n',
        'PORT = 60174 );\nGO\nALTER AVAILABILITY GROUP [MyAg2] ADD DATABASE ThatDatabase;\nGO\n',
      );
    const found = inOtherGroup(added);
    expect(found).toHaveLength(1);
    expect(found[0]?.text).toMatch(/^ALTER AVAILABILITY GROUP \[MyAg2\] ADD DATABASE ThatDatabase/);
    expect(added.split('\n')[(found[0]?.line ?? 0) - 1]).toContain('ADD DATABASE ThatDatabase');
  });

  it('judges each instance on its own: a copy joined to MyAg on NODE02 is in MyAg there too', () => {
    const joined = text.replace(
      CREATE_MYAG2,
      `:Connect NODE02\nALTER DATABASE ThatDatabase SET HADR AVAILABILITY GROUP = MyAg;\nGO\n${CREATE_MYAG2}`,
    );
    const found = inOtherGroup(joined);
    expect(found).toHaveLength(1);
    expect(found[0]?.text).toContain(
      'on NODE02, ThatDatabase is already in the availability group MyAg',
    );
    // Without that join, NODE02's ThatDatabase is not shown in MyAg: the script says nothing of it.
    const elsewhere = text.replace(CREATE_MYAG2, `:Connect NODE02\n${CREATE_MYAG2}`);
    expect(inOtherGroup(elsewhere)).toEqual([]);
  });

  it('stays valid, exit 0: validate judges both groups and gives the warning beside them', async () => {
    const cli = await run(['validate', FILE, '--sql-version', '2019', '--json'], {
      files: { [FILE]: text },
    });
    expect(cli.code).toBe(0);
    const out = result(cli) as {
      groups: { group: string; valid: boolean }[];
      warnings: string[];
    };
    expect(out.groups.map((g) => [g.group, g.valid])).toEqual([
      ['MyAg', true],
      ['MyAg2', true],
    ]);
    expect(out.warnings.filter((w) => w.includes(RULE))).toHaveLength(1);
  });
});

describe('the published scripts the tests read', () => {
  it('draw no such warning: a distributed group’s members hold a database on different instances', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql') && f !== FILE);
    expect(files).toContain('docs-distributed.sql');
    const warned = files.filter((f) => inOtherGroup(fixture(f)).length > 0);
    expect(warned).toEqual([]);
  });
});
