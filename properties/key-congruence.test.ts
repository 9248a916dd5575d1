import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../core/explore/alphabet.js';
import {
  keyOf,
  move,
  offered,
  type Position,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { KeyWriter, keyText } from '../core/explore/state-key.js';
import { behaviour, comparable } from '../core/explore/test-support.js';
import type { Config } from '../core/model/config.js';
import { clusterConfigArb } from './cluster-arbitraries.js';
import { towardForks } from './fork-walks.js';
import { propertyRuns } from './runs.js';

/**
 * The explorer keeps one state per key, so two states with one key must behave the same
 * (core/explore/key-soundness.test.ts holds it on whole small spaces). Here on random
 * configurations (2 to 9 replicas, every availability and failover mode, one or two databases,
 * CLUSTER_TYPE NONE), forced failover always offered: several random walks from the start meet keys
 * again through other paths, and every state met again with its replicas in the same places of the
 * key must do, action for action, what the first state with that key did.
 */

interface Met {
  readonly position: Position;
  readonly slots: string;
}

/**
 * Walks over `config` from the start, each move chosen by `pick` among the moves offered; every
 * state whose key was met before with the replicas in the same places must behave as the first.
 */
const walkAndCompare = (
  config: Config,
  faults: number,
  walks: readonly (readonly (readonly [number, boolean])[])[],
  pick: (offers: readonly Action[], choice: number, biased: boolean) => Action,
  branch = false,
): void => {
  const space = searchSpace(config, { faults, commits: 2, forcedFailover: 'always' });
  const w = new KeyWriter();
  const slots = new Uint8Array(config.replicas.length);
  const met = new Map<string, Met>();
  const visit = (p: Position) => {
    const text = keyText(keyOf(space, p, slots, w));
    const first = met.get(text);
    const here = slots.join(',');
    if (first === undefined) met.set(text, { position: p, slots: here });
    else if (first.position !== p && first.slots === here)
      expect(comparable(config, behaviour(space, p))).toEqual(
        comparable(config, behaviour(space, first.position)),
      );
  };
  // With `branch`, each walk after the first starts from a state an earlier walk reached (its
  // first choice says which), so that walks part deep in the space and meet again there.
  const reached: Position[] = [startPosition(space)];
  for (const choices of walks) {
    let p = branch ? reached[(choices[0]?.[0] ?? 0) % reached.length]! : startPosition(space);
    visit(p);
    for (const [choice, biased] of choices) {
      const offers = offered(space, p);
      if (offers.length === 0) break;
      const m = move(p, pick(offers, choice, biased), false);
      if (m === null) continue;
      p = m.position;
      visit(p);
      if (branch) reached.push(p);
    }
  }
};

const walksArb = fc.array(
  fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 25 }),
  {
    minLength: 2,
    maxLength: 12,
  },
);

describe('the state key on random walks over random configurations', () => {
  it('gives one key only to states that behave the same', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.filter((c) => c.replicas.length <= 4),
        walksArb,
        fc.integer({ min: 1, max: 3 }),
        (config, walks, faults) =>
          walkAndCompare(
            config,
            faults,
            walks,
            (offers, choice) => offers[choice % offers.length]!,
          ),
      ),
      { numRuns: propertyRuns(60) },
    );
  });

  it('gives one key only to states that behave the same, on branching walks toward recovery forks', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.filter((c) => c.replicas.length <= 5),
        walksArb,
        fc.integer({ min: 2, max: 3 }),
        (config, walks, faults) => walkAndCompare(config, faults, walks, towardForks, true),
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
