import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.js';
import { type ExploreOptions, explore, exploreDepthFirst } from './explore.js';
import { lastTwins } from './key.js';
import { parallelInline } from './parallel.js';
import type { ExploreResult } from './result.js';
import { keyOf, move, offered, searchSpace, startPosition } from './search.js';
import { KeyWriter, keyText } from './state-key.js';
import { sharedTableBuffer } from './store/shared.js';
import { group, KNOWN } from './test-support.js';
import { MAX_TWIN_REPLICAS, NO_TWINS, twinGroups, twinWord } from './twins.js';

/**
 * Leaving out the moves mirrored on twins (twins.ts) is sound when a user sees nothing of it:
 * every state is still reached at the same depth (up to symmetry: on these budgets, exactly), and
 * every question, cause and broken invariant gets the same answer. A mirrored move comes after the move it mirrors in the order moves are
 * offered, so the breadth-first search finds the very same traces. properties/twins.test.ts holds
 * each mirrored move to its mirror state by state.
 */

const seen = (r: ExploreResult) => ({
  states: r.statesExplored,
  depth: r.depth,
  complete: r.complete,
  answers: Object.fromEntries(Object.entries(r.answers).map(([id, a]) => [id, a.path])),
  causes: Object.fromEntries(
    Object.entries(r.noWritablePrimaryCauses).map(([id, a]) => [id, a.path]),
  ),
  violations: r.violations.map((v) => v.violation.invariant).sort(),
});

const verdicts = (r: ExploreResult) => ({
  answers: Object.fromEntries(Object.entries(r.answers).map(([id, a]) => [id, a.verdict])),
  causes: Object.fromEntries(
    Object.entries(r.noWritablePrimaryCauses).map(([id, a]) => [id, a.verdict]),
  ),
  violations: r.violations.map((v) => v.violation.invariant).sort(),
});

const compare = (config: ReturnType<typeof group>, options: ExploreOptions) => {
  const every = explore(config, { ...options, twins: false });
  const once = explore(config, options);
  expect(every.search.mirrored).toBeUndefined();
  expect(seen(once)).toEqual(seen(every));
  expect(once.transitions + (once.search.mirrored ?? 0)).toBeGreaterThanOrEqual(every.transitions);
  return { every, once };
};

const fourReplicas = group(0, 2, 2);
const twoDatabases = resolveConfig({ ...group(0, 2, 2), name: 'G22x2', databases: ['db1', 'db2'] });

describe('moves mirrored on twins, left out', () => {
  for (const k of KNOWN)
    it(`breadth-first: ${k.name}, one commit, the same states and traces`, () => {
      compare(k.config, { faults: k.faults, commits: 1 });
    });

  it('breadth-first: four replicas (two asynchronous twins), two faults', () => {
    const { every, once } = compare(fourReplicas, { faults: 2, commits: 1 });
    expect(once.search.mirrored ?? 0).toBeGreaterThan(0);
    expect(once.transitions).toBeLessThan(every.transitions);
  });

  it('breadth-first: four replicas, two databases, one fault', () => {
    const { once } = compare(twoDatabases, { faults: 1, commits: 1 });
    expect(once.search.mirrored ?? 0).toBeGreaterThan(0);
  });

  it('breadth-first: forced failover always offered, without sleep sets, and at a state cap', () => {
    compare(group(1, 2, 1), { faults: 1, commits: 1, forcedFailover: 'always' });
    compare(fourReplicas, { faults: 1, commits: 2, partialOrderReduction: false });
    const { once } = compare(fourReplicas, { faults: 2, commits: 1, maxStates: 700 });
    expect(once.complete).toBe(false);
  });

  it('depth-first: the same answers over the same space', () => {
    const options = { faults: 2, commits: 1 };
    const every = exploreDepthFirst(fourReplicas, { ...options, twins: false });
    const once = exploreDepthFirst(fourReplicas, options);
    expect(once.search.mirrored ?? 0).toBeGreaterThan(0);
    expect(verdicts(once)).toEqual(verdicts(every));
    // Depth-first counts can differ a little where two histories hold the same records under
    // different forks (docs/checks.md, "Known limits"); the space is the same.
    expect(Math.abs(once.statesExplored - every.statesExplored)).toBeLessThan(
      every.statesExplored / 50,
    );
  });

  it('parallel: the same states and answers', () => {
    const options = { faults: 2, commits: 1 };
    const every = parallelInline(
      fourReplicas,
      { ...options, twins: false },
      sharedTableBuffer(100_000),
      2,
    );
    const once = parallelInline(fourReplicas, options, sharedTableBuffer(100_000), 2);
    expect(every.search.mirrored).toBeUndefined();
    expect(once.search.mirrored ?? 0).toBeGreaterThan(0);
    expect(once.statesExplored).toBe(every.statesExplored);
    expect(verdicts(once)).toEqual(verdicts(every));
  });
});

describe('twins are replicas in the very same state', () => {
  // Found by the whole-search comparison above at two faults and two commits, before twins had to
  // hold their copies on the same forks: after two forced failovers from one LSN, A1's copy stands
  // at the start of fork 2 and A2's at the start of fork 1. The key names both positions by the
  // records before them (the same), but a delivery moves each along its own fork, and the
  // successors' fork counts differ.
  const path = [
    'commit db1',
    'deliver log to A1',
    'quorum lost',
    'force quorum on S1',
    'forced failover to A2',
    'resume db1 on S1',
    'deliver log to S1',
    'crash A2',
    'forced failover to S2',
    'resume db1 on A1',
    'deliver log to A1',
    'commit db1',
    'restart A2',
    'resume db1 on A2',
  ];

  it('copies at the starts of two recovery forks are not twins', () => {
    const space = searchSpace(fourReplicas, { faults: 2, commits: 2 });
    let p = startPosition(space);
    for (const label of path) {
      const action = offered(space, p).find((a) => a.label === label);
      expect(action, label).toBeDefined();
      p = move(p, action!)!.position;
    }
    const copy = (name: string) => p.cluster.replicas.find((r) => r.name === name)!.databases.db1!;
    expect([copy('A1').redone.fork, copy('A2').redone.fork]).toEqual([2, 1]);
    expect(copy('A1').redone.lsn).toBe(copy('A2').redone.lsn);
    const w = new KeyWriter();
    const successor = (label: string) => {
      const action = offered(space, p).find((a) => a.label === label)!;
      return keyText(keyOf(space, move(p, action)!.position, undefined, w));
    };
    expect(successor('deliver log to A1')).not.toBe(successor('deliver log to A2'));
    keyOf(space, p, undefined, w);
    expect(lastTwins(w)).toBe(NO_TWINS);
  });
});

describe("a state's twins in one word", () => {
  it('gives back every group: each replica with its group’s first, the others alone', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { minLength: 1, maxLength: MAX_TWIN_REPLICAS }), (labels) => {
        // Replicas with one label are twins; a group's first is its lowest index.
        const leaders = Int32Array.from(labels, (label) => labels.indexOf(label));
        const groups = new Int8Array(MAX_TWIN_REPLICAS);
        twinGroups(twinWord(leaders, labels.length), groups);
        labels.forEach((label, i) => {
          const alone = labels.filter((l) => l === label).length === 1;
          expect(groups[i]).toBe(alone ? -1 : leaders[i]);
        });
      }),
    );
  });

  it('has no twins beyond nine replicas', () => {
    expect(twinWord(new Int32Array(10), 10)).toBe(0);
  });
});
