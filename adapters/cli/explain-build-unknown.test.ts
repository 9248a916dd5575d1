import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * 'Fail over link - Azure SQL Managed Instance' (S104): "You can fail over the link by using
 * Transact-SQL starting with SQL Server 2022 CU13 (KB5036432)"; "To perform a planned failover for
 * a link, use the following T-SQL command on the primary replica: ALTER AVAILABILITY GROUP
 * [<DAGname>] FAILOVER". The input is "Configure link with scripts" (S83), kept as
 * adapters/tsql/fixtures/docs-mi-link-scripts.sql, run with `--sql-version 2022` and no build, as a
 * user who knows only the major version runs it. explain answered "AG_db1 -> sqlmi1: planned,
 * forced" (LINK_PLANNED_FAILOVER), as if the instance ran CU13 or later, while validate already
 * said of the same script's T-SQL failover that the build is unknown: a script names no build, so
 * every answer that rests on one is unknown, settled by SERVERPROPERTY('ProductVersion').
 */
const LINK = 'adapters/tsql/fixtures/docs-mi-link-scripts.sql';

interface Pair {
  readonly primary: string;
  readonly target: string;
  readonly forms: readonly string[];
  readonly reasons: readonly { readonly code: string; readonly settledBy?: readonly string[] }[];
}
interface Group {
  readonly group: string;
  readonly explanation: {
    readonly pairs: readonly Pair[];
    readonly unknown: readonly { readonly code: string; readonly message: string }[];
  };
}

const groups = async (file: string, version: string): Promise<readonly Group[]> => {
  const r = await run(['explain', file, '--sql-version', version, '--json']);
  expect(r.code).toBe(0);
  return (result(r) as { groups: Group[] }).groups;
};

const linkPairs = async (version: string) =>
  (await groups(LINK, version))
    .find((g) => g.group === 'DAG1_db1')!
    .explanation.pairs.map((p) => ({
      pair: `${p.primary} -> ${p.target}`,
      forms: p.forms,
      codes: p.reasons.map((x) => `${x.code}${x.settledBy === undefined ? '' : ' unknown'}`),
    }));

describe('explain of a T-SQL script on --sql-version 2022 alone (no build)', () => {
  it('a Managed Instance link: the planned T-SQL failover is unknown, not taken for CU13', async () => {
    const unknownBuild = {
      forms: ['forced'],
      codes: ['LINK_PLANNED_FAILOVER_BUILD_UNKNOWN unknown', 'LINK_FORCED_FAILOVER'],
    };
    expect(await linkPairs('2022')).toEqual([
      { pair: 'AG_db1 -> sqlmi1', ...unknownBuild },
      { pair: 'sqlmi1 -> AG_db1', ...unknownBuild },
    ]);
  });

  it('SQL Server 2019 still breaks the link, whatever its build', async () => {
    expect((await linkPairs('2019')).map((p) => p.codes)).toEqual([
      ['LINK_FAILOVER_BREAKS_LINK'],
      ['LINK_FAILOVER_BREAKS_LINK'],
    ]);
  });

  /*
   * The configuration-only replica of the Linux documentation's Example A needs SQL Server 2017
   * CU 1 (S4, KB4047329): on --sql-version 2017 the option is unknown once, at its place in the
   * script, not a second time for the configuration the script leaves.
   */
  it('a build-dependent option is unknown once, at its line', async () => {
    const [group] = await groups(
      'adapters/tsql/fixtures/docs-linux-configuration-only.sql',
      '2017',
    );
    const builds = group!.explanation.unknown.filter((u) => u.code === 'FEATURE_BUILD_UNKNOWN');
    expect(builds.map((u) => u.message.split(': ')[0])).toEqual([
      'adapters/tsql/fixtures/docs-linux-configuration-only.sql:25:4',
    ]);
  });

  /*
   * The unknown names SERVERPROPERTY('ProductVersion') as what settles it; a user who has it gives
   * the cumulative update with the version, and the answer is the documented one for that build.
   */
  it('settles the build from --sql-version given with its cumulative update', async () => {
    const forms = async (version: string) => (await linkPairs(version)).map((p) => p.codes);
    expect(await forms('2022-CU13')).toEqual([
      ['LINK_PLANNED_FAILOVER', 'LINK_FORCED_FAILOVER'],
      ['LINK_PLANNED_FAILOVER', 'LINK_FORCED_FAILOVER'],
    ]);
    expect((await forms('2022 CU12'))[0]).toEqual([
      'LINK_PLANNED_FAILOVER_BEFORE_CU13',
      'LINK_FORCED_FAILOVER',
    ]);
    expect((await forms('2022-rtm'))[0]![0]).toBe('LINK_PLANNED_FAILOVER_BEFORE_CU13');
    const [group] = await groups(
      'adapters/tsql/fixtures/docs-linux-configuration-only.sql',
      '2017-CU1',
    );
    expect(group!.explanation.unknown.map((u) => u.code)).not.toContain('FEATURE_BUILD_UNKNOWN');
  });

  it('refuses a cumulative update written without its number, naming the forms it takes', async () => {
    const r = await run(['explain', LINK, '--sql-version', '2022 CU', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/with its cumulative update if known: 2022 CU13, 2019 RTM/);
  });

  /*
   * A scenario built on a T-SQL script takes the build the same way. KB4551221 (S167): a
   * differential backup on a 2019 secondary reports success before CU 6 and fails with Msg 3059
   * from it, so at the end of the bundled automatic-seeding scenario the backup jobs' differential
   * is unknown on --sql-version 2019 and settled on 2019-CU20 and on 2019-CU5.
   */
  it('simulate of a scenario built on a T-SQL script takes the build from --sql-version', async () => {
    const codes = async (version: string) => {
      const r = await run([
        'simulate',
        'examples/scenarios/automatic-seeding.json',
        '--sql-version',
        version,
        '--json',
      ]);
      expect(r.code).toBe(0);
      return new Set(r.stdout.match(/BACKUP_JOB_DIFFERENTIAL_[A-Z_]+/g) ?? []);
    };
    expect(await codes('2019')).toContain('BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN');
    expect(await codes('2019-CU20')).not.toContain('BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN');
    expect(await codes('2019-CU5')).toContain('BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX');
  });
});
