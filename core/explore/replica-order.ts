import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import type { LogPosition } from '../model/facts.js';
import { hashWords } from './hash.js';
import { compareDescriptors, type KeyMemory, memoryOf, mixPair, sortedKeys } from './key-memory.js';
import { compareWords, type KeyWriter } from './state-key.js';
import { MAX_TWIN_REPLICAS, NO_TWINS, twinWord } from './twins.js';

// Where the key (key.ts) places the replicas: sorted by descriptor, ties made canonical, and the
// twins among them found on the way.

/**
 * The replicas in the order of their descriptors (a head, then with interchangeable databases its
 * copies in the columns' order), into `m.order`: by a hash of the descriptor, and on a tie by its
 * words. Any order that is a function of the descriptors alone gives replicas in swapped roles one
 * key; the hashes spare copying each descriptor whole and comparing them word by word.
 */
export const orderReplicas = (
  m: KeyMemory,
  words: Int32Array,
  n: number,
  columns: Int32Array | null,
  width: number,
): Int32Array => {
  const hashes = m.replicaHashes.length >= n ? m.replicaHashes : new Int32Array(2 * n);
  m.replicaHashes = hashes;
  const { heads } = m;
  for (let i = 0; i < n; i++) {
    if (columns === null) hashes[i] = hashWords(words, heads.starts[i]!, heads.ends[i]!);
    else {
      let h = m.headHashes[i]!;
      for (let col = 0; col < width; col++)
        h = mixPair(h, m.copyHashes[i * width + columns[col]!]!);
      hashes[i] = h;
    }
  }
  const order = m.order.length >= n ? m.order : new Int32Array(2 * n);
  m.order = order;
  for (let i = 0; i < n; i++) {
    let at = i;
    for (; at > 0; at--) {
      const j = order[at - 1]!;
      if (hashes[j]! < hashes[i]!) break;
      if (hashes[j] === hashes[i] && compareDescriptors(m, words, j, i, columns, width) <= 0) break;
      order[at] = j;
    }
    order[at] = i;
  }
  return order;
};

/** Orders of tied replicas tried at most; beyond, they keep the order of their indexes (still sound). */
const MAX_TIE_ORDERS = 720;

/**
 * Replicas with equal descriptors sort by index, and the fork counts written after the
 * descriptors follow that order: two mirror images of one state whose tied replicas stand on
 * different forks (equal descriptors name a position by the records before it) would write two
 * keys. Of every order of each run of tied replicas, the one whose counts write least is taken,
 * a function of the state up to symmetry. Twins (the same positions, fork for fork) write alike
 * in either order, so only runs with replicas on different forks are tried.
 */
export const canonicalTies = (
  m: KeyMemory,
  words: Int32Array,
  c: Cluster,
  order: Int32Array,
  columns: Int32Array | null,
): void => {
  const n = c.replicas.length;
  const width = c.config.databases.length;
  const hashes = m.replicaHashes;
  if (m.tieStarts.length < n) {
    m.tieStarts = new Int32Array(2 * n);
    m.tieLengths = new Int32Array(2 * n);
    m.bestOrder = new Int32Array(2 * n);
  }
  const starts = m.tieStarts;
  const lengths = m.tieLengths;
  let runs = 0;
  let orders = 1;
  let apart = false;
  for (let k = 1; k < n; k++) {
    const j = order[k - 1]!;
    const i = order[k]!;
    if (hashes[j] !== hashes[i] || compareDescriptors(m, words, j, i, columns, width) !== 0)
      continue;
    if (runs > 0 && starts[runs - 1]! + lengths[runs - 1]! === k) lengths[runs - 1]!++;
    else {
      starts[runs] = k - 1;
      lengths[runs++] = 2;
    }
    orders *= lengths[runs - 1]!;
    if (!samePositions(c.replicas[j]!, c.replicas[i]!)) apart = true;
  }
  if (!apart || orders > MAX_TIE_ORDERS) return;
  const databases = m.tieDatabases;
  if (columns !== null) {
    for (let k = 0; k < width; k++) databases[k] = c.config.databases[columns[k]!]!;
    databases.length = width;
  } else {
    const count = sortedKeys(c.logs, m.keys);
    for (let k = 0; k < count; k++) databases[k] = m.keys[k]!;
    databases.length = count;
  }
  const t = m.ties.begin();
  const best = m.bestOrder;
  best.set(order.subarray(0, n));
  let bestStart = 0;
  let bestEnd = writeCounts(m, t, databases, order);
  for (;;) {
    // The next order, an odometer over the runs, each run's replicas in lexicographic order.
    let r = 0;
    while (r < runs && !nextPermutation(order, starts[r]!, starts[r]! + lengths[r]!)) r++;
    if (r === runs) break;
    const start = t.at();
    const end = writeCounts(m, t, databases, order);
    if (compareWords(t.words(), start, end - start, bestStart, bestEnd - bestStart) < 0) {
      best.set(order.subarray(0, n));
      bestStart = start;
      bestEnd = end;
    }
  }
  order.set(best.subarray(0, n));
};

