import { describe, expect, it } from 'vitest';
import { explore } from './explore.js';
import { KNOWN } from './test-support.js';

// The transitions are counted without the partial-order reduction or twins, each of which leaves
// some out (core/explore/reduction.test.ts and twins.test.ts hold their answers to these).
describe('the explorer keeps its known results (one commit)', () => {
  for (const k of KNOWN)
    it(k.name, () => {
      const r = explore(k.config, {
        faults: k.faults,
        commits: 1,
        partialOrderReduction: false,
        twins: false,
      });
      expect(r.complete).toBe(true);
      expect(r.violations).toEqual([]);
      expect({ states: r.statesExplored, transitions: r.transitions, depth: r.depth }).toEqual({
        states: k.states,
        transitions: k.transitions,
        depth: k.depth,
      });
      expect(r.answers.acknowledgedLoss.trace?.length ?? null).toBe(k.loss);
      expect(r.answers.commitsBlocked.answer).toBe(k.commitsBlocked);
      expect(r.answers.noWritablePrimary.trace?.length).toBe(1);
      expect(r.answers.stuckSynchronizing.answer).toBe(false);
    });
});

describe('every visited store finds the same states and answers on these budgets', () => {
  const stores = [{ kind: 'hashCompaction' }, { kind: 'bitstate', mebibytes: 1 }] as const;
  for (const k of KNOWN.filter((c) => c.states < 1000))
    it(k.name, () => {
      const exact = explore(k.config, { faults: k.faults, commits: 1 });
      expect(exact.store.kind).toBe('exact');
      for (const store of stores) {
        const r = explore(k.config, { faults: k.faults, commits: 1, store, twins: false });
        expect(r.store.kind).toBe(store.kind);
        expect(r.statesExplored).toBe(k.states);
        expect(r.transitions).toBe(k.transitions);
        for (const [id, a] of Object.entries(exact.answers))
          expect(r.answers[id as keyof typeof r.answers].trace?.length).toBe(a.trace?.length);
      }
    });
});
