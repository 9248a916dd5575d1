import { describe, expect, it } from 'vitest';
import { DISTRIBUTED_QUESTION_IDS } from '../../core/explore/distributed/index.js';
import { QUESTION_IDS } from '../../core/explore/index.js';
import { CHECK_QUESTIONS } from './options.js';
import { linesOf, result, run } from './test-support.js';

/** Two synchronous-commit replicas with automatic failover (the explorer's own worked example). */
const pair = () =>
  JSON.stringify({
    name: 'PAIR',
    version: 2019,
    requiredSynchronizedSecondariesToCommit: 0,
    databases: ['db1'],
    replicas: [
      {
        name: 'A',
        endpointUrl: 'TCP://a:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
      {
        name: 'B',
        endpointUrl: 'TCP://b:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
    ],
  });

const files = { 'pair0.json': pair() };

/** A clock that moves a second at each reading: the start, then one per progress report. */
const ticking = () => {
  let now = -1000;
  return () => {
    now += 1000;
    return now;
  };
};

interface Checked {
  readonly result: {
    readonly complete: boolean;
    readonly answers: Record<
      string,
      { answer: boolean; verdict: string; trace: { label: string }[] | null }
    >;
  };
}

describe('agstate check', () => {
  it('reduces by sleep sets unless told not to, with the same states and answers', async () => {
    const args = ['check', 'pair0.json', '--faults', '2', '--commits', '1'];
    type Searched = Checked & {
      readonly result: {
        readonly statesExplored: number;
        readonly transitions: number;
        readonly search: { readonly partialOrderReduction: boolean; readonly asleep?: number };
      };
    };
    const searched = async (extra: string[]) =>
      result(await run([...args, ...extra, '--json'], { files })) as unknown as Searched;
    const reduced = await searched([]);
    const full = await searched(['--no-partial-order-reduction']);
    expect(reduced.result.search.partialOrderReduction).toBe(true);
    expect(full.result.search.partialOrderReduction).toBe(false);
    expect(reduced.result.statesExplored).toBe(full.result.statesExplored);
    expect(reduced.result.answers).toEqual(full.result.answers);
    expect(reduced.result.search.asleep).toBeGreaterThan(0);
    expect(reduced.result.transitions).toBeLessThan(full.result.transitions);
    const text = (await run(args, { files })).stdout;
    expect(text).toMatch(/partial-order reduction on \(sleep sets left out \d+ moves/);
    expect((await run([...args, '--no-partial-order-reduction'], { files })).stdout).toContain(
      'partial-order reduction off',
    );
  });

  it('finds the shortest way to lose acknowledged commits, exit 1', async () => {
    const r = await run(['check', 'pair0.json', '--faults', '2', '--commits', '1', '--json'], {
      files,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const checked = (result(r) as unknown as Checked).result;
    expect(checked.complete).toBe(true);
    const trace = checked.answers.acknowledgedLoss?.trace ?? [];
    expect(checked.answers.acknowledgedLoss?.answer).toBe(true);
    expect(trace.at(-1)?.label).toBe('forced failover to B');
    // The text shows the same shortest way, step by step.
    const text = await run(['check', 'pair0.json', '--faults', '2', '--commits', '1'], { files });
    const lines = linesOf(text.stdout);
    expect(lines).toContain('Can acknowledged commits be lost? yes');
    trace.forEach((step, i) => {
      expect(lines).toContain(`    ${i + 1}. ${step.label}`);
    });
    // And as a Mermaid sequence diagram, in the text and in the JSON.
    expect(lines).toContain('```mermaid');
    expect(lines).toContain('  Ops->>B: forced failover to B');
    const { mermaid } = result(r) as unknown as { mermaid: Record<string, string> };
    expect(mermaid.acknowledgedLoss).toMatch(/^sequenceDiagram\n/);
    expect(mermaid.acknowledgedLoss).toContain('LOST acknowledged db1');
  });

  it('answers no to every question when nothing can fail, exit 0', async () => {
    const r = await run(['check', 'pair0.json', '--faults', '0'], { files });
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)).toEqual(
      expect.arrayContaining([
        'Can acknowledged commits be lost? no',
        'Can the group be left with no writable primary? no',
        'Can commits be blocked while a primary is writable? no',
      ]),
    );
    const asJson = result(
      await run(['check', 'pair0.json', '--faults', '0', '--json'], { files }),
    ) as unknown as Checked;
    expect(asJson.result.complete).toBe(true);
    expect(new Set(Object.values(asJson.result.answers).map((a) => a.verdict))).toEqual(
      new Set(['no']),
    );
  });

  it('says when the search stopped at --max-states, and exits 4: unknown, not no', async () => {
    const r = await run(['check', 'pair0.json', '--faults', '2', '--max-states', '5'], { files });
    expect(r.stdout).toContain('the search stopped at --max-states');
    expect(r.stdout).toContain('(--fault-by-fault searches 0 faults, then 1,');
    expect(r.code).toBe(4);
    // What it did not find is unknown, never "no".
    expect(linesOf(r.stdout)).toContain(
      'Can acknowledged commits be lost? unknown: not found among the 5 states explored',
    );
    expect(linesOf(r.stdout).filter((l) => / no$/.test(l))).toEqual([]);
    // The causes of "no writable primary" it did not meet are unknown too, each on its line.
    const causes = linesOf(r.stdout).filter((l) => l.startsWith('  because '));
    expect(causes.length).toBe(6);
    expect(
      causes.every((l) => l.endsWith(': unknown: not found among the 5 states explored')),
    ).toBe(true);
    const stopped = await run(['check', 'pair0.json', '--max-states', '5', '--json'], { files });
    const asJson = result(stopped) as unknown as Checked;
    expect(asJson.result.complete).toBe(false);
    expect(Object.values(asJson.result.answers).map((a) => a.verdict)).toEqual(
      Object.values(asJson.result.answers).map(() => 'unknown'),
    );
    expect(stopped.code).toBe(4);
    // A "yes" met before the stop is an answer all the same: exit 1.
    const found = await run(['check', 'pair0.json', '--max-states', '40', '--json'], { files });
    expect((result(found) as unknown as Checked).result.complete).toBe(false);
    expect(found.code).toBe(1);
  });

  it('stops before the heap runs out, says how far it got and what to do instead', async () => {
    // A heap that fills past four fifths of its limit after the second progress report (the
    // first read, before the search, sizes how many waiting states it keeps as positions).
    let reports = 0;
    const heap = () => {
      reports++;
      return { usedBytes: reports < 3 ? 2 ** 30 : 3.5 * 2 ** 30, limitBytes: 4 * 2 ** 30 };
    };
    const args = ['check', 'examples/resync-three-replicas.json', '--faults', '2'];
    const r = await run(args, { heap });
    expect(r.stdout).toContain(
      'the search stopped at 2,000 states with 3,584 MiB of its 4,096 MiB heap in use',
    );
    expect(r.stdout).toContain('--depth-first');
    expect(r.stdout).toContain('--swarm-seed');
    expect(r.stdout).toContain('what it did not find is unknown, not "no"');
    expect(r.progress.updates.map((u) => u.states)).toEqual([1000, 2000]);
    reports = 0;
    const asJson = result(await run([...args, '--json'], { heap })) as unknown as Checked & {
      result: { statesExplored: number; stopped: string };
    };
    expect(asJson.result.complete).toBe(false);
    expect(asJson.result.statesExplored).toBeLessThan(2100);
    expect(asJson.result.stopped).toMatch(/^the search stopped at 2,000 states/);
  });

  it('stops at its time limit and reports what it found, as text and as JSON', async () => {
    const args = ['check', 'examples/resync-three-replicas.json', '--faults', '2'];
    const r = await run([...args, '--max-seconds', '2'], { clock: ticking() });
    // Its first 2,000 states already hold a "yes": exit 1, as at the end of a whole search.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'the search reached its time limit (--max-seconds 2): what it did not find is unknown, not "no"',
    );
    expect(r.progress.updates.map((u) => u.states)).toEqual([1000, 2000]);
    const asJson = result(
      await run([...args, '--max-seconds', '2', '--json'], { clock: ticking() }),
    ) as unknown as Checked & { result: { statesExplored: number; stopped: string } };
    expect(asJson.result.complete).toBe(false);
    expect(asJson.result.statesExplored).toBeLessThan(2100);
    // With a clock that stands still, the same search runs to its end.
    const whole = result(
      await run([...args, '--max-seconds', '2', '--json']),
    ) as unknown as Checked;
    expect(whole.result.complete).toBe(true);
  });

  it('stops a depth-first or swarm search at its time limit too', async () => {
    const args = ['check', 'examples/resync-three-replicas.json', '--faults', '3', '--json'];
    for (const kind of [['--depth-first'], ['--swarm-seed', '1']]) {
      const r = await run([...args, ...kind, '--max-seconds', '2'], { clock: ticking() });
      const checked = result(r) as unknown as Checked & {
        result: { statesExplored: number; stopped: string; search: { kind: string } };
      };
      expect({ kind, complete: checked.result.complete }).toEqual({ kind, complete: false });
      expect(checked.result.stopped).toBe('the search reached its time limit (--max-seconds 2)');
      expect(checked.result.statesExplored).toBeLessThan(2100);
      expect(r.progress.updates.map((u) => u.states)).toEqual([1000, 2000]);
    }
  });

  it('searches depth-first when asked: the same answers, shown by ways', async () => {
    const args = ['check', 'pair0.json', '--faults', '2', '--commits', '1'];
    type Searched = Checked & { readonly result: { readonly search: { readonly kind: string } } };
    const deep = result(
      await run([...args, '--depth-first', '--json'], { files }),
    ) as unknown as Searched;
    const broad = result(await run([...args, '--json'], { files })) as unknown as Searched;
    expect(deep.result.search.kind).toBe('depthFirst');
    const verdicts = (r: Searched) =>
      Object.fromEntries(Object.entries(r.result.answers).map(([id, a]) => [id, a.verdict]));
    expect(verdicts(deep)).toEqual(verdicts(broad));
    const text = await run([...args, '--depth-first'], { files });
    expect(text.stdout).toContain('search: depthFirst');
    expect(text.stdout).toContain('a way (not necessarily the shortest):');
    // Beside the options of other searches it is refused (exit 2).
    for (const other of [
      ['--swarm-seed', '1'],
      ['--workers', '2'],
      ['--merge', 'run.json'],
    ]) {
      const r = await run([...args, '--depth-first', ...other], { files });
      expect({ other, code: r.code }).toEqual({ other, code: 2 });
    }
  });

  it('stops at Ctrl-C and reports what it found, as text and as JSON', async () => {
    // Ctrl-C is asked at each progress report: pressed before the third.
    const pressedAfter = (reports: number) => {
      let asked = 0;
      return () => ++asked > reports;
    };
    const args = ['check', 'examples/resync-three-replicas.json', '--faults', '2'];
    const r = await run(args, { interrupted: pressedAfter(2) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'the search was interrupted (Ctrl-C): what it did not find is unknown',
    );
    expect(r.progress.updates.map((u) => u.states)).toEqual([1000, 2000, 3000]);
    const asJson = result(
      await run([...args, '--json'], { interrupted: pressedAfter(2) }),
    ) as unknown as Checked & { result: { stopped: string; statesExplored: number } };
    expect(asJson.result.complete).toBe(false);
    expect(asJson.result.stopped).toBe('the search was interrupted (Ctrl-C)');
    expect(asJson.result.statesExplored).toBe(3000);
  });

  it('refuses a time limit that is not a positive number of seconds (exit 2)', async () => {
    for (const bad of ['0', '-1', 'soon', '1e3']) {
      const r = await run(['check', 'pair0.json', '--max-seconds', bad], { files });
      expect({ bad, code: r.code }).toEqual({ bad, code: 2 });
      expect(r.stderr).toContain('expected a time in seconds');
    }
  });

  it('reports progress on a longer search and clears the display before answering', async () => {
    const r = await run(['check', 'examples/resync-three-replicas.json', '--json']);
    expect(r.code).toBe(1);
    expect(r.progress.updates.length).toBeGreaterThan(0);
    expect(r.progress.updates[0]?.states).toBe(1000);
    expect(r.progress.stopped).toBe(true);
  });

  it('does not check a configuration that breaks documented rules, exit 1', async () => {
    const broken = JSON.parse(pair()) as { replicas: { name: string }[] };
    broken.replicas[1]!.name = 'A';
    const r = await run(['check', 'dup.json'], { files: { 'dup.json': JSON.stringify(broken) } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not checked');
  });

  it('refuses bad counts and input on one line, exit 2', async () => {
    for (const argv of [
      ['check', 'pair0.json', '--faults', '-1'],
      ['check', 'pair0.json', '--max-states', '0'],
      ['check', 'pair0.json', '--forced-failover', 'sometimes'],
      ['check', 'missing.json'],
    ]) {
      const r = await run(argv, { files });
      expect(r.code).toBe(2);
      expect(linesOf(r.stderr)).toHaveLength(1);
    }
  });
});

describe('agstate check --fail-on', () => {
  it('exits 1 only for the questions named: "no writable primary" is yes after any quorum loss', async () => {
    // With one fault and one commit the pair can lose its primary (quorum lost) but no
    // acknowledged commit (with a second commit to begin a transaction first, S63's revert makes
    // one fault enough: the next test).
    const one = ['--faults', '1', '--commits', '1'];
    const all = await run(['check', 'pair0.json', ...one], { files });
    expect(all.code).toBe(1);
    expect(linesOf(all.stdout)).toContain('Can acknowledged commits be lost? no');
    const loss = await run(['check', 'pair0.json', ...one, '--fail-on', 'acknowledgedLoss'], {
      files,
    });
    expect(loss.code).toBe(0);
    // The output still answers every question.
    expect(loss.stdout).toBe(all.stdout);
    const both = ['--fail-on', 'acknowledgedLoss', 'noWritablePrimary'];
    expect((await run(['check', 'pair0.json', ...one, ...both], { files })).code).toBe(1);
    // Stopped before the end without a yes to the question named: unknown, exit 4.
    const stopped = ['--max-states', '5', '--fail-on', 'acknowledgedLoss'];
    expect((await run(['check', 'pair0.json', ...one, ...stopped], { files })).code).toBe(4);
  });

  it("refuses a question the group's search does not ask, naming the ones it does (exit 2)", async () => {
    const unknownName = await run(['check', 'pair0.json', '--fail-on', 'everything'], { files });
    expect(unknownName.code).toBe(2);
    const distributedOnly = await run(['check', 'pair0.json', '--fail-on', 'bothWritable'], {
      files,
    });
    expect(distributedOnly.code).toBe(2);
    expect(distributedOnly.stderr).toContain(
      '--fail-on: bothWritable is not a question of a single availability group; its questions are acknowledgedLoss,',
    );
  });

  it('offers every question of both kinds of group, and no other', () => {
    expect(new Set(CHECK_QUESTIONS)).toEqual(
      new Set([...QUESTION_IDS, ...DISTRIBUTED_QUESTION_IDS]),
    );
  });
});

describe('agstate check --fault-by-fault', () => {
  interface ByFaults {
    readonly result: Checked['result'] & {
      readonly byFaults: readonly { faults: number; complete: boolean; statesExplored: number }[];
      readonly answers: Record<
        string,
        { verdict: string; fewestFaults?: number; noUpToFaults?: number; trace: unknown[] | null }
      >;
    };
  }

  it('searches 0, 1 and 2 faults in turn and shows each "yes" with the fewest faults it takes', async () => {
    const args = ['check', 'pair0.json', '--faults', '2', '--fault-by-fault'];
    const r = await run([...args, '--json'], { files });
    expect(r.code).toBe(1);
    const checked = (result(r) as unknown as ByFaults).result;
    expect(checked.complete).toBe(true);
    expect(checked.byFaults.map((b) => [b.faults, b.complete])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    // One fault leaves the pair without a primary (quorum lost), and one loses an acknowledged
    // commit too: a planned failover discards a commit the target had not hardened (S64), the old
    // primary, which hardened it, reverts (S63), the new one commits alone and crashes, and a
    // forced failover back loses it.
    expect(checked.answers.noWritablePrimary?.fewestFaults).toBe(1);
    expect(checked.answers.acknowledgedLoss?.fewestFaults).toBe(1);
    expect(checked.answers.commitsBlocked?.verdict).toBe('no');
    // The same answers as one search at 2 faults.
    const direct = (
      result(
        await run(['check', 'pair0.json', '--faults', '2', '--json'], { files }),
      ) as unknown as ByFaults
    ).result;
    for (const id of Object.keys(direct.answers))
      expect({ id, verdict: checked.answers[id]?.verdict }).toEqual({
        id,
        verdict: direct.answers[id]?.verdict,
      });
    const text = await run([...args, '--commits', '3'], { files });
    // The progress line names the budget it is searching, from 0 faults up.
    const budgets = text.progress.updates.map((u) => u.faults);
    expect(budgets.length).toBeGreaterThan(0);
    expect(budgets).toEqual([...budgets].sort());
    expect(budgets.at(-1)).toBe(2);
    const lines = linesOf((await run(args, { files })).stdout);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  with at most 0 faults: 23 states, searched to its end',
        'Can acknowledged commits be lost? yes, with 1 fault (none with fewer)',
        'Can the group be left with no writable primary? yes, with 1 fault (none with fewer)',
        'Can commits be blocked while a primary is writable? no',
      ]),
    );
  });

  it('keeps what the finished budgets prove when --max-states stops it', async () => {
    // 23 states at 0 faults and 442 at 1 leave 38 of the 503 for 2 faults.
    const capped = (states: number) => [
      'check',
      'pair0.json',
      '--faults',
      '2',
      '--fault-by-fault',
      '--max-states',
      String(states),
    ];
    const args = capped(503);
    const r = await run(args, { files });
    expect(r.stdout).not.toContain('(--fault-by-fault');
    const lines = linesOf(r.stdout);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  with at most 1 fault: 442 states, searched to its end',
        '  with at most 2 faults: 38 states, the search stopped at --max-states',
        'Can commits be blocked while a primary is writable? unknown: no with at most 1 fault (that space searched to its end); not found among the 38 states explored with 2 faults',
      ]),
    );
    const checked = (result(await run([...args, '--json'], { files })) as unknown as ByFaults)
      .result;
    expect(checked.complete).toBe(false);
    expect(checked.answers.commitsBlocked?.noUpToFaults).toBe(1);
    // No budget past the cap: the cap reached exactly at the end of 1 fault stops there.
    const cut = (result(await run([...capped(465), '--json'], { files })) as unknown as ByFaults)
      .result;
    expect(cut.byFaults.map((b) => b.faults)).toEqual([0, 1]);
    expect(cut.complete).toBe(false);
  });

  it('is refused beside --swarm-seed and --merge (exit 2)', async () => {
    for (const other of [
      ['--swarm-seed', '1'],
      ['--merge', 'run.json'],
    ]) {
      const r = await run(['check', 'pair0.json', '--fault-by-fault', ...other], { files });
      expect({ other, code: r.code }).toEqual({ other, code: 2 });
    }
  });
});

