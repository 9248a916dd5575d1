import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compactionStore } from './compaction.js';
import { sharedCompactionStore, sharedTableBuffer } from './shared.js';
import { syntheticKey } from './test-keys.js';

const parts = syntheticKey;

/**
 * What each thread does in the race below, bundled from this folder's TypeScript: visits states
 * 0..count−1 from `from` on, wrapping round, and answers with how many it got as new and as
 * flagged.
 */
const racer = async (): Promise<string> => {
  const out = await build({
    stdin: {
      contents: `
        import { parentPort, workerData } from 'node:worker_threads';
        import { sharedCompactionStore } from './shared.ts';
        import { keyOfTexts } from '../state-key.ts';
        const { buffer, count, from, flag } = workerData;
        const store = sharedCompactionStore(buffer);
        const got = { new: 0, flagged: 0, seen: 0 };
        for (let i = 0; i < count; i++) {
          const n = (from + i) % count;
          got[store.visit(keyOfTexts(['{"quorum":"HEALTHY"}', 'replica ' + (n % 50),
            'replica ' + (Math.floor(n / 50) % 40), 'logs ' + Math.floor(n / 2000), '1:0']), flag)]++;
        }
        parentPort.postMessage(got);`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
};

describe('the shared visited table', () => {
  it('answers each visit as the one-thread hash-compaction table does', () => {
    const shared = sharedCompactionStore(sharedTableBuffer(60_000));
    const alone = compactionStore();
    const answers = (store: typeof alone) =>
      Array.from({ length: 120_000 }, (_, i) => store.visit(parts(i % 60_000), i % 3 === 0));
    expect(answers(shared)).toEqual(answers(alone));
    expect(shared.size()).toBe(60_000);
  });

  it('threads that race for the same states: each state is new to exactly one of them', async () => {
    const code = await racer();
    const count = 40_000;
    const buffer = sharedTableBuffer(count);
    // Four threads over the same states from different places; two set the flag, two do not.
    const got = await Promise.all(
      [0, 10_000, 20_000, 30_000].map(
        (from, i) =>
          new Promise<{ new: number; flagged: number; seen: number }>((resolve, reject) => {
            const w = new Worker(code, {
              eval: true,
              workerData: { buffer, count, from, flag: i % 2 === 0 },
            });
            w.once('message', (m) => {
              resolve(m);
              void w.terminate();
            });
            w.once('error', reject);
          }),
      ),
    );
    expect(got.reduce((n, g) => n + g.new, 0)).toBe(count);
    expect(sharedCompactionStore(buffer).size()).toBe(count);
    // A state first stored without the flag gets it once, from one flagging thread.
    const flaggedLater = got.reduce((n, g) => n + g.flagged, 0);
    const newUnflagged = got[1]!.new + got[3]!.new;
    expect(flaggedLater).toBe(newUnflagged);
    expect(got.every((g) => g.new + g.flagged + g.seen === count)).toBe(true);
  });
});
