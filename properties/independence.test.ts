import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../core/explore/alphabet.js';
import { independent, reductionId } from '../core/explore/independence.js';
import {
  keyOf,
  type Move,
  move,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { keyText } from '../core/explore/state-key.js';
import { clusterConfigArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * The partial-order reduction leaves out a move when another order of independent moves covers
 * it, so the relation in core/explore/independence.ts must hold in every state: when two actions
 * it calls independent can both be taken, each can still be taken after the other, and both
 * orders reach the same state (the same canonical key). Checked in every state of random walks
 * over random configurations of 2 to 9 replicas and 1 or 2 databases.
 */

const key = (space: SearchSpace, p: Position) => keyText(keyOf(space, p));

/** The action offered after a move that is the same as `a` (same events), taken. */
const again = (space: SearchSpace, p: Position, a: Action): Move | null => {
  const same = offered(space, p).find((o) => o.label === a.label);
  return same === undefined ? null : move(p, same);
};

/** Every independent pair that breaks the relation in `p`, described. */
const brokenPairs = (space: SearchSpace, p: Position): string[] => {
  const enabled = offered(space, p)
    .map((a) => ({ a, id: reductionId(p.cluster, a), m: move(p, a) }))
    .filter((x): x is { a: Action; id: number; m: Move } => x.id >= 0 && x.m !== null);
  const out: string[] = [];
  for (const [i, x] of enabled.entries())
    for (const y of enabled.slice(i + 1)) {
      if (!independent(x.id, y.id)) continue;
      const xy = again(space, x.m.position, y.a);
      const yx = again(space, y.m.position, x.a);
      if (xy === null || yx === null)
        out.push(`${x.a.label} / ${y.a.label}: one disables the other`);
      else if (key(space, xy.position) !== key(space, yx.position))
        out.push(`${x.a.label} / ${y.a.label}: the two orders reach different states`);
    }
  return out;
};

describe('the independence relation of the partial-order reduction', () => {
  it('holds in every state of random walks', () => {
    fc.assert(
      fc.property(
        clusterConfigArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (config, choices, faults) => {
          const space = searchSpace(config, { faults, commits: 2, forcedFailover: 'always' });
          let p = startPosition(space);
          for (const choice of choices) {
            expect(brokenPairs(space, p)).toEqual([]);
            const offers = offered(space, p);
            if (offers.length === 0) return;
            const m = move(p, offers[choice % offers.length]!);
            if (m !== null) p = m.position;
          }
          expect(brokenPairs(space, p)).toEqual([]);
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});
