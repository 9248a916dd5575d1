import { describe, expect, it } from 'vitest';
import { linesOf, result, run } from './test-support.js';

/** Two synchronous-commit replicas with automatic failover, at the given RSSTC. */
const pair = (rsstc: 0 | 1) =>
  JSON.stringify({
    name: 'PAIR',
    version: 2019,
    requiredSynchronizedSecondariesToCommit: rsstc,
    databases: ['db1'],
    replicas: ['A', 'B'].map((name) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'AUTOMATIC',
    })),
  });

const files = { 'pair0.json': pair(0), 'pair1.json': pair(1) };

interface RandomResult {
  readonly random: {
    readonly seed: number;
    readonly runs: number;
    readonly answers: Readonly<
      Record<
        string,
        {
          readonly verdict: 'yes' | 'notFound';
          readonly walks: number;
          readonly finding: {
            readonly replayPath: string;
            readonly path: readonly number[];
            readonly trace: readonly { readonly label: string }[];
            readonly replay: string;
          } | null;
        }
      >
    >;
  };
}

const randomOf = (r: Awaited<ReturnType<typeof run>>) => result(r) as unknown as RandomResult;

describe('agstate check --random: property-based testing of a group', () => {
  it('RSSTC 0: a shrunk walk that loses acknowledged commits, with the seed and path that replay it (exit 1)', async () => {
    const args = ['check', 'pair0.json', '--random', '1000', '--seed', '3', '--faults', '2'];
    const text = await run(args, { files });
    expect(text.code).toBe(1);
    const lines = linesOf(text.stdout);
    expect(lines[0]).toBe(
      'pair0.json: random walks through PAIR: 1000 per question, at most 60 moves each, 2 fault(s), 2 commit(s), seed 3',
    );
    expect(text.stdout).toMatch(
      /^Can acknowledged commits be lost\? yes: walk \d+ found it, shrunk/m,
    );
    const { random } = randomOf(await run([...args, '--json'], { files }));
    const loss = random.answers.acknowledgedLoss!;
    expect(loss.verdict).toBe('yes');
    expect(loss.finding?.trace.at(-1)?.label).toMatch(/^forced failover to /);
    expect(loss.finding?.replay).toBe(
      `agstate check pair0.json --random 1000 --seed 3 --path ${loss.finding?.replayPath} --fail-on acknowledgedLoss --faults 2`,
    );
    // The printed command replays that one finding, and only its question.
    const again = randomOf(
      await run(
        [...args, '--path', loss.finding!.replayPath, '--fail-on', 'acknowledgedLoss', '--json'],
        { files },
      ),
    );
    expect(Object.keys(again.random.answers)).toEqual(['acknowledgedLoss']);
    expect(again.random.answers.acknowledgedLoss?.finding?.path).toEqual(loss.finding?.path);
  });

  it('RSSTC 1: no walk loses a commit; not found is unknown, never no (exit 4 with --fail-on)', async () => {
    const r = await run(
      [
        'check',
        'pair1.json',
        '--random',
        '300',
        '--seed',
        '3',
        '--faults',
        '2',
        '--fail-on',
        'acknowledgedLoss',
      ],
      { files },
    );
    expect(r.code).toBe(4);
    expect(linesOf(r.stdout)).toContain(
      'Can acknowledged commits be lost? not found in 300 walks (unknown: random walks never prove "no"; agstate check without --random searches the whole space)',
    );
    // Commits blocked is found (and named), but is not a question --fail-on asked.
    expect(r.stdout).toMatch(/^Can commits be blocked while a primary is writable\? yes/m);
  });

  it('draws a seed when none is given, and prints it', async () => {
    const r = await run(['check', 'pair1.json', '--random', '5', '--json'], {
      files,
      randomSeed: 1234,
    });
    expect(randomOf(r).random.seed).toBe(1234);
  });

  it('refuses what needs --random without it, a --path without its seed and question, and a search option beside it', async () => {
    const cases: [readonly string[], RegExp][] = [
      [['--moves', '10'], /--moves needs --random/],
      [['--seed', '1'], /--seed needs --random/],
      [['--random', '10', '--path', '1:2'], /--path replays one finding/],
      [['--random', '10', '--workers', '2'], /cannot be used with option '--workers/],
    ];
    for (const [extra, message] of cases) {
      const r = await run(['check', 'pair0.json', ...extra], { files });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
