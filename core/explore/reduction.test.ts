import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.js';
import { type ExploreOptions, explore } from './explore.js';
import type { ExploreResult } from './result.js';
import { group, KNOWN } from './test-support.js';

/**
 * The partial-order reduction (sleep sets) is sound when it changes nothing a user sees: every
 * state is still reached, at the same depth, and every question, cause and broken invariant gets
 * the same answer with a trace of the same length. It must also leave moves out, or it would be
 * no reduction at all.
 */

const seen = (r: ExploreResult) => ({
  states: r.statesExplored,
  depth: r.depth,
  complete: r.complete,
  answers: Object.fromEntries(
    Object.entries(r.answers).map(([id, a]) => [id, a.trace?.length ?? null]),
  ),
  causes: Object.fromEntries(
    Object.entries(r.noWritablePrimaryCauses).map(([id, a]) => [id, a.trace?.length ?? null]),
  ),
  violations: r.violations.map((v) => v.violation.invariant).sort(),
});

const compare = (config: ReturnType<typeof group>, options: ExploreOptions) => {
  const full = explore(config, { ...options, partialOrderReduction: false });
  const reduced = explore(config, options);
  expect(full.search.partialOrderReduction).toBe(false);
  expect(reduced.search.partialOrderReduction).toBe(true);
  expect(seen(reduced)).toEqual(seen(full));
  expect(reduced.search.asleep ?? 0).toBeGreaterThan(0);
  expect(reduced.transitions + (reduced.search.asleep ?? 0)).toBeGreaterThanOrEqual(
    full.transitions,
  );
  expect(reduced.transitions).toBeLessThan(full.transitions);
  return { full, reduced };
};

describe('the partial-order reduction answers as the unreduced search does', () => {
  for (const k of KNOWN)
    it(`${k.name}, one commit`, () => {
      compare(k.config, { faults: k.faults, commits: 1 });
    });

  it('three replicas, RSSTC 0, two commits, two faults (the bench group)', () => {
    compare(group(0, 2, 1), { faults: 2, commits: 2 });
  });

  it('three replicas, two databases, one fault', () => {
    compare(resolveConfig({ ...group(0, 2, 1), name: 'G21x2', databases: ['db1', 'db2'] }), {
      faults: 1,
      commits: 1,
    });
  });

  // Forced failovers at will part the copies by forks the fork limit counts: with four replicas
  // that is 1.8 million states, with three 44,000.
  it('three replicas, forced failover always offered, one fault', () => {
    compare(group(1, 2, 1), { faults: 1, commits: 1, forcedFailover: 'always' });
  });

  it('with the state cap reached, both stop at the cap', () => {
    const { full, reduced } = compare(group(0, 2, 1), { faults: 2, commits: 1, maxStates: 500 });
    expect(full.complete).toBe(false);
    expect(reduced.statesExplored).toBe(500);
  });
});
