import { fingerprint } from '../hash.js';
import type { StateKey } from '../state-key.js';
import { collisionProbability, FINGERPRINT_BITS } from './compaction.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * Hash compaction in a SharedArrayBuffer, for a search whose workers share one visited table: a
 * slot is two 32-bit words, the fingerprint's high lane (31 bits, with the flag as its top bit)
 * and its low lane. A worker claims a slot by Atomics.compareExchange on the high word, then
 * stores the low one; so two workers reaching one state both see it and exactly one of them gets
 * "new". Int32 words, not one BigInt64 word: a BigInt is a heap object, and every visit made
 * several. The table does not grow (a shared buffer cannot); it is sized for the state cap, and a
 * search stops at the cap.
 */

const FLAG = 1 << 31;
const HIGH = 0x7fffffff;
const MAX_LOAD = 0.75;
/** Header words: [0] the number of states. */
const HEADER_BYTES = 8;

/** A buffer for a table of at least `maxStates` states at three-quarters load. */
export const sharedTableBuffer = (maxStates: number): SharedArrayBuffer => {
  let slots = 1024;
  while (slots * MAX_LOAD < maxStates + 1) slots *= 2;
  return new SharedArrayBuffer(HEADER_BYTES + slots * 8);
};

export const sharedCompactionStore = (buffer: SharedArrayBuffer): VisitedStore => {
  const header = new Int32Array(buffer, 0, 2);
  /** Slot i is words 2i (high lane and flag) and 2i + 1 (low lane); a high word of 0 is free. */
  const words = new Int32Array(buffer, HEADER_BYTES);
  const mask = words.length / 2 - 1;

  /** The low word of a slot claimed by another worker, once that worker has stored it. */
  const lowOf = (at: number): number => {
    let low = Atomics.load(words, at + 1);
    // The claimer stores it right after its compareExchange: the wait is a few instructions.
    while (low === 0) low = Atomics.load(words, at + 1);
    return low;
  };

  const visit = (key: StateKey, flag: boolean): Visit => {
    const f = fingerprint(key);
    // Neither lane may be 0, which marks a free slot and a low word not yet stored.
    const hi = f.hi & HIGH || 1;
    const lo = f.lo | 0 || 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (let probes = 0; ; probes++) {
      // Sized for the state cap at three-quarters load: a full table is a caller's error.
      if (probes > mask) throw new RangeError('the shared visited table is full');
      const at = 2 * slot;
      let high = Atomics.load(words, at);
      if (high === 0) {
        high = Atomics.compareExchange(words, at, 0, flag ? hi | FLAG : hi);
        if (high === 0) {
          Atomics.store(words, at + 1, lo);
          Atomics.add(header, 0, 1);
          return 'new';
        }
      }
      if ((high & HIGH) === hi && lowOf(at) === lo) {
        for (;;) {
          const now = Atomics.load(words, at);
          if (!flag || (now & FLAG) !== 0) return 'seen';
          if (Atomics.compareExchange(words, at, now, now | FLAG) === now) return 'flagged';
        }
      }
      slot = (slot + 1) & mask;
    }
  };

  const size = () => Atomics.load(header, 0);
  return {
    visit,
    size,
    report: () => {
      const states = size();
      return {
        kind: 'hashCompaction',
        states,
        bytes: buffer.byteLength,
        bytesPerState: states === 0 ? 0 : buffer.byteLength / states,
        omissionProbability: collisionProbability(states, FINGERPRINT_BITS),
      };
    },
  };
};
