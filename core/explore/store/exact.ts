import { hashBytes, hashWords } from '../hash.js';
import type { StateKey } from '../state-key.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * The exact store: each distinct part (a replica's descriptor, the logs, …) gets a small number
 * once (SPIN's collapse compression), a state is the varint sequence of its parts' numbers in a
 * byte arena, and an open-addressing index over an Int32Array finds it. No state is ever taken
 * for another. A state's first byte holds its flag; with `sides`, four more bytes hold a word the
 * search keeps per state (the partial-order reduction's sleep set), found again by the state's
 * handle (its offset, which never moves).
 */

/**
 * The parts met so far, each numbered once: kept as [length, number, words…] in one Int32Array,
 * found by an open-addressing index of their offsets.
 */
const partTable = () => {
  let words = new Int32Array(1 << 14);
  let used = 0;
  let index = new Int32Array(1 << 10);
  let count = 0;

  const place = (table: Int32Array, offset: number) => {
    const mask = table.length - 1;
    let slot = hashWords(words, offset + 2, offset + 2 + words[offset]!) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = offset + 1;
  };

  const sameAt = (offset: number, key: Int32Array, from: number, length: number): boolean => {
    if (words[offset] !== length) return false;
    for (let i = 0; i < length; i++) if (words[offset + 2 + i] !== key[from + i]) return false;
    return true;
  };

  return {
    numberOf: (key: Int32Array, from: number, to: number): number => {
      const length = to - from;
      const mask = index.length - 1;
      let slot = hashWords(key, from, to) & mask;
      for (let entry = index[slot]!; entry !== 0; entry = index[slot]!) {
        if (sameAt(entry - 1, key, from, length)) return words[entry]!;
        slot = (slot + 1) & mask;
      }
      if (used + length + 2 > words.length) {
        const bigger = new Int32Array(Math.max(words.length * 2, used + length + 2));
        bigger.set(words.subarray(0, used));
        words = bigger;
      }
      words[used] = length;
      words[used + 1] = count;
      words.set(key.subarray(from, to), used + 2);
      index[slot] = used + 1;
      used += length + 2;
      if (++count * 2 > index.length) {
        const bigger = new Int32Array(index.length * 2);
        for (const entry of index) if (entry !== 0) place(bigger, entry - 1);
        index = bigger;
      }
      return count - 1;
    },
    bytes: () => words.byteLength + index.byteLength,
  };
};

export const exactStore = (sides = false): VisitedStore => {
  const head = sides ? 6 : 2;
  let last = -1;
  const parts = partTable();
  let arena = new Uint8Array(1 << 16);
  let used = 0;
  /** Slot → offset + 1 of the state's bytes in the arena; 0 is empty. */
  let index = new Int32Array(1 << 12);
  let states = 0;
  let scratch = new Uint8Array(256);

  /** Encode into scratch: each part's number as a varint. */
  const encode = (key: StateKey): number => {
    const count = key.parts();
    if (scratch.length < 5 * count + 5) scratch = new Uint8Array(10 * count + 10);
    const words = key.words();
    let at = 0;
    let from = 0;
    for (let p = 0; p < count; p++) {
      const to = key.partEnd(p);
      let n = parts.numberOf(words, from, to);
      from = to;
      while (n >= 0x80) {
        scratch[at++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      scratch[at++] = n;
    }
    return at;
  };

  const lengthAt = (offset: number) => arena[offset + 1]!;
  const equalAt = (offset: number, length: number): boolean => {
    if (lengthAt(offset) !== length) return false;
    for (let i = 0; i < length; i++) if (arena[offset + head + i] !== scratch[i]) return false;
    return true;
  };

  const place = (table: Int32Array, offset: number, hash: number) => {
    const mask = table.length - 1;
    let slot = hash & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = offset + 1;
  };

  const grow = () => {
    const bigger = new Int32Array(index.length * 2);
    for (const entry of index)
      if (entry !== 0) {
        const offset = entry - 1;
        place(bigger, offset, hashBytes(arena, offset + head, offset + head + lengthAt(offset)));
      }
    index = bigger;
  };

  const visit = (key: StateKey, flag: boolean): Visit => {
    const length = encode(key);
    if (length > 255) throw new RangeError('a state key longer than 255 bytes');
    const hash = hashBytes(scratch, 0, length);
    const mask = index.length - 1;
    let slot = hash & mask;
    for (let entry = index[slot]!; entry !== 0; entry = index[slot]!) {
      const offset = entry - 1;
      if (equalAt(offset, length)) {
        last = offset;
        if (!flag || arena[offset] === 1) return 'seen';
        arena[offset] = 1;
        return 'flagged';
      }
      slot = (slot + 1) & mask;
    }
    if (used + length + head > arena.length) {
      const bigger = new Uint8Array(Math.max(arena.length + (arena.length >>> 1), used + 262));
      bigger.set(arena.subarray(0, used));
      arena = bigger;
    }
    arena[used] = flag ? 1 : 0;
    arena[used + 1] = length;
    arena.set(scratch.subarray(0, length), used + head);
    index[slot] = used + 1;
    last = used;
    used += length + head;
    states++;
    if (states * 2 > index.length) grow();
    return 'new';
  };

  const sideOf = (handle: number): number =>
    (arena[handle + 2]! |
      (arena[handle + 3]! << 8) |
      (arena[handle + 4]! << 16) |
      (arena[handle + 5]! << 24)) >>>
    0;
  const setSide = (handle: number, value: number): void => {
    arena[handle + 2] = value & 0xff;
    arena[handle + 3] = (value >>> 8) & 0xff;
    arena[handle + 4] = (value >>> 16) & 0xff;
    arena[handle + 5] = (value >>> 24) & 0xff;
  };

  return {
    visit,
    size: () => states,
    ...(sides ? { sides: { handle: () => last, get: sideOf, set: setSide } } : {}),
    report: () => {
      const bytes = arena.byteLength + index.byteLength + parts.bytes();
      return { kind: 'exact', states, bytes, bytesPerState: states === 0 ? 0 : bytes / states };
    },
  };
};
