import { sessionTimeoutMs } from '../cluster/select.js';
import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import { failurePeriodMs } from '../health/health.js';
import type { Config, Replica } from '../model/config.js';
import { DATABASE_STATES, SUSPEND_REASONS } from '../model/enums.js';
import type { ForkNamer } from './fork-names.js';
import { hashWords } from './hash.js';
import { type KeyMemory, memoryOf, mixPair, sortedKeys } from './key-memory.js';
import { canonicalTies, orderReplicas, twinsOf } from './replica-order.js';
import { KeyWriter, keyText, orderOfRuns } from './state-key.js';

export { lastTwins } from './replica-order.js';

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
/** A database state out of ONLINE as a word: its place among the documented ones from 1. */
const STATE_CODES: ReadonlyMap<string, number> = new Map(
  DATABASE_STATES.map((state, i) => [state, i + 1]),
);
/** Before a reason the key has no code for, written as text. */
const UNCODED = -1;

const LINK_UP = 0;
const LINK_DOWN = 1;
const LINK_TIMED_OUT = 2;

/**
 * A copy: its state value, suspension, received and hardened positions, readiness, suspension on
 * the primary, a state out of ONLINE, and the transactions its reads wait for (`waits`, from the
 * database's log: a copy made readable while they were open answers no query until they end, S16, S256).
 */
const writeCopy = (
  w: KeyWriter,
  i: number,
  copy: DatabaseCopy,
  namer: ForkNamer,
  base: bigint,
  waits: readonly bigint[] | undefined,
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
  // A copy out of ONLINE (RECOVERY_PENDING, or SUSPECT after failing to start as a primary) takes
  // no planned failover and no resume of its secondaries: it is keyed apart from an ONLINE one.
  const notOnline = copy.notOnline;
  if (notOnline === undefined || notOnline === null) w.word(0);
  else {
    const code = STATE_CODES.get(notOnline);
    if (code !== undefined) w.word(code);
    else {
      w.word(UNCODED);
      w.text(notOnline);
    }
  }
  if (waits === undefined) w.word(0);
  else {
    w.word(waits.length);
    for (const lsn of waits) w.lsn(lsn, base);
  }
};

