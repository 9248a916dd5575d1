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

export class ForkDistances {
  private n = 0;
  /**
   * The databases measured, the first `measured` entries of `databases` and `any` (arrays cut to
   * length 0 give up their store, and every key measures again).
   */
  private measured = 0;
  private readonly databases: string[] = [];
  /** Per database, the counts between every ordered pair of positions, by replica index. */
  private counts = new Int32Array(64);
  /** Per database: whether any count is not 0; and whether any database has one. */
  private readonly any: boolean[] = [];
  private anyAtAll = false;
  /** Per replica: how many of its counts, to and from the others, are 1 and how many 2. */
  private summaries = new Int32Array(16);
  /** Raw fork id per position (2 per replica: received, hardened). */
  private forkAt = new Int32Array(16);

  /** Counts every database's positions of `c`, by replica index (before the key sorts them). */
  measure(c: Cluster): this {
    const n = c.replicas.length;
    const p2 = 2 * n;
    this.n = n;
    this.measured = 0;
    if (this.summaries.length < 4 * n) this.summaries = new Int32Array(8 * n);
    this.summaries.fill(0, 0, 4 * n);
    this.anyAtAll = false;
    for (const db in c.logs) {
      const d = this.measured++;
      if (this.counts.length < (d + 1) * p2 * p2)
        this.counts = grown(this.counts, 2 * (d + 1) * p2 * p2);
      this.databases[d] = db;
      // Most states have had no forced failover: then every count is 0, and no copy is looked at.
      const between = countsOf(c.logs[db]?.forks ?? NO_FORKS);
      const any = between !== null && this.measureOne(c, db, d * p2 * p2, between);
      this.any[d] = any;
      if (any) this.anyAtAll = true;
    }
    return this;
  }

  /** Words that tell this replica's place among the forks, whatever order the replicas take. */
  writeSummary(w: KeyWriter, replica: number): void {
    if (!this.anyAtAll) return;
    for (let k = 0; k < 4; k++) w.word(this.summaries[4 * replica + k]!);
  }

  /**
   * Writes database `db`'s counts: one word 0 when every count is 0 (every copy on forks no forced
   * failover separates); otherwise 1, then the count for every ordered pair of positions, replicas
   * in the key's order (`order`), received before hardened.
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
    const base = d * p2 * p2;
    for (let p = 0; p < p2; p++) {
      const from = 2 * order[p >> 1]! + (p & 1);
      for (let q = 0; q < p2; q++) {
        const to = 2 * order[q >> 1]! + (q & 1);
        w.word(this.counts[base + from * p2 + to]!);
      }
    }
  }

  private measureOne(c: Cluster, db: string, base: number, between: Between): boolean {
    const n = this.n;
    const p2 = 2 * n;
    if (this.forkAt.length < p2) this.forkAt = new Int32Array(2 * p2);
    const forkAt = this.forkAt;
    let first = NO_COPY;
    let one = true;
    for (let i = 0; i < n; i++) {
      const copy = c.replicas[i]!.databases[db];
      forkAt[2 * i] = copy === undefined ? NO_COPY : copy.received.fork;
      forkAt[2 * i + 1] = copy === undefined ? NO_COPY : copy.hardened.fork;
      for (let s = 0; s < 2; s++) {
        const f = forkAt[2 * i + s]!;
        if (f === NO_COPY) continue;
        if (first === NO_COPY) first = f;
        else if (f !== first) one = false;
      }
    }
    if (one) return false;
    let any = false;
    for (let p = 0; p < p2; p++)
      for (let q = 0; q < p2; q++) {
        const a = forkAt[p]!;
        const b = forkAt[q]!;
        const count = a === NO_COPY || b === NO_COPY ? 0 : between(a, b);
        this.counts[base + p * p2 + q] = count;
        if (count === 0) continue;
        any = true;
        // Counted for both ends: from p's replica (row) and to q's (column), 1 or 2.
        const row = 4 * (p >> 1) + count - 1;
        const column = 4 * (q >> 1) + 1 + count;
        this.summaries[row] = this.summaries[row]! + 1;
        this.summaries[column] = this.summaries[column]! + 1;
      }
    return any;
  }
}

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
const memoized = (forks: readonly Fork[]): Between => {
  const answers = new Map<number, number>();
  return (a, b) => {
    if (a === b) return 0;
    const at = a * 0x10000 + b;
    let count = answers.get(at);
    if (count === undefined) {
      const copy = { fork: a as t.Int, lsn: 0n };
      const primary = { fork: b as t.Int, lsn: 0n };
      count = Math.min(forksBehind(forks, copy, primary), TRACKED_FORKS);
      answers.set(at, count);
    }
    return count;
  };
};
