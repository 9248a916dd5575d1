import { describe, expect, it } from 'vitest';
import { explore } from './explore.js';
import {
  combine,
  firstLevels,
  positionsAt,
  type Share,
  sharingThrough,
  type WorkerOutcome,
  workerSearch,
} from './parallel.js';
import { keyOf } from './search.js';
import { keyText } from './state-key.js';
import { sharedTableBuffer } from './store/shared.js';
import { KNOWN } from './test-support.js';

/**
 * A worker hands half of the positions left at its level to a worker that waits for work (run
 * here one after another on this thread, the way the threads of `check --workers` pass them).
 * Every handed-on path must replay to its position (combine replays every answer's path), and the
 * searches together must answer as one thread does; their traces are ways, never shorter than
 * the shortest.
 */
describe('a parallel search whose workers hand work on', () => {
  for (const k of KNOWN.slice(0, 4))
    it(`${k.name}: answers as one thread`, () => {
      const options = { faults: k.faults, commits: 1, maxStates: 50_000 };
      const one = explore(k.config, options);
      const buffer = sharedTableBuffer(options.maxStates);
      const first = firstLevels(k.config, options, buffer, 4);
      const waiting: Share[][] = [first.frontier.map((s) => ({ path: s.path, again: false }))];
      const outcomes: WorkerOutcome[] = [];
      let handedOn = 0;
      for (let shares = waiting.pop(); shares !== undefined; shares = waiting.pop()) {
        let asked = 0;
        outcomes.push(
          workerSearch({ config: k.config, options, shares }, buffer, {
            // Every fifth position someone waits: the level's second half goes to it.
            wanted: () => ++asked % 5 === 0,
            share: (handed) => {
              handedOn++;
              waiting.push([...handed]);
            },
          }),
        );
      }
      const together = combine(first, outcomes, buffer, 2);
      expect(handedOn).toBeGreaterThan(0);
      expect(together.complete).toBe(true);
      expect(together.violations).toEqual([]);
      // Every state is still met, each by one worker; a way to the deepest is never shorter.
      expect(together.statesExplored).toBe(one.statesExplored);
      expect(together.depth).toBeGreaterThanOrEqual(one.depth);
      for (const [id, a] of Object.entries(one.answers)) {
        const b = together.answers[id as keyof typeof one.answers];
        expect({ id, answer: b.answer }).toEqual({ id, answer: a.answer });
        expect(b.trace?.length ?? 0).toBeGreaterThanOrEqual(a.trace?.length ?? 0);
      }
    });
});

/**
 * A worker rebuilds the positions it is handed from their paths, replaying a prefix the paths
 * share once: it must reach the very positions the search that handed them on had reached.
 */
describe('the positions a share of paths leads to', () => {
  for (const k of KNOWN.slice(0, 2))
    it(`${k.name}: are those the search met, in the order asked, repeats and all`, () => {
      const options = { faults: k.faults, commits: 1, maxStates: 50_000 };
      const first = firstLevels(k.config, options, sharedTableBuffer(options.maxStates), 40);
      expect(first.frontier.length).toBeGreaterThanOrEqual(40);
      // Reversed, with the first position again at the end: the order asked is the order given.
      const asked = [...first.frontier].reverse().concat(first.frontier.slice(0, 1));
      const positions = positionsAt(
        first.space,
        asked.map((s) => s.path),
      );
      const described = (s: (typeof asked)[number]['position']) => ({
        key: keyText(keyOf(first.space, s)),
        faults: s.faults,
        commits: s.commits,
        quorumKept: s.quorumKept,
      });
      expect(positions.map(described)).toEqual(asked.map((s) => described(s.position)));
    });
});

/**
 * A worker's caller may stop its search at a progress report (`check --workers` does when the
 * worker's heap is nearly full): the combined result is then incomplete and says why.
 */
describe('a worker its caller stops', () => {
  it('reports progress, stops at the first answer to stop, and the result says why', () => {
    const k = KNOWN.find((x) => x.name === 'three replicas, RSSTC 0, 2 faults')!;
    const options = { faults: k.faults, commits: 1, maxStates: 50_000 };
    const buffer = sharedTableBuffer(options.maxStates);
    const first = firstLevels(k.config, options, buffer, 4);
    const shares = first.frontier.map((s) => ({ path: s.path, again: false }));
    const seen: number[] = [];
    const outcome = workerSearch({ config: k.config, options, shares }, buffer, undefined, (p) => {
      seen.push(p.statesExplored);
      return { stop: 'stopped by the test' };
    });
    expect(seen).toEqual([1000]);
    expect(outcome.stoppedBy).toBe('stopped by the test');
    const r = combine(first, [outcome], buffer, 1);
    expect(r.complete).toBe(false);
    expect(r.stopped).toBe('stopped by the test');
    expect(r.statesExplored).toBeLessThan(k.states);
  });
});

describe('sharing through the counter the threads share', () => {
  it('claims a waiting worker, and hands nothing on once the command has said stop', () => {
    const waiting = new Int32Array(new SharedArrayBuffer(4));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const sharing = sharingThrough(waiting, () => {}, stop);
    expect(sharing.wanted()).toBe(false);
    Atomics.store(waiting, 0, 1);
    expect(sharing.wanted()).toBe(true);
    expect(Atomics.load(waiting, 0)).toBe(0);
    Atomics.store(waiting, 0, 1);
    Atomics.store(stop, 0, 1);
    expect(sharing.wanted()).toBe(false);
    // The waiting worker is not claimed: it stays counted, and the search can end.
    expect(Atomics.load(waiting, 0)).toBe(1);
  });
});