/** Writes every database's fork counts in `order`; returns where they end. */
const writeCounts = (
  m: KeyMemory,
  t: KeyWriter,
  databases: readonly string[],
  order: Int32Array,
): number => {
  for (const db of databases) m.distances.write(t, db, order);
  return t.at();
};

/**
 * Rearranges `a[from, to)` into the next order in lexicographic order; after the last, back to
 * the first (ascending), returning false.
 */
const nextPermutation = (a: Int32Array, from: number, to: number): boolean => {
  let k = to - 2;
  while (k >= from && a[k]! >= a[k + 1]!) k--;
  if (k >= from) {
    let l = to - 1;
    while (a[l]! <= a[k]!) l--;
    swap(a, k, l);
  }
  for (let x = k + 1, y = to - 1; x < y; x++, y--) swap(a, x, y);
  return k >= from;
};

const swap = (a: Int32Array, x: number, y: number): void => {
  const v = a[x]!;
  a[x] = a[y]!;
  a[y] = v;
};

/**
 * The replicas that are twins (twins.ts): equal descriptors, which sort next to each other, and
 * copies at the very same positions. The key names a position by the records before it, so a
 * copy at the start of one recovery fork and a copy at the same LSN at the start of another have
 * equal descriptors; but the step moves each along its own fork, and the fork counts part their
 * successors' keys.
 */
export const twinsOf = (
  m: KeyMemory,
  words: Int32Array,
  c: Cluster,
  order: Int32Array,
  columns: Int32Array | null,
): number => {
  const { replicas } = c;
  const n = replicas.length;
  if (n > MAX_TWIN_REPLICAS) return NO_TWINS;
  const width = c.config.databases.length;
  const leaders = m.leaders;
  const hashes = m.replicaHashes;
  let any = false;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    leaders[i] = i;
    // Tied replicas sort next to each other, but `canonicalTies` may have placed one on another
    // fork between two twins: look back along the whole run.
    for (let b = k - 1; b >= 0; b--) {
      const j = order[b]!;
      if (hashes[j] !== hashes[i] || compareDescriptors(m, words, j, i, columns, width) !== 0)
        break;
      if (samePositions(replicas[j]!, replicas[i]!)) {
        leaders[i] = leaders[j]!;
        any = true;
        break;
      }
    }
  }
  if (!any) return NO_TWINS;
  // A group's first replica is its lowest index (twins.ts), whatever order the key gave them.
  const lowest = m.lowest;
  lowest.fill(MAX_TWIN_REPLICAS);
  for (let i = 0; i < n; i++) if (i < lowest[leaders[i]!]!) lowest[leaders[i]!] = i;
  for (let i = 0; i < n; i++) leaders[i] = lowest[leaders[i]!]!;
  return twinWord(leaders, n);
};

const samePosition = (a: LogPosition, b: LogPosition): boolean =>
  a.fork === b.fork && a.lsn === b.lsn;

/** Whether two replicas hold the same databases at the same positions, fork for fork. */
const samePositions = (a: ReplicaRuntime, b: ReplicaRuntime): boolean => {
  for (const db in a.databases) {
    const x = a.databases[db]!;
    const y = b.databases[db];
    if (
      y === undefined ||
      !samePosition(x.received, y.received) ||
      !samePosition(x.hardened, y.hardened) ||
      !samePosition(x.redone, y.redone)
    )
      return false;
  }
  return true;
};

/** The twins' word of the key `w` wrote last (twins.ts). */
export const lastTwins = (w: KeyWriter): number => memoryOf(w).twins;
