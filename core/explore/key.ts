import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import { failurePeriodMs } from '../health/health.js';
import type { Config, Replica } from '../model/config.js';
import { SUSPEND_REASONS } from '../model/enums.js';
import { compareWords, KeyWriter, keyText } from './state-key.js';

/**
 * The canonical key of a cluster state for the explorer. Two states with the same key behave the
 * same: time appears only as "has each broken link outlasted SESSION_TIMEOUT", LSNs relative to
 * the starting LSN, and replicas with the same configuration (apart from names and URLs) are
 * interchangeable, so their descriptions are sorted (symmetry reduction).
 */

const symmetryClass = (r: Replica): string =>
  JSON.stringify([
    r.defaultDataPath ?? null,
    r.dataFolders ?? null,
    r.traceFlags ?? null,
    r.availabilityMode,
    r.failoverMode,
    r.seedingMode,
    r.backupPriority,
    r.sessionTimeout,
    r.hostedByFci,
  ]);

const classesOf = new WeakMap<readonly Replica[], readonly string[]>();

/**
 * Replica index → symmetry class id, for a configuration; worked out once per replica list (the
 * configuration is immutable, so the cache changes no answer: it saves a serialisation per state).
 */
export const symmetryClasses = (config: Config): readonly string[] => {
  const known = classesOf.get(config.replicas);
  if (known !== undefined) return known;
  const classes = config.replicas.map(symmetryClass);
  classesOf.set(config.replicas, classes);
  return classes;
};

const idsOf = new WeakMap<readonly Replica[], readonly number[]>();

/** Replica index → a small number per symmetry class (the first replica of the class's index). */
const symmetryClassIds = (config: Config): readonly number[] => {
  const known = idsOf.get(config.replicas);
  if (known !== undefined) return known;
  const classes = symmetryClasses(config);
  const ids = classes.map((k) => classes.indexOf(k));
  idsOf.set(config.replicas, ids);
  return ids;
};

/**
 * One database's recovery forks, renamed so that histories that hold the same records get the
 * same names: a position at or below its fork's start belongs to the parent fork, forks nothing
 * points into are dropped, and the rest are numbered in creation order. Without this, failovers
 * back and forth would make new states forever. Each database numbers its own forks (a failover
 * starts one per database, core/failover/promote.ts), so each is named on its own. Kept in small
 * arrays: a database has a handful of forks. A class, not closures: the key makes one per
 * database for every state it names.
 */
class ForkNamer {
  private readonly forks: Cluster['logs'][string]['forks'];
  /** The forks in use, in id order: a fork's name is its rank here. */
  private readonly used: number[] = [];
  /** By replica index: the fork that holds its copy's received and hardened positions. */
  private readonly receivedOwner: number[];
  private readonly hardenedOwner: number[];

  constructor(c: Cluster, db: string) {
    const log = c.logs[db];
    this.forks = log?.forks ?? [];
    const n = c.replicas.length;
    this.receivedOwner = new Array(n);
    this.hardenedOwner = new Array(n);
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
    for (let k = 1; k < used.length; k++) {
      const id = used[k]!;
      let at = k;
      for (; at > 0 && used[at - 1]! > id; at--) used[at] = used[at - 1]!;
      used[at] = id;
    }
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
    for (let f: number | null = fork; f !== null && !this.used.includes(f); ) {
      this.used.push(f);
      const i = this.at(f);
      f = i < 0 ? null : this.forks[i]!.parent;
    }
  }

  /** A fork's name: its rank among the forks in use, or −1. */
  fork(f: number): number {
    return this.used.indexOf(f);
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
    w.word(this.used.length);
    for (let n = 0; n < this.used.length; n++) {
      const i = this.at(this.used[n]!);
      const parent = i < 0 ? null : this.forks[i]!.parent;
      // A parent without a name reads as no parent.
      w.word(parent === null ? -1 : this.fork(parent));
      w.lsn(i < 0 ? base : this.forks[i]!.startLsn, base);
    }
  }
}

