import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from './explore.js';
import { QUESTION_IDS } from './questions.js';
import { replay } from './search.js';
import { KNOWN } from './test-support.js';
import { walk, walkSpace } from './walk.js';

const choices = fc.array(fc.nat({ max: 1000 }), { maxLength: 40 });

/*
 * A random walk takes only moves the explorer takes under the same budget, so whatever it finds
 * the exhaustive search finds too, and what the exhaustive search proves impossible no walk
 * finds: the walk is a sample of the same space, never a model of its own.
 */
describe("random walks through the explorer's space", () => {
  for (const k of KNOWN) {
    const space = walkSpace(k.config, { faults: k.faults, commits: 1 });
    const whole = explore(k.config, { faults: k.faults, commits: 1 });

    it(`${k.name}: a walk finds only what the whole search finds, and its path replays there`, () => {
      fc.assert(
        fc.property(choices, fc.constantFrom(...QUESTION_IDS), (c, question) => {
          const found = walk(space, c, question);
          if (found === null) return;
          expect(whole.answers[question].answer).toBe(true);
          // The path is the explorer's own: it replays move for move.
          expect(replay(space, found.path)).toHaveLength(found.path.length);
          expect(walk(space, c, question)).toEqual(found);
        }),
      );
    });

    it(`${k.name}: no walk breaks an invariant of the model`, () => {
      fc.assert(fc.property(choices, (c) => walk(space, c, 'invariants') === null));
    });
  }

  it('RSSTC 1 on a pair: no walk loses an acknowledged commit; at RSSTC 0 walks find the loss', () => {
    const [zero, one] = KNOWN;
    const safe = walkSpace(one!.config, { faults: 2, commits: 1 });
    fc.assert(fc.property(choices, (c) => walk(safe, c, 'acknowledgedLoss') === null));
    const unsafe = walkSpace(zero!.config, { faults: 2, commits: 1 });
    const details = fc.check(
      fc.property(choices, (c) => walk(unsafe, c, 'acknowledgedLoss') === null),
      { seed: 1, numRuns: 2000 },
    );
    expect(details.failed).toBe(true);
    const shrunk = walk(unsafe, details.counterexample![0], 'acknowledgedLoss')!;
    // Shrinking keeps it short: the exhaustive search's shortest way takes 5 moves.
    expect(shrunk.path.length).toBeGreaterThanOrEqual(5);
    expect(shrunk.path.length).toBeLessThanOrEqual(8);
    expect(replay(unsafe, shrunk.path).at(-1)?.label).toMatch(/^forced failover to /);
  });
});
