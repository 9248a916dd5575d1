import { describe, expect, it } from 'vitest';
import { bitstateStore } from './bitstate.js';
import { collisionProbability, compactionStore } from './compaction.js';
import { exactStore } from './exact.js';
import { syntheticKey } from './test-keys.js';

const parts = syntheticKey;

describe('the visited stores', () => {
  it('exact: every distinct state is new once, never taken for another', () => {
    const store = exactStore();
    for (let n = 0; n < 60_000; n++) expect(store.visit(parts(n), false)).toBe('new');
    for (let n = 0; n < 60_000; n += 997) expect(store.visit(parts(n), false)).toBe('seen');
    const report = store.report();
    expect(report.states).toBe(60_000);
    // Collapsed parts make a state a few bytes: well under the 64 bytes aimed at.
    expect(report.bytesPerState).toBeLessThan(64);
  });

  it('keeps the "quorum kept" bit: unset to set once, then seen', () => {
    for (const store of [exactStore(), compactionStore()]) {
      expect(store.visit(parts(1), false)).toBe('new');
      expect(store.visit(parts(1), false)).toBe('seen');
      expect(store.visit(parts(1), true)).toBe('flagged');
      expect(store.visit(parts(1), true)).toBe('seen');
      expect(store.visit(parts(2), true)).toBe('new');
      expect(store.visit(parts(2), true)).toBe('seen');
    }
  });

  it('hash compaction: about 8 bytes a state at its load, and the birthday bound as its risk', () => {
    const store = compactionStore();
    for (let n = 0; n < 60_000; n++) store.visit(parts(n), false);
    const report = store.report();
    expect(report.states).toBe(60_000);
    expect(report.bytesPerState).toBeLessThanOrEqual(8 / 0.375);
    // 1 − e^(−n(n−1)/2^64) for 63-bit fingerprints: about 2e-10 at 60,000 states.
    expect(report.omissionProbability).toBeCloseTo((60_000 * 59_999) / 2 ** 64, 15);
    expect(collisionProbability(2 ** 32, 63)).toBeCloseTo(1 - Math.exp(-1), 3);
  });

  it('bitstate: a crowded bit array omits states and says so', () => {
    // 1/64 MiB = 131,072 bits for 60,000 states: a hash factor near 2, far below SPIN's 100.
    const store = bitstateStore(1 / 64, 3);
    let stored = 0;
    for (let n = 0; n < 60_000; n++) if (store.visit(parts(n), false) === 'new') stored++;
    const report = store.report();
    expect(stored).toBe(report.states);
    expect(stored).toBeLessThan(60_000);
    expect(report.hashFactor).toBeCloseTo(131_072 / stored, 6);
    expect(report.expectedCoverage).toBeLessThan(0.9);
    // A roomy one (hash factor above 100) stores them all and expects full coverage.
    const roomy = bitstateStore(2, 3);
    for (let n = 0; n < 60_000; n++) roomy.visit(parts(n), false);
    expect(roomy.report().states).toBe(60_000);
    expect(roomy.report().expectedCoverage).toBeGreaterThan(0.999);
  });
});
