import { ForkDistances } from './fork-distances.js';
import { Namers } from './fork-names.js';
import { compareWords, KeyWriter, Runs } from './state-key.js';
import { MAX_TWIN_REPLICAS, NO_TWINS } from './twins.js';

// What the key's writing (key.ts) and its ordering of replicas (replica-order.ts) share.

/** What writing a key needs besides its words, kept with the writer and cleared for each key. */
export class KeyMemory {
  readonly namers = new Namers();
  readonly heads = new Runs();
  readonly copies = new Runs();
  readonly forks = new Runs();
  readonly logs = new Runs();
  readonly signatures = new Runs();
  readonly rows = new Runs();
  readonly distances = new ForkDistances();
  /** A record's keys in order (`sortedKeys`). */
  readonly keys: string[] = [];
  order: Int32Array = new Int32Array(16);
  columns: Int32Array = new Int32Array(16);
  invariants: Int32Array = new Int32Array(16);
  /** Each replica's head, each copy (replica × database) and each descriptor, hashed. */
  headHashes: Int32Array = new Int32Array(16);
  copyHashes: Int32Array = new Int32Array(32);
  replicaHashes: Int32Array = new Int32Array(16);
  /** Runs of tied replicas in the order (their first place and length), and `canonicalTies`' work. */
  tieStarts = new Int32Array(16);
  tieLengths = new Int32Array(16);
  readonly tieDatabases: string[] = [];
  readonly ties = new KeyWriter();
  bestOrder = new Int32Array(16);
  /** Each replica's twins' first replica (twins.ts), and the last key's twins. */
  readonly leaders = new Int32Array(MAX_TWIN_REPLICAS);
  readonly lowest = new Int32Array(MAX_TWIN_REPLICAS);
  twins = NO_TWINS;
}

/** The writers' memories: a writer lives as long as its search, and looks its memory up per key. */
const memories = new WeakMap<KeyWriter, KeyMemory>();
export const memoryOf = (w: KeyWriter): KeyMemory => {
  let m = memories.get(w);
  if (m === undefined) {
    m = new KeyMemory();
    memories.set(w, m);
  }
  return m;
};

/**
 * A record's keys in order, written into `into` (kept by the search: the key reads a replica's
 * copies and the logs of every state); returns how many. An insertion sort, for a database or two.
 */
export const sortedKeys = (record: Readonly<Record<string, unknown>>, into: string[]): number => {
  let count = 0;
  for (const k in record) {
    let at = count++;
    for (; at > 0 && into[at - 1]! > k; at--) into[at] = into[at - 1]!;
    into[at] = k;
  }
  return count;
};

/** Two replicas' descriptors compared, head then copies in the columns' order. */
export const compareDescriptors = (
  m: KeyMemory,
  words: Int32Array,
  i: number,
  j: number,
  columns: Int32Array | null,
  width: number,
): number => {
  const head = compareRuns(words, m.heads, i, j);
  if (head !== 0 || columns === null) return head;
  for (let col = 0; col < width; col++) {
    const copy = compareRuns(words, m.copies, i * width + columns[col]!, j * width + columns[col]!);
    if (copy !== 0) return copy;
  }
  return 0;
};

/** Runs x and y of `runs` compared word by word. */
export const compareRuns = (words: Int32Array, runs: Runs, x: number, y: number): number =>
  compareWords(
    words,
    runs.starts[x]!,
    runs.ends[x]! - runs.starts[x]!,
    runs.starts[y]!,
    runs.ends[y]! - runs.starts[y]!,
  );

/** A head's and a copy's hashes as one, so that the sum over replicas keeps which head held which copy. */
export const mixPair = (head: number, copy: number): number => {
  let h = Math.imul(head ^ Math.imul(copy, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
};
