import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { failurePeriodMs } from '../health/health.js';
import type { Config, Replica } from '../model/config.js';

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

/** Small numbers' texts, made once: fork names are ranks, almost always below a handful. */
const SMALL_NUMBERS: readonly string[] = Array.from({ length: 64 }, (_, i) => String(i));
const numberText = (n: number): string => SMALL_NUMBERS[n] ?? String(n);

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

  constructor(c: Cluster, db: string) {
    const log = c.logs[db];
    this.forks = log?.forks ?? [];
    for (const r of c.replicas) {
      const copy = r.databases[db];
      if (copy === undefined) continue;
      this.mark(this.owner(copy.received.fork, copy.received.lsn));
      this.mark(this.owner(copy.hardened.fork, copy.hardened.lsn));
    }
    if (log !== undefined) for (const a of log.acknowledged) this.mark(a.fork);
    if (this.used.length > 1) this.used.sort((x, y) => x - y);
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

  /** A fork's name: its rank among the forks in use, or '?'. */
  fork(f: number): string {
    const i = this.used.indexOf(f);
    return i < 0 ? '?' : numberText(i);
  }

  /** A position: its fork's name and its LSN relative to the base. */
  position(p: { readonly fork: number; readonly lsn: bigint }, base: bigint): string {
    return `${this.fork(this.owner(p.fork, p.lsn))}:${p.lsn - base}`;
  }

  /** Each fork in use: its name, its parent's (empty for none) and its start. */
  forksText(base: bigint): string {
    let text = '';
    for (let n = 0; n < this.used.length; n++) {
      const i = this.at(this.used[n]!);
      const parent = i < 0 ? null : this.forks[i]!.parent;
      // A parent without a name reads as no parent.
      const parentName = parent === null ? '?' : this.fork(parent);
      const start = (i < 0 ? base : this.forks[i]!.startLsn) - base;
      text += `${n > 0 ? ';' : ''}${numberText(n)},${parentName === '?' ? '' : parentName},${start}`;
    }
    return text;
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

const bit = (b: boolean): string => (b ? '1' : '0');

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
 * The indexes of `descriptors` in the order of their text, ties by index (a stable sort). An
 * insertion sort: a group has at most nine replicas, and Array.prototype.sort with a comparator
 * cost more to set up than to sort them.
 */
const orderOf = (descriptors: readonly string[]): number[] => {
  const order: number[] = new Array(descriptors.length);
  for (let i = 0; i < descriptors.length; i++) {
    const text = descriptors[i]!;
    let at = i;
    while (at > 0 && descriptors[order[at - 1]!]! > text) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = i;
  }
  return order;
};

/** The group's databases by what each holds (`signature`), ties by name. */
const databaseOrder = (c: Cluster, signature: (db: string) => string): readonly string[] => {
  const databases = [...c.config.databases].sort();
  return orderOf(databases.map(signature)).map((i) => databases[i]!);
};

/**
 * The key's parts: the group's state, one descriptor per replica (sorted), the forks, the logs,
 * the failures within the failure period and `extra`. Two states are the same when their parts
 * are. Each part is fields joined by separators that no field contains (numbers, one-letter link
 * states, SUSPEND_FROM_… reasons), so equal parts mean equal fields. When `slots` is given, it
 * receives each replica's place among the sorted descriptors: the frame in which the
 * partial-order reduction stores what a state may leave unexplored. `databaseSymmetry` false
 * keeps the databases in name order: for a caller whose own parts name databases (a distributed
 * group's link), which a reordering here would no longer line up with.
 */
export const stateParts = (
  c: Cluster,
  base: bigint,
  extra: string,
  slots?: Uint8Array,
  databaseSymmetry = true,
): string[] => {
  const classes = symmetryClassIds(c.config);
  const names = new Namers(c);
  const lastPrimary = c.ag.context.primary;
  const { replicas } = c;
  const heads: string[] = new Array(replicas.length);
  for (let i = 0; i < replicas.length; i++) {
    const r = replicas[i]!;
    const cfg = c.config.replicas[i]!;
    const link =
      r.linkDownSinceMs === null
        ? '-'
        : c.nowMs - r.linkDownSinceMs >= cfg.sessionTimeout * 1000
          ? 'T'
          : 'D';
    heads[i] =
      `${classes[i]}|${r.machine.configuration}${link}${bit(r.canCreateDatabase)}${bit(r.name === lastPrimary)}`;
  }
  const copyPart = (r: ReplicaRuntime, db: string): string => {
    const copy = r.databases[db];
    if (copy === undefined) return '';
    const namer = names.of(db);
    // A machine's configuration index stands for its state value, one for one.
    return `;${copy.machine.configuration},${copy.machine.context.suspendReason ?? ''},${namer.position(copy.received, base)},${namer.position(copy.hardened, base)},${bit(copy.failoverReady)}${bit(copy.suspendedOnPrimary)}`;
  };
  const logPart = (db: string): string => {
    const namer = names.of(db);
    const log = c.logs[db]!;
    let acknowledged = '';
    for (let k = 0; k < log.acknowledged.length; k++) {
      const a = log.acknowledged[k]!;
      acknowledged += `${k > 0 ? '/' : ''}${namer.fork(a.fork)},${a.fromLsn - base},${a.toLsn - base}`;
    }
    let open = '';
    const opened = log.openTransactions ?? NO_OPEN;
    for (let k = 0; k < opened.length; k++) open += `${k > 0 ? ',' : ''}${opened[k]! - base}`;
    return `${acknowledged}|${log.settledLsn - base}|${open}`;
  };
  // Interchangeable databases are taken in the order of what each holds, not of their names, so
  // that states with two of them swapped make one state (symmetry reduction over databases). Each
  // copy's part is made once, for the databases' signatures and the replicas' descriptors both.
  const interchangeable = databaseSymmetry && databasesInterchangeable(c);
  const groupDatabases = c.config.databases;
  const width = groupDatabases.length;
  const copyParts: string[] = interchangeable ? new Array(replicas.length * width) : [];
  if (interchangeable)
    for (let i = 0; i < replicas.length; i++)
      for (let d = 0; d < width; d++)
        copyParts[i * width + d] = copyPart(replicas[i]!, groupDatabases[d]!);
  // With interchangeable databases, each one's forks and log are made once: its signature and the
  // key's last parts both read them.
  const forkTexts: string[] = interchangeable
    ? groupDatabases.map((db) => names.of(db).forksText(base))
    : [];
  const logTexts: string[] = interchangeable ? groupDatabases.map(logPart) : [];
  const forksOf = (db: string): string =>
    interchangeable ? forkTexts[groupDatabases.indexOf(db)]! : names.of(db).forksText(base);
  const logOf = (db: string): string =>
    interchangeable ? logTexts[groupDatabases.indexOf(db)]! : logPart(db);
  const databases = interchangeable
    ? databaseOrder(c, (db) => {
        const d = groupDatabases.indexOf(db);
        const copies: string[] = new Array(replicas.length);
        for (let i = 0; i < replicas.length; i++)
          copies[i] = `${heads[i]}${copyParts[i * width + d]}`;
        let signature = '';
        const order = orderOf(copies);
        for (let k = 0; k < order.length; k++)
          signature += `${k > 0 ? '&' : ''}${copies[order[k]!]}`;
        return `${signature}#${forksOf(db)}#${logOf(db)}`;
      })
    : null;
  const columns = databases === null ? null : databases.map((db) => groupDatabases.indexOf(db));
  const descriptors: string[] = new Array(replicas.length);
  for (let i = 0; i < replicas.length; i++) {
    const r = replicas[i]!;
    let descriptor = heads[i]!;
    if (columns !== null) for (const d of columns) descriptor += copyParts[i * width + d]!;
    else for (const db of sortedKeys(r.databases)) descriptor += copyPart(r, db);
    descriptors[i] = descriptor;
  }
  const parts: string[] = [String(c.ag.configuration)];
  // Sorted, so that interchangeable replicas in swapped roles make one state.
  if (replicas.length > 1) {
    const order = orderOf(descriptors);
    for (const i of order) parts.push(descriptors[i]!);
    if (slots !== undefined) for (let s = 0; s < order.length; s++) slots[order[s]!] = s;
  } else {
    if (replicas.length === 1) parts.push(descriptors[0]!);
    if (slots !== undefined) slots[0] = 0;
  }
  const logged = databases ?? sortedKeys(c.logs);
  let forks = '';
  let logs = '';
  for (let d = 0; d < logged.length; d++) {
    const db = logged[d]!;
    if (d > 0) {
      forks += '/';
      logs += ';';
    }
    forks += forksOf(db);
    logs += logOf(db);
  }
  parts.push(forks, logs);
  const period = failurePeriodMs(c.config);
  let failures = 0;
  for (const t of c.failureTimesMs) if (c.nowMs - t < period) failures++;
  parts.push(String(failures), extra);
  return parts;
};

const NO_OPEN: readonly bigint[] = [];

export const stateKey = (c: Cluster, base: bigint, extra: string): string =>
  stateParts(c, base, extra).join('#');

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