/** The key's namer for each database, made on first use: a state has a database or two. */
class Namers {
  private readonly databases: string[] = [];
  private readonly namers: ForkNamer[] = [];
  constructor(private readonly c: Cluster) {}

  of(db: string): ForkNamer {
    const i = this.databases.indexOf(db);
    if (i >= 0) return this.namers[i]!;
    const namer = new ForkNamer(this.c, db);
    this.databases.push(db);
    this.namers.push(namer);
    return namer;
  }
}

const NO_DATABASES: readonly string[] = [];

const sortedKeys = (record: Readonly<Record<string, unknown>>): readonly string[] => {
  const keys: string[] = [];
  for (const k in record) keys.push(k);
  if (keys.length === 0) return NO_DATABASES;
  return keys.length > 1 ? keys.sort() : keys;
};

/** The catalog properties that could tell two group databases apart (their LSNs are in the key). */
const catalogShape = (d: Cluster['catalog'][string] | undefined): string =>
  d === undefined
    ? '-'
    : JSON.stringify([
        d.instance,
        d.recoveryModel,
        d.readOnly,
        d.online,
        d.sizeBytes,
        d.hasFullBackup,
        d.files,
      ]);

const interchangeableCatalogs = new WeakMap<Cluster['catalog'], boolean>();

/**
 * Whether the group's databases are interchangeable in this state: two or more, every copy and
 * log belonging to one of them, and the same catalog properties. The configuration names no
 * property per database, so such databases differ only in their state, and a state with two of
 * them swapped behaves as the state itself with the names swapped
 * (properties/database-symmetry.test.ts).
 */
const databasesInterchangeable = (c: Cluster): boolean => {
  const databases = c.config.databases;
  if (databases.length < 2) return false;
  let same = interchangeableCatalogs.get(c.catalog);
  if (same === undefined) {
    const first = catalogShape(c.catalog[databases[0]!]);
    same = databases.every((db) => catalogShape(c.catalog[db]) === first);
    interchangeableCatalogs.set(c.catalog, same);
  }
  if (!same) return false;
  let logs = 0;
  for (const db in c.logs) {
    if (!databases.includes(db)) return false;
    logs++;
  }
  if (logs !== databases.length) return false;
  for (const r of c.replicas)
    for (const db in r.databases) if (!databases.includes(db)) return false;
  return true;
};

/**
 * The indexes of the word ranges `starts[i]`..`ends[i]` of `words` in their order, ties by index
 * (a stable sort). An insertion sort: a group has at most nine replicas and a handful of
 * databases, and Array.prototype.sort with a comparator cost more to set up than to sort them.
 */
const orderOf = (
  words: Int32Array,
  starts: readonly number[],
  ends: readonly number[],
): number[] => {
  const order: number[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const length = ends[i]! - from;
    let at = i;
    while (at > 0) {
      const j = order[at - 1]!;
      if (compareWords(words, starts[j]!, ends[j]! - starts[j]!, from, length) <= 0) break;
      order[at] = j;
      at--;
    }
    order[at] = i;
  }
  return order;
};

const nameOrders = new WeakMap<readonly string[], readonly number[]>();

/** The indexes of a configuration's databases in the order of their names, worked out once. */
const inNameOrder = (databases: readonly string[]): readonly number[] => {
  let known = nameOrders.get(databases);
  if (known === undefined) {
    known = databases.map((_, d) => d).sort((x, y) => (databases[x]! < databases[y]! ? -1 : 1));
    nameOrders.set(databases, known);
  }
  return known;
};

/** A suspension's reason as a word: 0 for none, its place among the documented ones from 1. */
const SUSPEND_CODES: ReadonlyMap<string, number> = new Map(
  SUSPEND_REASONS.map((reason, i) => [reason, i + 1]),
);
/** Before a reason the key has no code for, written as text. */
const UNCODED = -1;

const LINK_UP = 0;
const LINK_DOWN = 1;
const LINK_TIMED_OUT = 2;

