import { fingerprint } from '../hash.js';
import type { StateKey } from '../state-key.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * Bitstate hashing (SPIN's supertrace): a state sets `hashes` bits of a bit array, derived from
 * its 64-bit fingerprint by double hashing; it counts as seen when all of them are set already.
 * A new state whose bits happen to be set is omitted, so the report estimates the coverage: at
 * each new state the chance that it would have been taken for seen is (bits set ÷ bits)^hashes,
 * the Bloom filter's false-positive rate at that fill, and the expected omissions are their sum.
 * The flag is not kept: a lossy search answers "without losing quorum" from the first path only.
 */

export const DEFAULT_HASHES = 3;

/** `seed` picks the hash functions: swarm runs hash with their own, so their omissions differ. */
export const bitstateStore = (
  mebibytes: number,
  hashes = DEFAULT_HASHES,
  seed = 0,
): VisitedStore => {
  const bits = Math.max(64, Math.floor(mebibytes * 8 * 1024 * 1024));
  const words = new Uint32Array(Math.ceil(bits / 32));
  let states = 0;
  let set = 0;
  let expectedOmissions = 0;

  const visit = (key: StateKey): Visit => {
    const f = fingerprint(key, seed);
    // Double hashing (h1 + i·h2); an odd step visits distinct positions.
    const step = (f.hi | 1) >>> 0;
    const falselySeen = (set / bits) ** hashes;
    let fresh = false;
    for (let i = 0; i < hashes; i++) {
      const bit = (f.lo + i * step) % bits;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((words[word]! & mask) === 0) {
        words[word] = words[word]! | mask;
        set++;
        fresh = true;
      }
    }
    if (!fresh) return 'seen';
    expectedOmissions += falselySeen;
    states++;
    return 'new';
  };

  return {
    visit,
    size: () => states,
    report: () => ({
      kind: 'bitstate',
      states,
      bytes: words.byteLength,
      bytesPerState: states === 0 ? 0 : words.byteLength / states,
      hashFactor: states === 0 ? Number.POSITIVE_INFINITY : bits / states,
      hashes,
      expectedCoverage: states === 0 ? 1 : states / (states + expectedOmissions),
    }),
  };
};
