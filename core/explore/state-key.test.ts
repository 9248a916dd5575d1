import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './hash.js';
import { KeyWriter, keyOfTexts, keyText, type StateKey } from './state-key.js';
import { exactStore } from './store/exact.js';

/**
 * A key's words must keep apart every two states that differ: a number too large for one word, an
 * LSN far from the base (real LSNs exceed 2^53), text, and where a part ends. Each check writes two
 * keys and expects their words, their fingerprints and the exact store to tell them apart exactly
 * when their contents differ.
 */
const written = (write: (w: KeyWriter) => void): { text: string; key: StateKey } => {
  const w = new KeyWriter().begin();
  write(w);
  return { text: keyText(w), key: w };
};

const fingerprintOf = (write: (w: KeyWriter) => void) => fingerprint(written(write).key);

/** One part, written by `write`, as text. */
const onePart = (write: (w: KeyWriter) => void): string =>
  written((w) => {
    write(w);
    w.endPart();
  }).text;

describe('the key as words', () => {
  const base = 98_000_000_000_000_000_000_000n;

  it('writes LSNs near the base in one word, others exactly, each apart from the rest', () => {
    const lsn = (d: bigint) => onePart((w) => w.lsn(base + d, base));
    expect(lsn(5n)).toBe('5');
    const far = [2n ** 31n, 2n ** 31n + 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n, -(2n ** 40n)];
    const texts = far.map(lsn);
    expect(new Set(texts).size).toBe(far.length);
    // None reads as a small LSN: the escape word is one no LSN near the base is written as.
    for (const t of texts) expect(t.split(',').length).toBeGreaterThan(1);
    // The writer's memory of the last LSN keeps no stale word when the base changes.
    const w = new KeyWriter().begin();
    w.lsn(base + 7n, base);
    w.lsn(base + 7n, base + 1n);
    w.endPart();
    expect(keyText(w)).toBe('7,6');
  });

  it('writes any whole number below 2^53 apart from every other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
        fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
        (x, y) => {
          const a = onePart((w) => w.number(x));
          const b = onePart((w) => w.number(y));
          return (a === b) === (x === y);
        },
      ),
      { seed: 20261205, numRuns: 2000 },
    );
    for (const x of [2 ** 31, 2 ** 32, -(2 ** 32) - 1, 2 ** 53 - 1])
      expect(onePart((w) => w.number(x))).not.toBe(onePart((w) => w.number(x - 1)));
  });

  it('keeps where a part ends: the same words in other parts make another state', () => {
    const oneTwo = (w: KeyWriter) => {
      w.word(1);
      w.word(2);
      w.endPart();
      w.word(3);
      w.endPart();
    };
    const twoThree = (w: KeyWriter) => {
      w.word(1);
      w.endPart();
      w.word(2);
      w.word(3);
      w.endPart();
    };
    expect(fingerprintOf(oneTwo)).not.toEqual(fingerprintOf(twoThree));
    const store = exactStore();
    expect(store.visit(written(oneTwo).key, false)).toBe('new');
    expect(store.visit(written(twoThree).key, false)).toBe('new');
    expect(store.visit(written(oneTwo).key, false)).toBe('seen');
    expect(keyText(keyOfTexts(['ab', 'c']))).not.toBe(keyText(keyOfTexts(['a', 'bc'])));
  });

  it('the exact store tells random keys apart exactly when their words differ', () => {
    const part = fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.array(part, { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        (keys) => {
          const store = exactStore();
          const seen = new Set<string>();
          for (const parts of keys) {
            const k = written((w) => {
              for (const p of parts) {
                for (const x of p) w.word(x);
                w.endPart();
              }
            });
            const expected = seen.has(JSON.stringify(parts)) ? 'seen' : 'new';
            seen.add(JSON.stringify(parts));
            if (store.visit(k.key, false) !== expected) return false;
          }
          return true;
        },
      ),
      { seed: 20261205, numRuns: 500 },
    );
  });
});