/** The transactions the reads of replica `replica`'s copy of `db` wait for, if any. */
const readsWaitOf = (c: Cluster, db: string, replica: string): readonly bigint[] | undefined =>
  c.logs[db]?.readsWaitFor?.[replica];

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
 * logs, the failures within the failure period and how many forced forks part the copies
 * (fork-distances.ts); the caller adds its own after them. Two states are the same when their
 * parts are. When `slots` is given, it receives each replica's place among the sorted descriptors:
 * the frame in which the partial-order reduction stores what a state may leave unexplored.
 * `databaseSymmetry` false keeps the databases in name order: for a caller whose own parts name
 * databases (a distributed group's link), which a reordering here would no longer line up with.
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
  const m = memoryOf(w);
  const classes = symmetryClassIds(c.config);
  const names = m.namers.forCluster(c);
  const lastPrimary = c.ag.context.primary;
  const { replicas } = c;
  const n = replicas.length;
  const a = w.aside();
  // Interchangeable databases are taken in the order of what each holds, not of their names, so
  // that states with two of them swapped make one state (symmetry reduction over databases).
  const interchangeable = databaseSymmetry && databasesInterchangeable(c);
  const heads = m.heads.clear();
  const distances = m.distances.measure(c);
  for (let i = 0; i < n; i++) {
    const r = replicas[i]!;
    const at = a.at();
    a.word(classes[i]!);
    a.word(r.machine.configuration);
    a.word(
      r.linkDownSinceMs === null
        ? LINK_UP
        : c.nowMs - r.linkDownSinceMs >= sessionTimeoutMs(c, r.name)
          ? LINK_TIMED_OUT
          : LINK_DOWN,
    );
    // A version set by a rolling upgrade (S64) rides in the same word, above the flags.
    a.word(
      (r.canCreateDatabase ? 1 : 0) |
        (r.recoversAsPrimary ? 2 : 0) |
        (r.offlineLocally === true ? 4 : 0) |
        ((r.version ?? 0) << 3),
    );
    a.word(r.name === lastPrimary ? 1 : 0);
    distances.writeSummary(a, i);
    // Without interchangeable databases a head is its replica's whole descriptor: its copies follow.
    if (!interchangeable) {
      const count = sortedKeys(r.databases, m.keys);
      for (let k = 0; k < count; k++) {
        const db = m.keys[k]!;
        writeCopy(a, i, r.databases[db]!, names.of(db), base, readsWaitOf(c, db, r.name));
      }
    }
    heads.add(at, a.at());
  }
  const columns = interchangeable ? databaseColumns(m, a, c, base) : null;
  w.word(c.ag.configuration);
  w.endPart();
  // Sorted, so that interchangeable replicas in swapped roles make one state.
  const order = orderReplicas(m, a.words(), n, columns, c.config.databases.length);
  if (distances.anyCount()) canonicalTies(m, a.words(), c, order, columns);
  const words = a.words();
  m.twins = twinsOf(m, words, c, order, columns);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    w.copy(words, heads.starts[i]!, heads.ends[i]!);
    if (columns !== null) {
      const width = c.config.databases.length;
      for (let col = 0; col < width; col++) {
        const at = i * width + columns[col]!;
        w.copy(words, m.copies.starts[at]!, m.copies.ends[at]!);
      }
    }
    w.endPart();
    if (slots !== undefined) slots[i] = k;
  }
  if (columns !== null) {
    for (let k = 0; k < c.config.databases.length; k++) {
      const d = columns[k]!;
      w.copy(a.words(), m.forks.starts[d]!, m.forks.ends[d]!);
    }
    w.endPart();
    for (let k = 0; k < c.config.databases.length; k++) {
      const d = columns[k]!;
      w.copy(a.words(), m.logs.starts[d]!, m.logs.ends[d]!);
    }
    w.endPart();
  } else {
    const count = sortedKeys(c.logs, m.keys);
    for (let k = 0; k < count; k++) names.of(m.keys[k]!).writeForks(w, base);
    w.endPart();
    for (let k = 0; k < count; k++) writeLog(w, c, m.keys[k]!, names.of(m.keys[k]!), base);
    w.endPart();
  }
  const period = failurePeriodMs(c.config);
  let failures = 0;
  for (const t of c.failureTimesMs) if (c.nowMs - t < period) failures++;
  w.word(failures);
  w.endPart();
  // How many forks apart the copies are, which the fork limit counts and the names above do not.
  if (columns !== null)
    for (let k = 0; k < c.config.databases.length; k++)
      distances.write(w, c.config.databases[columns[k]!]!, m.order);
  else {
    const count = sortedKeys(c.logs, m.keys);
    for (let k = 0; k < count; k++) distances.write(w, m.keys[k]!, m.order);
  }
  w.endPart();
};

/**
 * Interchangeable databases, taken in the order of what each holds (`byInvariants`, or on a tie
 * `bySignatures`), not of their names. Writes aside each copy (run i × width + d of `copies`) and
 * each database's forks and log (run d of `forks` and of `logs`); returns the databases' indexes
 * in that order.
 */
const databaseColumns = (m: KeyMemory, a: KeyWriter, c: Cluster, base: bigint): Int32Array => {
  const { replicas } = c;
  const n = replicas.length;
  // Named for this cluster by writeStateKey.
  const names = m.namers;
  const groupDatabases = c.config.databases;
  const width = groupDatabases.length;
  const copies = m.copies.clear();
  for (let i = 0; i < n; i++)
    for (let d = 0; d < width; d++) {
      const at = a.at();
      const db = groupDatabases[d]!;
      const copy = replicas[i]!.databases[db];
      if (copy !== undefined)
        writeCopy(a, i, copy, names.of(db), base, readsWaitOf(c, db, replicas[i]!.name));
      copies.add(at, a.at());
    }
  const forks = m.forks.clear();
  const logs = m.logs.clear();
  for (let d = 0; d < width; d++) {
    const db = groupDatabases[d]!;
    const at = a.at();
    names.of(db).writeForks(a, base);
    forks.add(at, a.at());
    writeLog(a, c, db, names.of(db), base);
    logs.add(forks.ends[d]!, a.at());
  }
  return byInvariants(m, a, n, width) ?? bySignatures(m, a, c, width);
};

