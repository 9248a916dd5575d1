import type * as t from 'io-ts';
import type { Cluster } from '../cluster/types.js';
import { forksBehind, TRACKED_FORKS } from '../failover/fork-limit.js';
import type { Fork } from '../model/facts.js';
import { grown } from './grown.js';
import type { KeyWriter } from './state-key.js';

/**
 * How many recovery forks apart the copies' positions are, as the fork limit counts them
 * (core/failover/fork-limit.ts `forksBehind`: the forks forced failovers started on one position's
 * line since it met the other's), capped at TRACKED_FORKS, since every count from there on refuses
 * a resume alike.
 *
 * The fork names of the key (fork-names.ts) follow the records: a position at its fork's start
 * holds what the parent holds there, so a failover that lost nothing leaves the same names. The
 * fork limit counts forks, not records: a copy left at LSN X behind two forced failovers that each
 * started a fork at X cannot resume (error 1408), one behind a single failover can. Without these
 * counts two states with the same key could differ in whether a resume is refused, and the search
 * kept whichever it met first (core/explore/key-soundness.test.ts).
 */

/** A position without a copy (its replica holds no copy of the database). */
const NO_COPY = -1;

/**
 * The counts between positions depend only on the forks the positions stand on, and a state's
 * positions stand on a handful of forks: each database keeps, per position, the class of its fork
 * (forks whose counts to and from every other are the same make one class), and the counts between
 * classes. The key writes those (fewer words than every pair of positions, which on five replicas
 * are a hundred a database); the two say the same, since the classes are read off the counts.
 */
export class ForkDistances {
  private n = 0;
  /** The databases measured, the first `measured` entries of `databases` and `any`. */
  private measured = 0;
  private readonly databases: string[] = [];
  /** Per database, each position's class (2 per replica: received, hardened), `2n` words a database. */
  private classOf = new Int32Array(32);
  /** Per database: how many classes, and the counts between them, `classes × classes` from `matrixAt`. */
  private readonly classCount: number[] = [];
  private readonly matrixAt: number[] = [];
  private matrices = new Int32Array(64);
  private matricesUsed = 0;
  /** Per database: whether any count is not 0; and whether any database has one. */
  private readonly any: boolean[] = [];
  private anyAtAll = false;
  /** Per replica: how many of its counts, to and from the others, are 1 and how many 2. */
  private summaries = new Int32Array(16);
  /** Raw fork id per position, and each position's index among the distinct forks. */
  private forkAt = new Int32Array(16);
  private forkIndex = new Int32Array(16);
  private distinct = new Int32Array(16);
  private between = new Int32Array(64);
  private classOfFork = new Int32Array(16);
  private firstOfClass = new Int32Array(16);
  private onFork = new Int32Array(16);
  /** `write`'s renumbering of classes in the key's order, and its inverse. */
  private renamed = new Int32Array(16);
  private named = new Int32Array(16);

  /** Counts every database's positions of `c`, by replica index (before the key sorts them). */
  measure(c: Cluster): this {
    const n = c.replicas.length;
    const p2 = 2 * n;
    this.n = n;
    this.measured = 0;
    this.matricesUsed = 0;
    if (this.summaries.length < 4 * n) this.summaries = new Int32Array(8 * n);
    this.summaries.fill(0, 0, 4 * n);
    this.anyAtAll = false;
    for (const db in c.logs) {
      const d = this.measured++;
      if (this.classOf.length < (d + 1) * p2) this.classOf = grown(this.classOf, 2 * (d + 1) * p2);
      this.databases[d] = db;
      // Most states have had no forced failover: then every count is 0, and no copy is looked at.
      const between = countsOf(c.logs[db]?.forks ?? NO_FORKS);
      const any = between !== null && this.measureOne(c, db, d, between);
      this.any[d] = any;
      if (any) this.anyAtAll = true;
    }
    return this;
  }

  /** Whether any count of the cluster last measured is not 0. */
  anyCount(): boolean {
    return this.anyAtAll;
  }