describe('agstate check --swarm-seed and --merge', () => {
  const swarmRun = async (seed: number) => {
    const r = await run(
      [
        'check',
        'pair0.json',
        '--faults',
        '2',
        '--commits',
        '1',
        '--swarm-seed',
        String(seed),
        '--bitstate-mib',
        '0.002',
        '--json',
      ],
      { files },
    );
    expect(r.code).toBe(1);
    return r.stdout;
  };

  it('writes one randomized run as JSON, and merges runs into one answer', async () => {
    const runs = { 'run1.json': await swarmRun(1), 'run2.json': await swarmRun(2) };
    const one = (JSON.parse(runs['run1.json']) as { result: { result: { search: unknown } } })
      .result.result;
    expect(one.search).toMatchObject({ kind: 'swarm', seed: 1, shortest: false });
    const merged = await run(['check', 'pair0.json', '--merge', 'run1.json', 'run2.json'], {
      files: { ...files, ...runs },
    });
    expect(merged.code).toBe(1);
    const lines = linesOf(merged.stdout);
    expect(lines).toContain('Can acknowledged commits be lost? yes');
    expect(lines).toContain('  a way (not necessarily the shortest):');
    expect(merged.stdout).toMatch(/search: 2 swarm runs merged \(seeds 1, 2\): between /);
  });

  it('refuses a run whose paths take other moves here (another build or configuration), exit 2', async () => {
    const text = await swarmRun(1);
    const doc = JSON.parse(text) as {
      result: { result: { answers: Record<string, { path: number[] | null }> } };
    };
    const loss = doc.result.result.answers.acknowledgedLoss!;
    expect(loss.path?.length).toBeGreaterThan(1);
    // As if an older build had numbered the moves of the start state otherwise.
    loss.path![0] = loss.path![0] === 0 ? 1 : 0;
    const r = await run(['check', 'pair0.json', '--merge', 'run1.json', 'moved.json'], {
      files: { ...files, 'run1.json': text, 'moved.json': JSON.stringify(doc) },
    });
    expect(r.code).toBe(2);
    expect(linesOf(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^agstate check: --merge: the run with seed 1 does not replay here: its move 1 was "[^"]+", and here that move is "[^"]+"/,
    );
    expect(r.stderr).toContain('written by another build of agstate; run it again with this one');
  });

  it('refuses a file that is not a swarm run, naming the file and the place, exit 2', async () => {
    const r = await run(['check', 'pair0.json', '--merge', 'pair0.json'], { files });
    expect(r.code).toBe(2);
    // One line per problem, each naming the file and the place.
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^agstate check: pair0\.json: at \/[a-z]+: /);
    expect(r.stderr).toContain('pair0.json: at /command: expected "check"');
    expect(r.stderr).toContain('pair0.json: at /result: expected the result of agstate check');
  });

  it('refuses store options that do not apply, exit 2', async () => {
    for (const argv of [
      ['check', 'pair0.json', '--bitstate-mib', '4'],
      ['check', 'pair0.json', '--swarm-seed', '1', '--store', 'exact'],
      ['check', 'pair0.json', '--merge', 'a.json', '--store', 'exact'],
    ]) {
      const r = await run(argv, { files });
      expect(r.code).toBe(2);
      expect(linesOf(r.stderr)).toHaveLength(1);
    }
  });
});
