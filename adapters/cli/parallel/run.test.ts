import { describe, expect, it } from 'vitest';
import { explore } from '../../../core/explore/explore.js';
import { group, KNOWN } from '../../../core/explore/test-support.js';
import { resolveConfig } from '../../../core/model/config.js';
import { parallelExplore } from './run.js';

/**
 * The parallel search in real worker threads (bundled from the TypeScript source here, the built
 * worker in the installed command) answers as the one-thread search does. Its state count is
 * printed beside the one-thread count: searches in another order can meet a few states more or
 * fewer (see core/explore/swarm.test.ts), and the workers' order is not fixed.
 */
describe('the parallel search', () => {
  for (const k of KNOWN.slice(0, 3))
    it(`${k.name}: two workers answer as one thread`, async () => {
      const one = explore(k.config, { faults: k.faults, commits: 1 });
      const two = await parallelExplore(k.config, { faults: k.faults, commits: 1 }, 2);
      process.stdout.write(
        `${k.name}: one thread ${one.statesExplored} states, two workers ${two.statesExplored}\n`,
      );
      expect(two.search).toMatchObject({ kind: 'parallel', workers: 2, shortest: false });
      expect(two.complete).toBe(true);
      expect(two.violations).toEqual([]);
      for (const [id, a] of Object.entries(one.answers)) {
        const b = two.answers[id as keyof typeof one.answers];
        expect({ id, answer: b.answer }).toEqual({ id, answer: a.answer });
        // A way, not always the shortest: never shorter than the shortest.
        expect(b.trace?.length ?? 0).toBeGreaterThanOrEqual(a.trace?.length ?? 0);
      }
      for (const [id, a] of Object.entries(one.noWritablePrimaryCauses))
        expect(
          two.noWritablePrimaryCauses[id as keyof typeof one.noWritablePrimaryCauses].answer,
        ).toBe(a.answer);
    });

  it('stops every worker when the command says so, and says why', async () => {
    // Five replicas (three synchronous, two asynchronous), two databases, two faults: a search of
    // many seconds, stopped at the first question asked after 4,000 states.
    const config = resolveConfig({ ...group(0, 3, 2), databases: ['db1', 'db2'] });
    const asked: number[] = [];
    const r = await parallelExplore(
      config,
      { faults: 2, commits: 2 },
      2,
      () => {},
      (states) => {
        asked.push(states);
        return states >= 4000 ? `enough at ${states}` : null;
      },
    );
    const at = asked[asked.length - 1]!;
    expect(r.complete).toBe(false);
    expect(r.stopped).toBe(`enough at ${at}`);
    // Each worker stops at its next report, within a few thousand states.
    expect(r.statesExplored).toBeLessThan(at + 20_000);
  });
});
