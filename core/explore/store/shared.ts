import { fingerprint } from '../hash.js';
import { collisionProbability, FINGERPRINT_BITS } from './compaction.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * Hash compaction in a SharedArrayBuffer, for a search whose workers share one visited table: a
 * slot is a 64-bit word (63-bit fingerprint and the flag bit) claimed with Atomics.compareExchange,
 * so two workers reaching one state both see it and exactly one of them gets "new". The table does
 * not grow (a shared buffer cannot); it is sized for the state cap, and a search stops at the cap.
 */

const FLAG = 1n << 63n;
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
  const table = new BigInt64Array(buffer, HEADER_BYTES);
  const mask = table.length - 1;

  const visit = (parts: readonly string[], flag: boolean): Visit => {
    const f = fingerprint(parts);
    const hi = f.hi & 0x7fffffff;
    let value = (BigInt(hi) << 32n) | BigInt(f.lo);
    if (value === 0n) value = 1n;
    const tagged = BigInt.asIntN(64, flag ? value | FLAG : value);
    let slot = (f.lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (let probes = 0; ; probes++) {
      // Sized for the state cap at three-quarters load: a full table is a caller's error.
      if (probes > mask) throw new RangeError('the shared visited table is full');
      let current = Atomics.load(table, slot);
      if (current === 0n) {
        current = Atomics.compareExchange(table, slot, 0n, tagged);
        if (current === 0n) {
          Atomics.add(header, 0, 1);
          return 'new';
        }
      }
      const unsigned = BigInt.asUintN(64, current);
      if ((unsigned & ~FLAG) === value) {
        for (;;) {
          const now = BigInt.asUintN(64, Atomics.load(table, slot));
          if (!flag || (now & FLAG) !== 0n) return 'seen';
          const was = Atomics.compareExchange(
            table,
            slot,
            BigInt.asIntN(64, now),
            BigInt.asIntN(64, now | FLAG),
          );
          if (was === BigInt.asIntN(64, now)) return 'flagged';
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
