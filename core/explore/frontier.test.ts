import { describe, expect, it } from 'vitest';
import { DistributedDriver } from '../distributed/test-support.js';
import { breadthFirstOver, clusterModel } from './breadth-first.js';
import {
  type DistributedFindings,
  type DistributedSpace,
  distributedKey,
  distributedModel,
  distributedStart,
} from './distributed/model.js';
import { keyOf, newFindings, searchSpace, startPosition } from './search.js';
import { makeStore } from './store/index.js';
import { KNOWN } from './test-support.js';

/**
 * The frontier keeps its clusters with equal parts shared (intern.ts), and past
 * `keepPositionsUpTo` keeps only their places in the search tree, making them again by replaying
 * their moves. The search must not see either: the same states, moves and depth, and every answer
 * with the same path, as a search whose frontier keeps each cluster as the step made it.
 */
interface Frontier {
  readonly share: boolean;
  readonly keepPositionsUpTo?: number;
}

const search = (known: (typeof KNOWN)[number], frontier: Frontier) => {
  const { share } = frontier;
  const space = searchSpace(known.config, { faults: known.faults, commits: 1 });
  const found = newFindings();
  const store = makeStore({ kind: 'exact', sides: true });
  const start = startPosition(space);
  store.visit(keyOf(space, start), true);
  const { share: _kept, ...unshared } = clusterModel(space, found, true);
  const model = share ? clusterModel(space, found, true) : unshared;
  const run = breadthFirstOver(
    model,
    store,
    [{ position: start, path: [] }],
    {
      maxStates: 1_000_000,
      progressEvery: 1_000_000,
      shareFrom: 0,
      ...(frontier.keepPositionsUpTo === undefined
        ? {}
        : { keepPositionsUpTo: frontier.keepPositionsUpTo }),
    },
    [1],
  );
  let next = run.next();
  while (!next.done) next = run.next();
  return { outcome: next.value, states: store.size(), found };
};

describe('a frontier that shares equal parts of its clusters', () => {
  for (const known of KNOWN)
    it(`searches as one that does not: ${known.name}`, () => {
      const shared = search(known, { share: true });
      expect(shared.states).toBe(known.states);
      expect(shared).toEqual(search(known, { share: false }));
    });
});

describe('a frontier that keeps few positions and makes the rest again', () => {
  for (const known of KNOWN)
    it(`searches as one that keeps them all: ${known.name}`, () => {
      const all = search(known, { share: false });
      expect(search(known, { share: true, keepPositionsUpTo: 0 })).toEqual(all);
      expect(search(known, { share: false, keepPositionsUpTo: 3 })).toEqual(all);
    });
});

describe('a distributed group’s frontier that shares equal parts of its members’ clusters', () => {
  it('searches as one that does not (S58 distributed group, any order, 1 fault)', () => {
    const run = (share: boolean, keepPositionsUpTo?: number) => {
      const start = new DistributedDriver().distributed;
      const space: DistributedSpace = {
        start,
        base: start.logs.db1?.settledLsn.ag1 ?? 0n,
        faults: 1,
        commits: 1,
        procedure: 'any',
        forcedFailover: 'withoutPrimary',
        memberFailovers: false,
      };
      const found: DistributedFindings = {};
      const store = makeStore({ kind: 'exact' });
      const first = distributedStart(space);
      store.visit(distributedKey(first, space.base), true);
      const { share: _kept, ...unshared } = distributedModel(space, found);
      const model = share ? distributedModel(space, found) : unshared;
      const it = breadthFirstOver(
        model,
        store,
        [{ position: first, path: [] }],
        {
          maxStates: 1_000_000,
          progressEvery: 1_000_000,
          shareFrom: 0,
          ...(keepPositionsUpTo === undefined ? {} : { keepPositionsUpTo }),
        },
        [1],
      );
      let next = it.next();
      while (!next.done) next = it.next();
      return { outcome: next.value, states: store.size(), found };
    };
    const shared = run(true);
    expect(shared.states).toBeGreaterThan(1000);
    const unshared = run(false);
    expect(shared).toEqual(unshared);
    expect(run(true, 0)).toEqual(unshared);
  });
});
