import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * The replay command `check --random` prints must run. On a T-SQL script it left out
 * --sql-version, which the command needs for T-SQL ("T-SQL does not say which SQL Server runs it:
 * pass --sql-version <year>", exit 2), and --server and --forced-failover, which shape the walks'
 * space: a DBA who copied it got a refusal, or walks from another first primary.
 *
 * The script: sedefkjamili/blm4522-sql-server-project @07f8443d,
 * 07_Veritabanı_Yük_Dengeleme_ve_Dağıtık_Veritabanı_Yapıları/03_always_on_availability_ornegi.sql
 * (fixtures/lab-blm4522-northwind-pair.sql), two synchronous-commit replicas with automatic
 * failover on a Windows cluster. It has no :Connect, so the instance CREATE runs on is given here
 * (SQLServer2, invented), as are the version (2019) and the budget.
 */
const script = 'adapters/tsql/fixtures/lab-blm4522-northwind-pair.sql';
const args = [
  'check',
  script,
  '--sql-version',
  '2019',
  '--server',
  'SQLServer2',
  '--random',
  '300',
  '--seed',
  '7',
  '--faults',
  '2',
  '--commits',
  '1',
  '--forced-failover',
  'always',
];

interface Finding {
  readonly path: readonly number[];
  readonly trace: readonly { readonly label: string }[];
  readonly replay: string;
}
type Answers = Readonly<Record<string, { readonly finding: Finding | null }>>;
const answersOf = async (argv: readonly string[]) =>
  (result(await run([...argv, '--json'])) as unknown as { random: { answers: Answers } }).random
    .answers;

describe('agstate check --random on a T-SQL script: the printed replay command', () => {
  it('repeats --sql-version, --server and --forced-failover, and replays the same finding', async () => {
    const loss = (await answersOf(args)).acknowledgedLoss?.finding;
    expect(loss?.trace.map((s) => s.label)).toEqual([
      'crash SQLServer2',
      'commit Northwind',
      'restart SQLServer2',
      'forced failover to SQLServer2',
    ]);
    expect(loss?.replay).toMatch(
      /^agstate check \S+lab-blm4522-northwind-pair\.sql --sql-version 2019 --server SQLServer2 --random 300 --seed 7 --path [\d:]+ --fail-on acknowledgedLoss --faults 2 --commits 1 --forced-failover always$/,
    );
    // Run as printed (less the program's name), it takes the same moves to the same loss.
    const argv = loss!.replay.split(' ').slice(1);
    const replayed = await run(argv);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(1);
    const again = await answersOf(argv);
    expect(Object.keys(again)).toEqual(['acknowledgedLoss']);
    expect(again.acknowledgedLoss?.finding?.path).toEqual(loss?.path);
  });

  it('quotes a file or an instance name the shell would split', async () => {
    const text = await run(
      [
        'check',
        'my group.sql',
        '--sql-version',
        '2019',
        '--server',
        'SQLServer1',
        '--random',
        '50',
        '--seed',
        '3',
        '--faults',
        '1',
        '--fail-on',
        'noWritablePrimary',
      ],
      { files: { 'my group.sql': readFileSync(script, 'utf8') } },
    );
    expect(text.stdout).toMatch(/replay it: agstate check 'my group\.sql' --sql-version 2019 /);
  });
});

/*
 * A walk starts from one primary. On a script that does not say which instance CREATE runs on
 * (fixtures/guide-vi-create-no-connect.sql: AG_SALES, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * = 1, SQL1 and SQL2 synchronous, SQL3 asynchronous, no :Connect), the walks took the first
 * replica listed and answered "Can acknowledged commits be lost? yes" (exit 1 with --fail-on
 * acknowledgedLoss), where the search answers unknown: yes with SQL1 as the primary, no with SQL3,
 * "an asynchronous primary under 1 acknowledges no commit" (check-unplaced-create.test.ts). CREATE
 * AVAILABILITY GROUP (S4) makes the instance it runs on the primary.
 */
describe('agstate check --random on a script that does not say where CREATE runs', () => {
  const unplaced = [
    'check',
    'adapters/tsql/fixtures/guide-vi-create-no-connect.sql',
    '--sql-version',
    '2019',
    '--random',
    '500',
    '--seed',
    '3',
    '--faults',
    '2',
    '--commits',
    '1',
    '--fail-on',
    'acknowledgedLoss',
  ];
  type Verdicts = Readonly<
    Record<string, { verdict: string; unsettled?: string; finding: Finding | null }>
  >;
  const verdictsOf = async (argv: readonly string[]) =>
    (result(await run([...argv, '--json'])) as unknown as { random: { answers: Verdicts } }).random
      .answers;

  it('leaves a yes from the guessed primary unknown, naming what settles it (exit 4)', async () => {
    const text = await run(unplaced);
    expect(text.code).toBe(4);
    const a = (await verdictsOf(unplaced)).acknowledgedLoss;
    expect(a?.verdict).toBe('unknown');
    expect(a?.unsettled).toMatch(
      /^yes with SQL1 as the primary \(the walk below\), not tried from the others: the script does not say which instance CREATE AVAILABILITY GROUP AG_SALES runs on .* or --server, settles it$/,
    );
    expect(a?.finding?.trace.at(-1)?.label).toMatch(/^forced failover to /);
  });

  it('answers yes once --server names the instance', async () => {
    const named = [...unplaced, '--server', 'SQL1'];
    expect((await run(named)).code).toBe(1);
    const a = (await verdictsOf(named)).acknowledgedLoss;
    expect(a?.verdict).toBe('yes');
    expect(a?.unsettled).toBeUndefined();
  });
});

/*
 * The walks run with one REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT too. "SQL Server 2017
 * Administration Inside Out", Chapter 12, T-SQL sample 5 (fixtures/book-insideout-2017-linux-external.sql)
 * creates LinuxAG1 with CLUSTER_TYPE = EXTERNAL on three synchronous replicas and leaves the option
 * out: SQL Server creates the group with 0 ("The default is 0", S4), and Pacemaker's resource agent
 * sets 1 for three synchronous replicas (S29); the search proper answers with both
 * (check-rsstc-left-out.test.ts). The instance CREATE runs on (server1) is given here.
 */
describe('agstate check --random on an EXTERNAL script that leaves REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT out', () => {
  const file = 'adapters/tsql/fixtures/book-insideout-2017-linux-external.sql';
  const walks = ['--server', 'server1', '--faults', '1', '--random', '300', '--seed', '2'];
  const noPrimary = async (files?: Record<string, string>) =>
    (
      result(
        await run(['check', file, '--sql-version', '2017', ...walks, '--json'], {
          ...(files === undefined ? {} : { files }),
        }),
      ) as unknown as {
        random: { answers: Record<string, { verdict: string; unsettled?: string }> };
      }
    ).random.answers.noWritablePrimary;

  it('leaves a yes walked with the agent’s value unknown, naming the other value', async () => {
    const a = await noPrimary();
    expect(a?.verdict).toBe('unknown');
    expect(a?.unsettled).toMatch(
      /^yes with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, the value the Pacemaker resource agent sets for these replicas on each monitor action \(the walk below\), not tried with 0, the value SQL Server creates the group with when the script leaves it out, .*settles it$/,
    );
  });

  it('answers yes where the script writes the agent’s value', async () => {
    const text = readFileSync(file, 'utf8');
    const written = text.replace(
      'CLUSTER_TYPE = EXTERNAL)',
      'CLUSTER_TYPE = EXTERNAL, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1)',
    );
    expect(written).not.toBe(text);
    const a = await noPrimary({ [file]: written });
    expect(a?.verdict).toBe('yes');
    expect(a?.unsettled).toBeUndefined();
  });
});