  /** Words that tell this replica's place among the forks, whatever order the replicas take. */
  writeSummary(w: KeyWriter, replica: number): void {
    if (!this.anyAtAll) return;
    for (let k = 0; k < 4; k++) w.word(this.summaries[4 * replica + k]!);
  }

  /**
   * Writes database `db`'s counts: one word 0 when every count is 0 (every copy on forks no forced
   * failover separates); otherwise 1, then each position's class, replicas in the key's order
   * (`order`), received before hardened, the classes numbered as they first appear, then the count
   * between every ordered pair of classes in that numbering.
   */
  write(w: KeyWriter, db: string, order: Int32Array): void {
    let d = 0;
    while (d < this.measured && this.databases[d] !== db) d++;
    if (d === this.measured || this.any[d] !== true) {
      w.word(0);
      return;
    }
    w.word(1);
    const p2 = 2 * this.n;
    const classes = this.classCount[d]!;
    if (this.renamed.length < classes) {
      this.renamed = new Int32Array(2 * classes);
      this.named = new Int32Array(2 * classes);
    }
    const { renamed, named, classOf } = this;
    renamed.fill(-1, 0, classes);
    let next = 0;
    for (let p = 0; p < p2; p++) {
      const k = classOf[d * p2 + 2 * order[p >> 1]! + (p & 1)]!;
      if (renamed[k]! < 0) {
        named[next] = k;
        renamed[k] = next++;
      }
      w.word(renamed[k]!);
    }
    const at = this.matrixAt[d]!;
    for (let i = 0; i < classes; i++)
      for (let j = 0; j < classes; j++)
        w.word(this.matrices[at + named[i]! * classes + named[j]!]!);
  }

  private measureOne(c: Cluster, db: string, d: number, between: Between): boolean {
    const n = this.n;
    const p2 = 2 * n;
    if (this.forkAt.length < p2) {
      this.forkAt = new Int32Array(2 * p2);
      this.forkIndex = new Int32Array(2 * p2);
      this.distinct = new Int32Array(2 * p2);
      this.classOfFork = new Int32Array(2 * p2);
      this.firstOfClass = new Int32Array(2 * p2);
      this.onFork = new Int32Array(2 * p2);
    }
    const { forkAt, forkIndex, distinct } = this;
    let forks = 0;
    for (let i = 0; i < n; i++) {
      const copy = c.replicas[i]!.databases[db];
      forkAt[2 * i] = copy === undefined ? NO_COPY : copy.received.fork;
      forkAt[2 * i + 1] = copy === undefined ? NO_COPY : copy.hardened.fork;
    }
    for (let p = 0; p < p2; p++) {
      const f = forkAt[p]!;
      let k = 0;
      while (k < forks && distinct[k] !== f) k++;
      if (k === forks) distinct[forks++] = f;
      forkIndex[p] = k;
    }
    if (this.between.length < forks * forks) this.between = new Int32Array(2 * forks * forks);
    const counts = this.between;
    let any = false;
    for (let a = 0; a < forks; a++)
      for (let b = 0; b < forks; b++) {
        const fa = distinct[a]!;
        const fb = distinct[b]!;
        const count = fa === NO_COPY || fb === NO_COPY ? 0 : between(fa, fb);
        counts[a * forks + b] = count;
        if (count !== 0) any = true;
      }
    if (!any) return false;
    // Forks with the same counts to and from every fork are one class.
    const classOfFork = this.classOfFork;
    let classes = 0;
    for (let a = 0; a < forks; a++) {
      let same = -1;
      for (let b = 0; b < a && same < 0; b++)
        if (sameCounts(counts, forks, a, b)) same = classOfFork[b]!;
      classOfFork[a] = same >= 0 ? same : classes++;
    }
    // Each class's counts are its first fork's.
    const first = this.firstOfClass;
    for (let a = forks - 1; a >= 0; a--) first[classOfFork[a]!] = a;
    if (this.matrices.length < this.matricesUsed + classes * classes)
      this.matrices = grown(this.matrices, 2 * (this.matricesUsed + classes * classes));
    const at = this.matricesUsed;
    for (let x = 0; x < classes; x++)
      for (let y = 0; y < classes; y++)
        this.matrices[at + x * classes + y] = counts[first[x]! * forks + first[y]!]!;
    this.matricesUsed += classes * classes;
    this.matrixAt[d] = at;
    this.classCount[d] = classes;
    for (let p = 0; p < p2; p++) this.classOf[d * p2 + p] = classOfFork[forkIndex[p]!]!;
    // Counted for both ends: from p's replica (row) and to q's (column), 1 or 2, over the forks
    // with the number of positions on each.
    const onFork = this.onFork.fill(0, 0, forks);
    for (let p = 0; p < p2; p++) onFork[forkIndex[p]!] = onFork[forkIndex[p]!]! + 1;
    const summaries = this.summaries;
    for (let p = 0; p < p2; p++) {
      const a = forkIndex[p]!;
      const r = 4 * (p >> 1);
      for (let b = 0; b < forks; b++) {
        const out = counts[a * forks + b]!;
        if (out !== 0) summaries[r + out - 1] = summaries[r + out - 1]! + onFork[b]!;
        const into = counts[b * forks + a]!;
        if (into !== 0) summaries[r + 1 + into] = summaries[r + 1 + into]! + onFork[b]!;
      }
    }
    return true;
  }
}

