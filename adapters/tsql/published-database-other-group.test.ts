import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Prerequisites, restrictions, and recommendations for Always On availability groups' (S5),
 * Checklist: Requirements (availability databases): "To be eligible to be added to an availability
 * group, a database must" "Not belong to any existing availability group" (sys.databases,
 * group_database_id = NULL); CREATE AVAILABILITY GROUP (S4), DATABASE: "each database can belong to
 * only one availability group". An ADD DATABASE of a database already in the same group was
 * refused (DATABASE_ALREADY_IN_GROUP), one already in another group on that instance was taken.
 * The input is CREATE AVAILABILITY GROUP's Example A (MyAg for ThisDatabase and ThatDatabase on
 * NODE01..NODE03, with its listener), then a second group MyAg2 that takes ThatDatabase, created
 * before ThatDatabase leaves MyAg; the :Connect and MyAg2 (its replicas, endpoints at the same port
 * 5022, listener) are invented, as the fixture's header says.
 */
const fixture = (file: string) =>
  readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const FILE = 'docs-create-example-a-split-second-group.sql';
const text = fixture(FILE);
const refusals = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: FILE }).script).flatMap(
    (a) =>
      a.notApplied
        .filter((n) => n.reason.code === 'DATABASE_ALREADY_IN_GROUP')
        .map((n) => ({ group: a.config.name, line: n.line, text: n.text })),
  );
const CREATE_MYAG2 = 'CREATE AVAILABILITY GROUP MyAg2';
const REMOVE = 'ALTER AVAILABILITY GROUP [MyAg] REMOVE DATABASE ThatDatabase;\nGO\n';

describe('Example A, then a second group for ThatDatabase before it leaves MyAg', () => {
  it('refuses the second CREATE: ThatDatabase is still in MyAg on NODE01', () => {
    const found = refusals(text);
    expect(found.map((f) => [f.group, f.line])).toEqual([['MyAg2', 64]]);
    const [f] = found;
    expect(f?.text).toContain('ThatDatabase is already in MyAg on NODE01 (line 12)');
    expect(f?.text).toContain('ALTER AVAILABILITY GROUP [MyAg] REMOVE DATABASE [ThatDatabase]');
    expect(f?.text).toContain('"Not belong to any existing availability group"');
    expect(f?.text).toContain('SQL Server refuses the CREATE');
    // ThisDatabase stays in MyAg alone: it is not named.
    expect(f?.text).not.toContain('ThisDatabase');
  });

  it('takes it once REMOVE DATABASE runs before the second CREATE', () => {
    const fixed = text.replace(REMOVE, '').replace(CREATE_MYAG2, `${REMOVE}${CREATE_MYAG2}`);
    expect(fixed).not.toBe(text);
    expect(refusals(fixed)).toEqual([]);
  });

  it('refuses an ADD DATABASE that puts ThatDatabase in MyAg2, and leaves it out of MyAg2', () => {
    const added = text
      .replace('   FOR DATABASE ThatDatabase\n   REPLICA ON', '   FOR REPLICA ON')
      .replace(
        'PORT = 60174 );\nGO\n',
        'PORT = 60174 );\nGO\nALTER AVAILABILITY GROUP [MyAg2] ADD DATABASE ThatDatabase;\nGO\n',
      );
    const found = refusals(added);
    expect(found.map((f) => f.group)).toEqual(['MyAg2']);
    expect(added.split('\n')[(found[0]?.line ?? 0) - 1]).toContain('ADD DATABASE ThatDatabase');
    expect(found[0]?.text).toContain('SQL Server refuses the ADD DATABASE');
    const after = configsAfterScript(
      readScriptReport(added, { version: 2019, fileName: FILE }).script,
    );
    expect(after.map((a) => [a.config.name, a.config.databases])).toEqual([
      ['MyAg', ['ThisDatabase']],
      ['MyAg2', []],
    ]);
  });

  it('judges each instance on its own: a copy joined to MyAg on NODE02 is in MyAg there too', () => {
    const joined = text.replace(
      CREATE_MYAG2,
      `:Connect NODE02\nALTER DATABASE ThatDatabase SET HADR AVAILABILITY GROUP = MyAg;\nGO\n${CREATE_MYAG2}`,
    );
    const found = refusals(joined);
    expect(found.map((f) => f.group)).toEqual(['MyAg2']);
    expect(found[0]?.text).toContain('ThatDatabase is already in MyAg on NODE02');
    // Without that join, NODE02's ThatDatabase is not shown in MyAg: the script says nothing of it.
    const elsewhere = text.replace(CREATE_MYAG2, `:Connect NODE02\n${CREATE_MYAG2}`);
    expect(refusals(elsewhere)).toEqual([]);
    // Without :Connect a server given to the reader (--server) may stand for a script run server
    // by server, as the documentation's pages are: not judged.
    const unconnected = readScriptReport(text.replace(':Connect NODE01\n', ''), {
      version: 2019,
      fileName: FILE,
      server: 'NODE01',
    }).script;
    expect(
      configsAfterScript(unconnected).flatMap((a) =>
        a.notApplied.filter((n) => n.reason.code === 'DATABASE_ALREADY_IN_GROUP'),
      ),
    ).toEqual([]);
  });

  it('validate: MyAg valid, MyAg2 one violation, exit 1', async () => {
    const cli = await run(['validate', FILE, '--sql-version', '2019', '--json'], {
      files: { [FILE]: text },
    });
    expect(cli.code).toBe(1);
    const out = result(cli) as {
      groups: { group: string; valid: boolean; violations: { code: string }[] }[];
    };
    expect(out.groups.map((g) => [g.group, g.violations.map((v) => v.code)])).toEqual([
      ['MyAg', []],
      ['MyAg2', ['DATABASE_ALREADY_IN_GROUP']],
    ]);
  });
});

describe('the published scripts the tests read', () => {
  it('draw no such refusal: a distributed group’s members hold a database on different instances', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql') && f !== FILE);
    expect(files).toContain('docs-distributed.sql');
    const refused = files.filter((f) =>
      refusals(fixture(f)).some((r) => r.text.includes('is already in') && r.text.includes(' on ')),
    );
    expect(refused).toEqual([]);
  });
});
