import type { StateKey } from './state-key.js';

/**
 * A 64-bit fingerprint of a state's key, as two 32-bit lanes (the cyrb53 mixing over words, both
 * lanes kept). Each part's length after its words keeps [[1, 2], [3]] apart from [[1], [2, 3]].
 */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

export const fingerprint = (key: StateKey, seed = 0): Fingerprint => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  const words = key.words();
  let from = 0;
  for (let p = 0; p < key.parts(); p++) {
    const to = key.partEnd(p);
    for (let i = from; i < to; i++) {
      const x = words[i]!;
      h1 = Math.imul(h1 ^ x, 2654435761);
      h2 = Math.imul(h2 ^ x, 1597334677);
    }
    h1 = Math.imul(h1 ^ (to - from), 2654435761);
    h2 = Math.imul(h2 ^ (to - from), 1597334677);
    from = to;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: h2 >>> 0, lo: h1 >>> 0 };
};

/** A 32-bit hash of words `from` to `to` (FNV-1a's multiply, a word at a time), for the part table. */
export const hashWords = (words: Int32Array, from: number, to: number): number => {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ words[i]!, 16777619);
  return (h ^ (h >>> 15)) >>> 0;
};

/** FNV-1a over bytes, for the exact store's index. */
export const hashBytes = (bytes: Uint8Array, from: number, to: number): number => {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h >>> 0;
};