/** A copy: its state value, suspension, received and hardened positions, readiness and suspension on the primary. */
const writeCopy = (
  w: KeyWriter,
  i: number,
  copy: DatabaseCopy,
  namer: ForkNamer,
  base: bigint,
): void => {
  // A machine's configuration index stands for its state value, one for one.
  w.word(copy.machine.configuration);
  const reason = copy.machine.context.suspendReason;
  if (reason === null || reason === undefined) w.word(0);
  else {
    const code = SUSPEND_CODES.get(reason);
    if (code !== undefined) w.word(code);
    else {
      w.word(UNCODED);
      w.text(reason);
    }
  }
  namer.positions(w, i, copy, base);
  w.word((copy.failoverReady ? 1 : 0) | (copy.suspendedOnPrimary ? 2 : 0));
};

/** A database's log: its acknowledged ranges, the settled LSN and the open transactions. */
const writeLog = (w: KeyWriter, c: Cluster, db: string, namer: ForkNamer, base: bigint): void => {
  const log = c.logs[db]!;
  w.word(log.acknowledged.length);
  for (const a of log.acknowledged) {
    w.word(namer.fork(a.fork));
    w.lsn(a.fromLsn, base);
    w.lsn(a.toLsn, base);
  }
  w.lsn(log.settledLsn, base);
  const opened = log.openTransactions ?? NO_OPEN;
  w.word(opened.length);
  for (const lsn of opened) w.lsn(lsn, base);
};

/**
 * Writes the key's parts: the group's state, one descriptor per replica (sorted), the forks, the
 * logs and the failures within the failure period; the caller adds its own after them. Two states
 * are the same when their parts are. When `slots` is given, it receives each replica's place among
 * the sorted descriptors: the frame in which the partial-order reduction stores what a state may
 * leave unexplored. `databaseSymmetry` false keeps the databases in name order: for a caller whose
 * own parts name databases (a distributed group's link), which a reordering here would no longer
 * line up with.
 *
 * The pieces that are sorted before they are placed (each replica's head and copies, each
 * database's forks and log) are written aside first, into the writer's second buffer.
 */
