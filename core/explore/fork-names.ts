import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import type { KeyWriter } from './state-key.js';

const NO_FORKS: Cluster['logs'][string]['forks'] = [];

/**
 * One database's recovery forks, renamed so that histories that hold the same records get the
 * same names: a position at or below its fork's start belongs to the parent fork, forks nothing
 * points into are dropped, and the rest are numbered in creation order. Without this, failovers
 * back and forth would make new states forever. Each database numbers its own forks (a failover
 * starts one per database, core/failover/promote.ts), so each is named on its own. Kept in small
 * arrays: a database has a handful of forks. Kept by its search and named anew for each key
 * (`name`), so that naming the databases of every state the search meets allocates nothing new.
 */
export class ForkNamer {
  private forks: Cluster['logs'][string]['forks'] = NO_FORKS;
  /** The forks in use, in id order (the first `count`): a fork's name is its rank here. */
  private used = new Int32Array(8);
  private count = 0;
  /** By replica index: the fork that holds its copy's received and hardened positions. */
  private readonly receivedOwner: number[] = [];
  private readonly hardenedOwner: number[] = [];

  /** Names the forks of `db` in `c` (a namer is kept by its search and named anew per key). */
  name(c: Cluster, db: string): this {
    const log = c.logs[db];
    this.forks = log?.forks ?? NO_FORKS;
    this.count = 0;
    const n = c.replicas.length;
    for (let i = 0; i < n; i++) {
      const copy = c.replicas[i]!.databases[db];
      if (copy === undefined) continue;
      const received = this.owner(copy.received.fork, copy.received.lsn);
      // A copy hardens what it received: the same position names the same fork.
      const hardened =
        copy.hardened === copy.received ||
        (copy.hardened.fork === copy.received.fork && copy.hardened.lsn === copy.received.lsn)
          ? received
          : this.owner(copy.hardened.fork, copy.hardened.lsn);
      this.receivedOwner[i] = received;
      this.hardenedOwner[i] = hardened;
      this.mark(received);
      this.mark(hardened);
    }
    if (log !== undefined) for (const a of log.acknowledged) this.mark(a.fork);
    // In id order. An insertion sort: a handful of forks, for which sort() costs more to set up.
    const used = this.used;
    for (let k = 1; k < this.count; k++) {
      const id = used[k]!;
      let at = k;
      for (; at > 0 && used[at - 1]! > id; at--) used[at] = used[at - 1]!;
      used[at] = id;
    }
    return this;
  }

  private at(id: number): number {
    const forks = this.forks;
    for (let i = 0; i < forks.length; i++) if (forks[i]!.id === id) return i;
    return -1;
  }

  private owner(fork: number, lsn: bigint): number {
    let f = fork;
    for (let i = this.at(f); i >= 0; i = this.at(f)) {
      const parent = this.forks[i]!.parent;
      if (parent === null || lsn > this.forks[i]!.startLsn) break;
      f = parent;
    }
    return f;
  }

  private mark(fork: number): void {
    for (let f: number | null = fork; f !== null && this.fork(f) < 0; ) {
      if (this.count === this.used.length) {
        const more = new Int32Array(this.count * 2);
        more.set(this.used);
        this.used = more;
      }
      this.used[this.count++] = f;
      const i = this.at(f);
      f = i < 0 ? null : this.forks[i]!.parent;
    }
  }

  /** A fork's name: its rank among the forks in use, or −1. */
  fork(f: number): number {
    for (let k = 0; k < this.count; k++) if (this.used[k] === f) return k;
    return -1;
  }

  /**
   * The received and hardened positions of replica `i`'s copy (`copy`): each its fork's name and
   * its LSN relative to the base.
   */
  positions(w: KeyWriter, i: number, copy: DatabaseCopy, base: bigint): void {
    w.word(this.fork(this.receivedOwner[i]!));
    w.lsn(copy.received.lsn, base);
    w.word(this.fork(this.hardenedOwner[i]!));
    w.lsn(copy.hardened.lsn, base);
  }

  /** How many forks are in use, then each one's parent's name (−1 for none) and start. */
  writeForks(w: KeyWriter, base: bigint): void {
    w.word(this.count);
    for (let n = 0; n < this.count; n++) {
      const i = this.at(this.used[n]!);
      const parent = i < 0 ? null : this.forks[i]!.parent;
      // A parent without a name reads as no parent.
      w.word(parent === null ? -1 : this.fork(parent));
      w.lsn(i < 0 ? base : this.forks[i]!.startLsn, base);
    }
  }
}

/**
 * The key's namer for each database, named on first use (a state has a database or two); kept
 * by its search with the namers it made, which each key names anew.
 */
export class Namers {
  private c: Cluster | undefined;
  private readonly databases: string[] = [];
  private readonly namers: ForkNamer[] = [];
  private count = 0;

  /** Forgets the databases named for the key before. */
  forCluster(c: Cluster): this {
    this.c = c;
    this.count = 0;
    return this;
  }

  of(db: string): ForkNamer {
    for (let i = 0; i < this.count; i++) if (this.databases[i] === db) return this.namers[i]!;
    const i = this.count++;
    this.databases[i] = db;
    this.namers[i] ??= new ForkNamer();
    return this.namers[i]!.name(this.c!, db);
  }
}
