/**
 * A 64-bit fingerprint of a state's parts, as two 32-bit lanes (the cyrb53 mixing, both lanes
 * kept). A separator after each part keeps ["ab", "c"] apart from ["a", "bc"].
 */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

const SEPARATOR = 0x1f;

export const fingerprint = (parts: readonly string[], seed = 0): Fingerprint => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const ch = part.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ SEPARATOR, 2654435761);
    h2 = Math.imul(h2 ^ SEPARATOR, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: h2 >>> 0, lo: h1 >>> 0 };
};

/** FNV-1a over bytes, for the exact store's index. */
export const hashBytes = (bytes: Uint8Array, from: number, to: number): number => {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h >>> 0;
};
