import { describe, expect, it } from 'vitest';
import { linesOf, result, run } from './test-support.js';

/**
 * `agstate check` of the bundled migration between two data centres (examples/scenarios/
 * dag-migration.json), a distributed group as "Configure a distributed availability group" (S58)
 * builds it. Its section "Fail over to a secondary availability group" orders the statements:
 * SYNCHRONOUS_COMMIT on both sides, wait for SYNCHRONIZED and the same last_hardened_lsn, SET
 * (ROLE = SECONDARY) on the global primary, then FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder,
 * "without any data loss". Out of that order the explorer finds the loss and the two writable
 * sides the documentation warns of.
 */
const FILE = 'examples/scenarios/dag-migration.json';

interface Checked {
  readonly result: {
    readonly group: string;
    readonly complete: boolean;
    readonly answers: Readonly<
      Record<string, { readonly answer: boolean; readonly trace: { label: string }[] | null }>
    >;
  };
}

interface ByFaults {
  readonly result: {
    readonly complete: boolean;
    readonly byFaults: readonly { faults: number; complete: boolean }[];
    readonly answers: Readonly<Record<string, { verdict: string; noUpToFaults?: number }>>;
  };
}

describe('agstate check of a distributed availability group', () => {
  it('answers yes with the shortest traces when the statements may run in any order (exit 1)', async () => {
    const r = await run([
      'check',
      FILE,
      '--faults',
      '0',
      '--commits',
      '1',
      '--no-member-failovers',
      '--json',
    ]);
    expect(r.code).toBe(1);
    // A question a single group's search asks, not a distributed group's, is refused by name.
    const single = await run(['check', FILE, '--faults', '0', '--fail-on', 'commitsBlocked']);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain(
      'commitsBlocked is not a question of a distributed availability group',
    );
    const { result: found } = result(r) as unknown as Checked;
    expect(found.group).toBe('dag-migration');
    expect(found.complete).toBe(true);
    expect(found.answers.bothWritable?.trace?.map((s) => s.label)).toEqual([
      expect.stringMatching(/^FORCE_FAILOVER_ALLOW_DATA_LOSS on SQLDC2A \(ag2\)$/),
    ]);
    const loss = found.answers.failoverLoss?.trace?.map((s) => s.label) ?? [];
    expect(loss.at(-2)).toMatch(/^SET \(ROLE = SECONDARY\) on SQLDC1A \(ag1\)$/);
    expect(loss.at(-1)).toMatch(/^FORCE_FAILOVER_ALLOW_DATA_LOSS on SQLDC2A/);
    expect(loss.some((l) => l === 'deliver log across the link')).toBe(false);
  });

  it('stops before the heap runs out, with what it found and why', async () => {
    const heap = () => ({ usedBytes: 3.5 * 2 ** 30, limitBytes: 4 * 2 ** 30 });
    const args = ['check', FILE, '--faults', '1', '--commits', '1', '--no-member-failovers'];
    const text = await run(args, { heap });
    expect(text.stdout).toContain(
      '(the search stopped at 1,000 states with 3,584 MiB of its 4,096 MiB heap in use',
    );
    expect(text.stdout).toContain('(--fault-by-fault searches 0 faults, then 1,');
    const { result: found } = result(await run([...args, '--json'], { heap })) as unknown as {
      result: Checked['result'] & { stopped: string; statesExplored: number };
    };
    expect(found.complete).toBe(false);
    expect(found.stopped).toMatch(/^the search stopped at 1,000 states/);
    expect(found.statesExplored).toBeLessThan(1100);
  });

  it('answers no in the documented order (exit 0), and says so in text', async () => {
    const r = await run([
      'check',
      FILE,
      '--faults',
      '0',
      '--commits',
      '1',
      '--procedure',
      'documented',
      '--no-member-failovers',
    ]);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    expect(lines).toContain('Can the distributed failover lose acknowledged commits? no');
    expect(lines).toContain('Can both sides accept writes? no');
  });

  it('refuses the options of the single-group search it does not have, naming the option', async () => {
    for (const option of [['--workers', '2'], ['--no-twins'], ['--no-partial-order-reduction']]) {
      const r = await run(['check', FILE, '--faults', '0', ...option]);
      expect({ option, code: r.code }).toEqual({ option, code: 2 });
      expect(r.stderr).toContain(option[0]);
    }
  });

  it('searches fault by fault: each budget to its end, each "yes" with the fewest faults', async () => {
    const documented = ['--procedure', 'documented', '--no-member-failovers'];
    const args = ['check', FILE, '--faults', '1', ...documented, '--fault-by-fault'];
    const r = await run([...args, '--json']);
    expect(r.code).toBe(0);
    // The progress line names the budget being searched, from 0 faults up (with 3 commits the
    // 0-fault space holds 4,064 states, so it reports; 6,000 states stop the 1-fault one early).
    const reports = await run([...args, '--commits', '3', '--max-states', '6000']);
    const budgets = reports.progress.updates.map((u) => u.faults);
    expect(budgets.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(budgets.at(-1)).toBe(1);
    const checked = (result(r) as unknown as ByFaults).result;
    expect(checked.complete).toBe(true);
    expect(checked.byFaults.map((b) => [b.faults, b.complete])).toEqual([
      [0, true],
      [1, true],
    ]);
    // The same verdicts as one search at 1 fault.
    const direct = (
      result(
        await run(['check', FILE, '--faults', '1', ...documented, '--json']),
      ) as unknown as ByFaults
    ).result;
    expect(Object.values(checked.answers).map((a) => a.verdict)).toEqual(
      Object.values(direct.answers).map((a) => a.verdict),
    );
    // In any order, both sides can accept writes with no fault at all: one forced failover.
    const anyOrder = await run([
      'check',
      FILE,
      '--faults',
      '1',
      '--no-member-failovers',
      '--fault-by-fault',
    ]);
    expect(anyOrder.code).toBe(1);
    expect(linesOf(anyOrder.stdout)).toEqual(
      expect.arrayContaining([
        '  with at most 0 faults: 644 states, searched to its end',
        'Can both sides accept writes? yes, with 0 faults',
      ]),
    );
    // A cap inside the second budget: the first proves its "no"s, the rest is unknown.
    const capped = (
      result(await run([...args, '--max-states', '100', '--json'])) as unknown as ByFaults
    ).result;
    expect(capped.complete).toBe(false);
    expect(Object.values(capped.answers).map((a) => [a.verdict, a.noUpToFaults])).toEqual(
      Object.values(capped.answers).map(() => ['unknown', 0]),
    );
  });

  it('refuses --procedure on a configuration that is not a distributed group', async () => {
    const r = await run([
      'check',
      'examples/resync-three-replicas.json',
      '--procedure',
      'documented',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--procedure: only a distributed availability group/);
  });
});

/*
 * The bundled script builds the distributed group of "Configure a distributed availability group"
 * (S58) with AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT between the groups, as the page's example
 * does: a user checks the group as the script deploys it, not only as a scenario describes it.
 */
describe('agstate check of a T-SQL script that creates a distributed availability group', () => {
  const SCRIPT = 'examples/tsql/distributed.sql';

  it('searches from where the script leaves the group, as a scenario would be searched', async () => {
    const r = await run([
      'check',
      SCRIPT,
      '--sql-version',
      '2016',
      '--faults',
      '0',
      '--commits',
      '1',
      '--no-member-failovers',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const checked = result(r) as unknown as Checked['result'] & { distributed: boolean };
    expect(checked.distributed).toBe(true);
    const { result: found } = checked as unknown as Checked;
    expect(found.group).toBe('distributedag');
    expect(found.complete).toBe(true);
    // Asynchronous between the groups: a forced failover before the forwarder has the log loses it.
    expect(found.answers.failoverLoss?.answer).toBe(true);
    expect(found.answers.bothWritable?.trace?.map((s) => s.label)).toEqual([
      'FORCE_FAILOVER_ALLOW_DATA_LOSS on server3 (ag2)',
    ]);
  });

  it('refuses what only a single group search has, and a script with no distributed group stays a single group', async () => {
    const workers = await run([
      'check',
      SCRIPT,
      '--sql-version',
      '2016',
      '--faults',
      '0',
      '--workers',
      '2',
    ]);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toMatch(/--workers: a distributed availability group is searched/);
    const single = await run([
      'check',
      'examples/tsql/three-replica-wsfc.sql',
      '--sql-version',
      '2019',
      '--procedure',
      'documented',
    ]);
    expect(single.stderr).toMatch(/--procedure: only a distributed availability group/);
  });
});
