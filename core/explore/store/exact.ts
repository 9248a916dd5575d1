import { hashBytes } from '../hash.js';
import type { Visit, VisitedStore } from './types.js';

/**
 * The exact store: each distinct part (a replica's descriptor, the logs, …) gets a small number
 * once (SPIN's collapse compression), a state is the varint sequence of its parts' numbers in a
 * byte arena, and an open-addressing index over an Int32Array finds it. No state is ever taken
 * for another. A state's first byte holds its flag; with `sides`, four more bytes hold a word the
 * search keeps per state (the partial-order reduction's sleep set), found again by the state's
 * handle (its offset, which never moves).
 */

/** Rough cost of one entry in the part table: a Map slot and a JS string of `length` characters. */
const partBytes = (length: number) => 48 + 2 * length;

export const exactStore = (sides = false): VisitedStore => {
  const head = sides ? 6 : 2;
  let last = -1;
  const numbers = new Map<string, number>();
  let partTableBytes = 0;
  let arena = new Uint8Array(1 << 16);
  let used = 0;
  /** Slot → offset + 1 of the state's bytes in the arena; 0 is empty. */
  let index = new Int32Array(1 << 12);
  let states = 0;
  let scratch = new Uint8Array(256);

  const numberOf = (part: string): number => {
    const known = numbers.get(part);
    if (known !== undefined) return known;
    const n = numbers.size;
    numbers.set(part, n);
    partTableBytes += partBytes(part.length);
    return n;
  };

  /** Encode into scratch: length varint, then each part's number as a varint. */
  const encode = (parts: readonly string[]): number => {
    if (scratch.length < 5 * parts.length + 5) scratch = new Uint8Array(10 * parts.length + 10);
    let at = 0;
    for (const part of parts) {
      let n = numberOf(part);
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

  const visit = (parts: readonly string[], flag: boolean): Visit => {
    const length = encode(parts);
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
      const bytes = arena.byteLength + index.byteLength + partTableBytes;
      return { kind: 'exact', states, bytes, bytesPerState: states === 0 ? 0 : bytes / states };
    },
  };
};