/**
 * The databases in the order of a hash of what each holds that no renaming of interchangeable
 * replicas changes (the sum over replicas of its head's and copy's hashes, plus its forks' and
 * log's), or null when two hashes tie. Any order that is a function of the state up to symmetry
 * keys alike the states the symmetry makes alike: ordering by the hashes is one, and reads each
 * word once, where the signatures copy, sort and compare every replica's row per database.
 */
const byInvariants = (m: KeyMemory, a: KeyWriter, n: number, width: number): Int32Array | null => {
  const words = a.words();
  const { heads, copies, forks, logs } = m;
  const invariants = m.invariants.length >= width ? m.invariants : new Int32Array(width * 2);
  m.invariants = invariants;
  if (m.headHashes.length < n) m.headHashes = new Int32Array(2 * n);
  if (m.copyHashes.length < n * width) m.copyHashes = new Int32Array(2 * n * width);
  const { headHashes, copyHashes } = m;
  for (let d = 0; d < width; d++) invariants[d] = hashWords(words, forks.starts[d]!, logs.ends[d]!);
  for (let i = 0; i < n; i++) {
    const head = hashWords(words, heads.starts[i]!, heads.ends[i]!);
    headHashes[i] = head;
    for (let d = 0; d < width; d++) {
      const at = i * width + d;
      const copy = hashWords(words, copies.starts[at]!, copies.ends[at]!);
      copyHashes[at] = copy;
      invariants[d] = (invariants[d]! + mixPair(head, copy)) | 0;
    }
  }
  const columns = m.columns.length >= width ? m.columns : new Int32Array(width * 2);
  m.columns = columns;
  for (let d = 0; d < width; d++) {
    let at = d;
    for (; at > 0 && invariants[columns[at - 1]!]! > invariants[d]!; at--)
      columns[at] = columns[at - 1]!;
    columns[at] = d;
  }
  for (let k = 1; k < width; k++)
    if (invariants[columns[k - 1]!] === invariants[columns[k]!]) return null;
  return columns;
};

/**
 * The databases in the order of their signatures (each replica's head and copy of it, sorted, the
 * forks its copies are apart, then its forks and its log), ties by name: when the hashes tie.
 */
const bySignatures = (m: KeyMemory, a: KeyWriter, c: Cluster, width: number): Int32Array => {
  const { heads, copies, forks, logs } = m;
  const n = c.replicas.length;
  const groupDatabases = c.config.databases;
  const byName = inNameOrder(groupDatabases);
  const signatures = m.signatures.clear();
  const rows = m.rows;
  for (const d of byName) {
    rows.clear();
    for (let i = 0; i < n; i++) {
      const at = a.at();
      a.copy(a.words(), heads.starts[i]!, heads.ends[i]!);
      a.copy(a.words(), copies.starts[i * width + d]!, copies.ends[i * width + d]!);
      rows.add(at, a.at());
    }
    m.order = orderOfRuns(a.words(), rows, m.order);
    const at = a.at();
    for (let k = 0; k < n; k++) {
      const i = m.order[k]!;
      a.copy(a.words(), rows.starts[i]!, rows.ends[i]!);
    }
    // The forks its copies are apart, so that two databases swapped take the same order.
    m.distances.write(a, groupDatabases[d]!, m.order);
    a.copy(a.words(), forks.starts[d]!, logs.ends[d]!);
    signatures.add(at, a.at());
  }
  m.columns = orderOfRuns(a.words(), signatures, m.columns);
  const columns = m.columns;
  for (let k = 0; k < width; k++) columns[k] = byName[columns[k]!]!;
  return columns;
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
