import { describe, expect, it } from 'vitest';
import { threeReplicas } from '../../bench/topology.js';
import type { SearchCommand } from './breadth-first.js';
import { explore, exploreDepthFirst, exploreDepthFirstIterator } from './explore.js';
import type { ExploreResult } from './result.js';
import { swarmIterator } from './swarm.js';
import { KNOWN } from './test-support.js';

/**
 * The depth-first search answers every question as the breadth-first search does over the same
 * space, with ways that are not always the shortest; and like every search here, it ends when its
 * caller says stop (Ctrl-C, --max-seconds), incomplete and with "unknown" for what it did not find.
 */

const verdicts = (r: ExploreResult) => ({
  answers: Object.fromEntries(Object.entries(r.answers).map(([id, a]) => [id, a.verdict])),
  causes: Object.fromEntries(
    Object.entries(r.noWritablePrimaryCauses).map(([id, a]) => [id, a.verdict]),
  ),
  violations: r.violations.map((v) => v.violation.invariant),
});

describe('the depth-first search', () => {
  it('answers every known result, cause and invariant as the breadth-first search does', () => {
    for (const k of KNOWN) {
      const options = { faults: k.faults, commits: 1 };
      const shortest = explore(k.config, options);
      for (const store of [{ kind: 'exact' as const }, { kind: 'hashCompaction' as const }]) {
        const deep = exploreDepthFirst(k.config, { ...options, store });
        expect(deep.complete, k.name).toBe(true);
        expect(verdicts(deep), k.name).toEqual(verdicts(shortest));
        expect(deep.search).toMatchObject({ kind: 'depthFirst', shortest: false });
        for (const [id, a] of Object.entries(deep.answers)) {
          const bfs = shortest.answers[id as keyof typeof shortest.answers];
          // A "yes" is shown by a way that replays (the result's trace), never shorter than the shortest.
          if (a.answer) expect(a.trace?.length, `${k.name}: ${id}`).toBeGreaterThanOrEqual(1);
          if (a.answer)
            expect(a.trace!.length, `${k.name}: ${id}`).toBeGreaterThanOrEqual(bfs.trace!.length);
        }
      }
    }
  });

  it('shows "no writable primary without losing quorum" by a way that loses no quorum', () => {
    let shown = 0;
    for (const k of KNOWN.filter((x) => x.faults === 2)) {
      const a = exploreDepthFirst(k.config, { faults: 2, commits: 1 }).answers
        .noWritablePrimaryWithQuorum;
      if (!a.answer) continue;
      shown++;
      const events = a.trace!.flatMap((s) => s.events.map((e) => e.type));
      expect(events, k.name).not.toContain('quorum.lost');
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('stops when its caller says so: incomplete, with the reason, and "unknown" for the rest', () => {
    const config = threeReplicas('BENCH3', ['DB1']);
    const stopAfter = <P>(
      it: Generator<P, ExploreResult, SearchCommand | undefined>,
      reports: number,
    ): ExploreResult => {
      let seen = 0;
      for (;;) {
        const next = it.next(seen >= reports ? { stop: 'stopped by the test' } : undefined);
        if (next.done === true) return next.value;
        seen++;
      }
    };
    const deep = stopAfter(
      exploreDepthFirstIterator(config, { faults: 3, commits: 2, progressEvery: 1000 }),
      2,
    );
    const swarmRun = stopAfter(
      swarmIterator(config, { faults: 3, commits: 2, seed: 1, progressEvery: 1000 }),
      2,
    );
    for (const r of [deep, swarmRun]) {
      expect(r.complete).toBe(false);
      expect(r.stopped).toBe('stopped by the test');
      expect(r.statesExplored).toBe(2000);
      expect(Object.values(r.answers).some((a) => a.verdict === 'unknown')).toBe(true);
      expect(Object.values(r.answers).every((a) => a.verdict !== 'no')).toBe(true);
    }
  });
});