/** Whether forks a and b have the same count to and from every fork. */
const sameCounts = (counts: Int32Array, forks: number, a: number, b: number): boolean => {
  for (let x = 0; x < forks; x++) {
    if (counts[a * forks + x] !== counts[b * forks + x]) return false;
    if (counts[x * forks + a] !== counts[x * forks + b]) return false;
  }
  return true;
};

const NO_FORKS: readonly Fork[] = [];

type Between = (a: number, b: number) => number;

/**
 * The counts between a log's forks, each worked out once: a log's forks are one array shared by
 * every state reached from the failover that made it. Null when no forced failover started any.
 */
const known = new WeakMap<readonly Fork[], Between | null>();

const countsOf = (forks: readonly Fork[]): Between | null => {
  let between = known.get(forks);
  if (between === undefined) {
    between = forks.some((f) => f.forced === true) ? memoized(forks) : null;
    known.set(forks, between);
  }
  return between;
};

/** forksBehind(a, b) capped at TRACKED_FORKS, for positions on forks a and b. */
const counted = (forks: readonly Fork[], a: number, b: number): number =>
  Math.min(
    forksBehind(forks, { fork: a as t.Int, lsn: 0n }, { fork: b as t.Int, lsn: 0n }),
    TRACKED_FORKS,
  );

/** Forks numbered below this are counted in a table, each pair once: ids are 0, 1, 2, … */
const TABLE_FORKS = 64;
const NOT_COUNTED = -1;

/** The counts of a log's forks, each pair worked out once, when first asked. */
const memoized = (forks: readonly Fork[]): Between => {
  let size = 0;
  for (const f of forks) if (f.id >= size) size = f.id + 1;
  if (size > TABLE_FORKS) {
    const answers = new Map<number, number>();
    return (a, b) => {
      if (a === b) return 0;
      const at = a * 0x10000 + b;
      let count = answers.get(at);
      if (count === undefined) {
        count = counted(forks, a, b);
        answers.set(at, count);
      }
      return count;
    };
  }
  const table = new Int8Array(size * size).fill(NOT_COUNTED);
  return (a, b) => {
    if (a === b) return 0;
    if (a < 0 || b < 0 || a >= size || b >= size) return counted(forks, a, b);
    const at = a * size + b;
    let count = table[at]!;
    if (count === NOT_COUNTED) {
      count = counted(forks, a, b);
      table[at] = count;
    }
    return count;
  };
};
