import { describe, expect, it } from 'vitest';
import { mergeProblem, mergeSwarm, swarmRunOf } from './merge.js';
import { swarm } from './swarm.js';
import { KNOWN } from './test-support.js';

const pair0 = KNOWN[0]!;

describe('merging swarm runs', () => {
  const runs = [3, 4, 5].map((seed) =>
    swarm(pair0.config, { faults: 2, commits: 1, seed, mebibytes: 1 / 512 }),
  );

  it('answers yes when any run does, with the shortest of their traces, replayed', () => {
    const merged = mergeSwarm(pair0.config, runs.map(swarmRunOf));
    expect(merged.search.kind).toBe('swarm');
    expect(merged.search.swarm?.seeds).toEqual([3, 4, 5]);
    const lengths = runs.map((r) => r.answers.acknowledgedLoss.path?.length ?? Infinity);
    expect(merged.answers.acknowledgedLoss.answer).toBe(true);
    expect(merged.answers.acknowledgedLoss.trace).toHaveLength(Math.min(...lengths));
    expect(merged.answers.acknowledgedLoss.trace?.at(-1)?.label).toMatch(/^forced failover to /);
    for (const [id, a] of Object.entries(merged.answers))
      expect(a.answer).toBe(runs.some((r) => r.answers[id as keyof typeof r.answers].answer));
  });

  it('combines coverage: states between the largest run and the sum, 1 − Π(1 − cᵢ)', () => {
    const merged = mergeSwarm(pair0.config, runs.map(swarmRunOf));
    const swarmCoverage = merged.search.swarm!;
    expect(swarmCoverage.statesAtLeast).toBe(Math.max(...runs.map((r) => r.statesExplored)));
    expect(swarmCoverage.statesAtMost).toBe(runs.reduce((n, r) => n + r.statesExplored, 0));
    const c = runs.map((r) => r.store.expectedCoverage!);
    expect(swarmCoverage.expectedCoverage).toBeCloseTo(
      1 - (1 - c[0]!) * (1 - c[1]!) * (1 - c[2]!),
      12,
    );
    // 1/512 MiB (16,384 bits) for about 670 states: each run alone may miss some.
    expect(Math.min(...c)).toBeLessThan(1);
    expect(swarmCoverage.expectedCoverage).toBeGreaterThan(Math.max(...c));
  });

  it('refuses runs of another group or budget', () => {
    const other = swarm(pair0.config, { faults: 1, commits: 1, seed: 1, mebibytes: 1 / 512 });
    expect(mergeProblem(pair0.config, [...runs, other].map(swarmRunOf))).toMatch(
      /seed 1 has another group or budget/,
    );
    expect(mergeProblem(KNOWN[2]!.config, runs.map(swarmRunOf))).toMatch(/not G21/);
  });
});
