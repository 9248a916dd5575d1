import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { readScriptReport } from './script.js';

/*
 * 'Database engine events and errors (19000 to 20999)' (S66), Msg 19471: "The WSFC cluster could
 * not bring the Network Name resource with DNS name '%ls' online. The DNS name may have been taken
 * or have a conflict with existing name services … Use a different DNS name to resolve name
 * conflicts". A script that gives a second group on the same instances (one WSFC cluster) a
 * listener of the DNS name its first group's listener holds was read without a word. The input is
 * CREATE AVAILABILITY GROUP's Example A (MyAg, its listener 'MyAgListenerIvP6' on NODE01..NODE03)
 * followed by a second group MyAg2 on the same instances (docs-create-example-a-split-second-group
 * .sql, MyAg2 invented), its ADD LISTENER written here with MyAg's listener name, as a script
 * copied from the first group's would; the endpoints of both groups at port 5022 draw nothing:
 * an instance has one database mirroring endpoint, which all its groups use.
 */
const fixture = (file: string) =>
  readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const FILE = 'docs-create-example-a-split-second-group.sql';
const published = fixture(FILE);
// ThatDatabase leaves MyAg before MyAg2 takes it, so that the listener is all there is to judge.
const REMOVE = 'ALTER AVAILABILITY GROUP [MyAg] REMOVE DATABASE ThatDatabase;\nGO\n';
const CREATE_MYAG2 = 'CREATE AVAILABILITY GROUP MyAg2';
const reordered = published.replace(REMOVE, '').replace(CREATE_MYAG2, `${REMOVE}${CREATE_MYAG2}`);
const text = reordered.replace("ADD LISTENER 'MyAg2Listener'", "ADD LISTENER 'MyAgListenerIvP6'");
const MSG = 'Msg 19471';
const taken = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: FILE })
    .script.warnings.filter((w) => w.text.includes(MSG))
    .map((w) => ({ line: w.line, text: w.text }));

describe('Example A, then a second group on its instances given MyAg’s listener name', () => {
  it('warns at the second ADD LISTENER that the DNS name is MyAg’s, in the same cluster', () => {
    expect(reordered).not.toBe(published);
    expect(text).not.toBe(reordered);
    const found = taken(text);
    expect(found.map((w) => w.line)).toEqual([74]);
    const [w] = found;
    expect(w?.text).toMatch(/^ALTER AVAILABILITY GROUP \[MyAg2\] ADD LISTENER: MyAgListenerIvP6/);
    expect(w?.text).toContain("is the DNS name of MyAg's listener (line 61)");
    expect(w?.text).toContain('both WSFC groups on NODE01, NODE02, NODE03');
    expect(w?.text).toContain('"The WSFC cluster could not bring the Network Name resource');
    expect(w?.text).toContain("REMOVE LISTENER N'MyAgListenerIvP6'");
  });

  it('says nothing of the listener names as published, nor of the endpoints both groups share', () => {
    expect(taken(reordered)).toEqual([]);
    const warnings = readScriptReport(reordered, { version: 2019, fileName: FILE }).script.warnings;
    expect(warnings.filter((w) => /5022|endpoint/i.test(w.text))).toEqual([]);
  });

  it('says nothing once MyAg’s listener is removed first, or where the groups share no instance', () => {
    const removed = text.replace(
      'ALTER AVAILABILITY GROUP [MyAg2]\n',
      "ALTER AVAILABILITY GROUP [MyAg] REMOVE LISTENER N'MyAgListenerIvP6';\nGO\nALTER AVAILABILITY GROUP [MyAg2]\n",
    );
    expect(removed).not.toBe(text);
    expect(taken(removed)).toEqual([]);
    // MyAg2 on three other instances may be in another cluster: the script does not say.
    const elsewhere = text.replace(
      /'NODE0([123])' WITH \(ENDPOINT_URL = 'TCP:\/\/NODE0\1:5022', AVAILABILITY_MODE = (\w+), FAILOVER_MODE = (\w+)\)/g,
      "'DR0$1' WITH (ENDPOINT_URL = 'TCP://DR0$1:5022', AVAILABILITY_MODE = $2, FAILOVER_MODE = $3)",
    );
    expect(elsewhere).toContain("'DR01' WITH");
    expect(taken(elsewhere)).toEqual([]);
  });

  it('stays valid, exit 0, with the warning beside the verdicts', async () => {
    const cli = await run(['validate', FILE, '--sql-version', '2019', '--json'], {
      files: { [FILE]: text },
    });
    expect(cli.code).toBe(0);
    const out = result(cli) as { groups: { valid: boolean }[]; warnings: string[] };
    expect(out.groups.map((g) => g.valid)).toEqual([true, true]);
    expect(out.warnings.filter((w) => w.includes(MSG))).toHaveLength(1);
  });
});

describe('the published scripts the tests read', () => {
  it('draw no such warning', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
    expect(files.filter((f) => taken(fixture(f)).length > 0)).toEqual([]);
  });
});