export const writeStateKey = (
  w: KeyWriter,
  c: Cluster,
  base: bigint,
  slots?: Uint8Array,
  databaseSymmetry = true,
): void => {
  const classes = symmetryClassIds(c.config);
  const names = new Namers(c);
  const lastPrimary = c.ag.context.primary;
  const { replicas } = c;
  const n = replicas.length;
  const a = w.aside();
  const aw = () => a.words();
  // Interchangeable databases are taken in the order of what each holds, not of their names, so
  // that states with two of them swapped make one state (symmetry reduction over databases). Each
  // copy, and each database's forks and log, is written once, for the databases' signatures and
  // the key's parts both.
  const interchangeable = databaseSymmetry && databasesInterchangeable(c);
  const headAt: number[] = new Array(n);
  const headEnd: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = replicas[i]!;
    headAt[i] = a.at();
    a.word(classes[i]!);
    a.word(r.machine.configuration);
    a.word(
      r.linkDownSinceMs === null
        ? LINK_UP
        : c.nowMs - r.linkDownSinceMs >= c.config.replicas[i]!.sessionTimeout * 1000
          ? LINK_TIMED_OUT
          : LINK_DOWN,
    );
    a.word(r.canCreateDatabase ? 1 : 0);
    a.word(r.name === lastPrimary ? 1 : 0);
    if (!interchangeable)
      for (const db of sortedKeys(r.databases))
        writeCopy(a, i, r.databases[db]!, names.of(db), base);
    headEnd[i] = a.at();
  }
  const groupDatabases = c.config.databases;
  const width = groupDatabases.length;
  let columns: number[] | null = null;
  const copyAt: number[] = [];
  const copyEnd: number[] = [];
  const forksAt: number[] = [];
  const logAt: number[] = [];
  const logEnd: number[] = [];
  if (interchangeable) {
    for (let i = 0; i < n; i++)
      for (let d = 0; d < width; d++) {
        const copy = replicas[i]!.databases[groupDatabases[d]!];
        copyAt.push(a.at());
        if (copy !== undefined) writeCopy(a, i, copy, names.of(groupDatabases[d]!), base);
        copyEnd.push(a.at());
      }
    for (let d = 0; d < width; d++) {
      const db = groupDatabases[d]!;
      forksAt.push(a.at());
      names.of(db).writeForks(a, base);
      logAt.push(a.at());
      writeLog(a, c, db, names.of(db), base);
      logEnd.push(a.at());
    }
    // Each database's signature: its replicas' heads and copies (sorted), its forks and its log.
    const byName = inNameOrder(groupDatabases);
    const signatureAt: number[] = [];
    const signatureEnd: number[] = [];
    const rowAt: number[] = new Array(n);
    const rowEnd: number[] = new Array(n);
    for (const d of byName) {
      for (let i = 0; i < n; i++) {
        rowAt[i] = a.at();
        a.copy(aw(), headAt[i]!, headEnd[i]!);
        a.copy(aw(), copyAt[i * width + d]!, copyEnd[i * width + d]!);
        rowEnd[i] = a.at();
      }
      const rows = orderOf(aw(), rowAt, rowEnd);
      signatureAt.push(a.at());
      for (const i of rows) a.copy(aw(), rowAt[i]!, rowEnd[i]!);
      a.copy(aw(), forksAt[d]!, logEnd[d]!);
      signatureEnd.push(a.at());
    }
    columns = orderOf(aw(), signatureAt, signatureEnd).map((k) => byName[k]!);
  }
  // A replica's descriptor: its head, then its copies (without interchangeable databases, the
  // head was written with its copies after it, and is the descriptor).
  let descriptorAt = headAt;
  let descriptorEnd = headEnd;
  if (columns !== null) {
    descriptorAt = new Array(n);
    descriptorEnd = new Array(n);
    for (let i = 0; i < n; i++) {
      descriptorAt[i] = a.at();
      a.copy(aw(), headAt[i]!, headEnd[i]!);
      for (const d of columns) a.copy(aw(), copyAt[i * width + d]!, copyEnd[i * width + d]!);
      descriptorEnd[i] = a.at();
    }
  }
  w.word(c.ag.configuration);
  w.endPart();
  // Sorted, so that interchangeable replicas in swapped roles make one state.
  if (n > 1) {
    const order = orderOf(aw(), descriptorAt, descriptorEnd);
    for (const i of order) {
      w.copy(aw(), descriptorAt[i]!, descriptorEnd[i]!);
      w.endPart();
    }
    if (slots !== undefined) for (let s = 0; s < order.length; s++) slots[order[s]!] = s;
  } else {
    if (n === 1) {
      w.copy(aw(), descriptorAt[0]!, descriptorEnd[0]!);
      w.endPart();
    }
    if (slots !== undefined) slots[0] = 0;
  }
  if (columns !== null) {
    for (const d of columns) w.copy(aw(), forksAt[d]!, logAt[d]!);
    w.endPart();
    for (const d of columns) w.copy(aw(), logAt[d]!, logEnd[d]!);
    w.endPart();
  } else {
    const logged = sortedKeys(c.logs);
    for (const db of logged) names.of(db).writeForks(w, base);
    w.endPart();
    for (const db of logged) writeLog(w, c, db, names.of(db), base);
    w.endPart();
  }
  const period = failurePeriodMs(c.config);
  let failures = 0;
  for (const t of c.failureTimesMs) if (c.nowMs - t < period) failures++;
  w.word(failures);
  w.endPart();
};

const NO_OPEN: readonly bigint[] = [];

/** The key with `extra` as its last part, as text (to compare keys in tests, or to show one). */
export const stateKey = (c: Cluster, base: bigint, extra: string): string => {
  const w = new KeyWriter();
  writeStateKey(w, c, base);
  w.text(extra);
  w.endPart();
  return keyText(w);
};

/** A 53-bit hash of a key (cyrb53), so the visited set holds numbers, not strings. */
export const hashKey = (key: string): number => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};
