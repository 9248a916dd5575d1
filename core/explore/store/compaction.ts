import { fingerprint } from '../hash.js';
import type { StateKey } from '../state-key.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * Hash compaction: each state is a 63-bit fingerprint in an open-addressing table of two
 * Uint32Arrays' worth of slots (the 64th bit is the state's flag). Two distinct states with the
 * same fingerprint are taken for one, so the search may omit states; the report gives the
 * probability that it did.
 */

const FLAG = 0x80000000;
const MAX_LOAD = 0.75;

/** P(some two of n states share a b-bit fingerprint) = 1 − e^(−n(n−1)/2^(b+1)), the birthday bound. */
export const collisionProbability = (states: number, bits: number): number =>
  -Math.expm1(-(states * (states - 1)) / 2 ** (bits + 1));

export const FINGERPRINT_BITS = 63;

export const compactionStore = (): VisitedStore => {
  /** Slot i is words 2i (high, with the flag) and 2i + 1 (low); both 0 is empty. */
  let table = new Uint32Array(2 << 12);
  let states = 0;

  const place = (t: Uint32Array, hi: number, lo: number): number => {
    const mask = t.length / 2 - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = t[2 * slot]!;
      const l = t[2 * slot + 1]!;
      if (h === 0 && l === 0) return slot;
      if ((h & ~FLAG) >>> 0 === hi && l === lo) return -1 - slot;
      slot = (slot + 1) & mask;
    }
  };

  const grow = () => {
    const bigger = new Uint32Array(table.length * 2);
    for (let i = 0; i < table.length; i += 2) {
      const h = table[i]!;
      const l = table[i + 1]!;
      if (h === 0 && l === 0) continue;
      const slot = place(bigger, (h & ~FLAG) >>> 0, l);
      bigger[2 * slot] = h;
      bigger[2 * slot + 1] = l;
    }
    table = bigger;
  };

  const visit = (key: StateKey, flag: boolean): Visit => {
    const f = fingerprint(key);
    const hi = (f.hi & ~FLAG) >>> 0;
    const lo = hi === 0 && f.lo === 0 ? 1 : f.lo;
    const slot = place(table, hi, lo);
    if (slot < 0) {
      const at = 2 * (-1 - slot);
      if (!flag || (table[at]! & FLAG) !== 0) return 'seen';
      table[at] = (table[at]! | FLAG) >>> 0;
      return 'flagged';
    }
    table[2 * slot] = flag ? (hi | FLAG) >>> 0 : hi;
    table[2 * slot + 1] = lo;
    states++;
    if (states > (table.length / 2) * MAX_LOAD) grow();
    return 'new';
  };

  return {
    visit,
    size: () => states,
    report: () => ({
      kind: 'hashCompaction',
      states,
      bytes: table.byteLength,
      bytesPerState: states === 0 ? 0 : table.byteLength / states,
      omissionProbability: collisionProbability(states, FINGERPRINT_BITS),
    }),
  };
};
