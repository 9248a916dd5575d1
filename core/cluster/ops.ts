import type * as t from 'io-ts';
import { AG, DATABASE_REPLICA, REPLICA } from '../kernel/machines.js';
import { activeStateIds, transition } from '../kernel/run.js';
import type { AvailabilityGroupEvent } from '../machines/availabilityGroup/events.js';
import type { DatabaseReplicaEvent } from '../machines/databaseReplica/events.js';
import type { ReplicaEvent } from '../machines/replica/events.js';
import type { LogPosition } from '../model/facts.js';
import { type Journal, record } from './journal.js';
import type { AgSnapshot, Cluster, DatabaseCopy, DatabaseLog, ReplicaRuntime } from './types.js';

/**
 * The cluster with its machine parts replaced, built field by field in one order: every cluster
 * the step builds then shares one object shape, which a spread of clusters of mixed shapes (built
 * by different paths) does not give, and the step builds several per event.
 */
export const rebuild = (
  c: Cluster,
  replicas: readonly ReplicaRuntime[],
  journal: Journal,
  ag: AgSnapshot = c.ag,
  logs: Cluster['logs'] = c.logs,
  nowMs: number = c.nowMs,
  failureTimesMs: readonly number[] = c.failureTimesMs,
): Cluster => {
  const next: Cluster = {
    config: c.config,
    nowMs,
    ag,
    replicas,
    logs,
    failureTimesMs,
    catalog: c.catalog,
    backups: c.backups,
    journal,
  };
  // Only a removed replica's instance keeps copies, and only a RESTORE leaves a restore history,
  // so the explorer's clusters keep one shape.
  const kept = c.instances === undefined ? next : { ...next, instances: c.instances };
  const stopped =
    c.stoppedInstances === undefined ? kept : { ...kept, stoppedInstances: c.stoppedInstances };
  const cutOff =
    c.cutOffInstances === undefined ? stopped : { ...stopped, cutOffInstances: c.cutOffInstances };
  const stray =
    c.strayPrimaries === undefined ? cutOff : { ...cutOff, strayPrimaries: c.strayPrimaries };
  const restored = c.restores === undefined ? stray : { ...stray, restores: c.restores };
  const older =
    c.logFromVersion === undefined ? restored : { ...restored, logFromVersion: c.logFromVersion };
  return c.seededCopiesWaitForJoin === true ? { ...older, seededCopiesWaitForJoin: true } : older;
};

/** What a step changes of a copy; the rest is kept. */
export interface CopyChange {
  readonly machine?: DatabaseCopy['machine'];
  readonly received?: LogPosition;
  readonly hardened?: LogPosition;
  readonly redone?: LogPosition;
  readonly failoverReady?: boolean;
  readonly suspendedOnPrimary?: boolean;
  readonly seeding?: DatabaseCopy['seeding'];
  /** A database that left ONLINE; null: it is back. */
  readonly notOnline?: DatabaseCopy['notOnline'] | null;
}

/**
 * The copy with some fields replaced, built field by field in the order every copy has (a new
 * copy's, with `notOnline` last when set): a spread of copies of mixed shapes costs several
 * times as much, and steps rebuild copies by the dozen.
 */
export const withCopy = (copy: DatabaseCopy, change: CopyChange): DatabaseCopy => {
  const machine = change.machine ?? copy.machine;
  const received = change.received ?? copy.received;
  const hardened = change.hardened ?? copy.hardened;
  const redone = change.redone ?? copy.redone;
  const failoverReady = change.failoverReady ?? copy.failoverReady;
  const suspendedOnPrimary = change.suspendedOnPrimary ?? copy.suspendedOnPrimary;
  const seeding = change.seeding ?? copy.seeding;
  const notOnline =
    change.notOnline === undefined ? copy.notOnline : (change.notOnline ?? undefined);
  // Each shape from a literal of its own: a spread that adds a field gives every result a hidden
  // class of its own in V8 (bench/README.md, "One hidden class per shape").
  return notOnline === undefined
    ? { machine, received, hardened, redone, failoverReady, suspendedOnPrimary, seeding }
    : {
        machine,
        received,
        hardened,
        redone,
        failoverReady,
        suspendedOnPrimary,
        seeding,
        notOnline,
      };
};

/** What a step changes of a database's log; the rest is kept. */
export interface LogChange {
  readonly forks?: DatabaseLog['forks'];
  readonly acknowledged?: DatabaseLog['acknowledged'];
  readonly lost?: DatabaseLog['lost'];
  readonly settledLsn?: bigint;
  readonly openTransactions?: readonly bigint[];
  /** Replaces every replica's entry; an empty record drops the field. */
  readonly readsWaitFor?: Readonly<Record<string, readonly bigint[]>>;
}

/** The log with some fields replaced, each shape from a literal of its own (as `withCopy`). */
export const withLog = (log: DatabaseLog, change: LogChange): DatabaseLog => {
  const forks = change.forks ?? log.forks;
  const acknowledged = change.acknowledged ?? log.acknowledged;
  const lost = change.lost ?? log.lost;
  const settledLsn = change.settledLsn ?? log.settledLsn;
  const openTransactions = change.openTransactions ?? log.openTransactions;
  const waits = change.readsWaitFor ?? log.readsWaitFor;
  if (waits !== undefined && Object.keys(waits).length > 0)
    return {
      forks,
      acknowledged,
      lost,
      settledLsn,
      openTransactions: openTransactions ?? [],
      readsWaitFor: waits,
    };
  return openTransactions === undefined
    ? { forks, acknowledged, lost, settledLsn }
    : { forks, acknowledged, lost, settledLsn, openTransactions };
};

/**
 * Set a name-keyed record's entry as its own property: assigned, the name `__proto__` (a valid
 * database name) would set the record's prototype instead of holding the database.
 */
export const setEntry = <T>(record: Record<string, T>, key: string, value: T): void => {
  if (key === '__proto__')
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else record[key] = value;
};

/**
 * A copy of a record keyed by name (a cluster's logs), key by key from an empty object: records
 * with the same keys then share one hidden class in V8, which spreads with a computed key did not
 * give (24 classes of a one-database cluster's logs over 60,000 states).
 */
export const copyRecord = <T>(record: Readonly<Record<string, T>>): Record<string, T> => {
  const out: Record<string, T> = {};
  for (const key in record) setEntry(out, key, record[key]!);
  return out;
};

/** The record with one entry set (a new key last, as a spread puts it), as `copyRecord` builds. */
export const withEntry = <T>(
  record: Readonly<Record<string, T>>,
  key: string,
  value: T,
): Record<string, T> => {
  const out = copyRecord(record);
  setEntry(out, key, value);
  return out;
};

/** The replica with its machine, copies or link replaced, built field by field (as `rebuild`). */
export const rebuildReplica = (
  r: ReplicaRuntime,
  machine: ReplicaRuntime['machine'],
  databases: ReplicaRuntime['databases'],
  linkDownSinceMs: number | null = r.linkDownSinceMs,
): ReplicaRuntime => ({
  name: r.name,
  machine,
  linkDownSinceMs,
  canCreateDatabase: r.canCreateDatabase,
  recoversAsPrimary: r.recoversAsPrimary,
  ...(r.offlineLocally === true ? { offlineLocally: true } : {}),
  ...(r.version === undefined ? {} : { version: r.version }),
  databases,
});

/** The cluster with one replica replaced and its journal: one cluster built. */
const withReplica = (
  c: Cluster,
  was: ReplicaRuntime,
  now: ReplicaRuntime,
  journal: Journal,
): Cluster => {
  const replicas: ReplicaRuntime[] = new Array(c.replicas.length);
  for (let i = 0; i < c.replicas.length; i++) {
    const r = c.replicas[i]!;
    replicas[i] = r === was ? now : r;
  }
  return rebuild(c, replicas, journal);
};

/** Immutable updates of a cluster value, and routing of machine events. */

export const position = (fork: number, lsn: bigint): LogPosition => ({ fork: fork as t.Int, lsn });

export const updateReplica = (
  c: Cluster,
  name: string,
  f: (r: ReplicaRuntime) => ReplicaRuntime,
): Cluster => {
  const replicas: ReplicaRuntime[] = [];
  let changed = false;
  for (const r of c.replicas) {
    const next = r.name === name ? f(r) : r;
    if (next !== r) changed = true;
    replicas.push(next);
  }
  // An update that changed nothing returns the cluster itself.
  return changed ? rebuild(c, replicas, c.journal) : c;
};

/**
 * The replica with each copy replaced by what `f` gives for it, or the replica itself when `f`
 * changes none: the copies record is made only at the first change, key by key in its order.
 */
export const mapCopies = (
  r: ReplicaRuntime,
  f: (copy: DatabaseCopy, database: string) => DatabaseCopy,
): ReplicaRuntime => {
  let databases: Record<string, DatabaseCopy> | undefined;
  for (const db in r.databases) {
    const copy = r.databases[db]!;
    const next = f(copy, db);
    if (databases === undefined) {
      if (next === copy) continue;
      databases = {};
      for (const before in r.databases) {
        if (before === db) break;
        setEntry(databases, before, r.databases[before]!);
      }
    }
    setEntry(databases, db, next);
  }
  return databases === undefined ? r : rebuildReplica(r, r.machine, databases);
};

export const updateCopy = (
  c: Cluster,
  replica: string,
  database: string,
  f: (copy: DatabaseCopy) => DatabaseCopy,
): Cluster => {
  const r = replicaNamed(c, replica);
  const copy = r?.databases[database];
  if (r === undefined || copy === undefined) return c;
  const next = f(copy);
  return next === copy ? c : withReplica(c, r, withCopyOf(r, database, next), c.journal);
};

/** The replica with one copy replaced, its copies record rebuilt key by key in its order. */
const withCopyOf = (r: ReplicaRuntime, database: string, copy: DatabaseCopy): ReplicaRuntime =>
  rebuildReplica(r, r.machine, withEntry(r.databases, database, copy));

const replicaNamed = (c: Cluster, name: string): ReplicaRuntime | undefined => {
  for (const r of c.replicas) if (r.name === name) return r;
  return undefined;
};

export const sendReplica = (c: Cluster, name: string, event: ReplicaEvent): Cluster => {
  const r = replicaNamed(c, name);
  if (r === undefined) return c;
  const next = transition(REPLICA, r.machine, event);
  if (next === r.machine) return c;
  return withReplica(
    c,
    r,
    rebuildReplica(r, next, r.databases),
    record(c.journal, {
      machine: 'replica',
      instance: name,
      event: event.type,
      from: activeStateIds(REPLICA, r.machine),
      to: activeStateIds(REPLICA, next),
    }),
  );
};

export const sendCopy = (
  c: Cluster,
  replica: string,
  database: string,
  event: DatabaseReplicaEvent,
): Cluster => {
  const r = replicaNamed(c, replica);
  const copy = r?.databases[database];
  if (r === undefined || copy === undefined) return c;
  const next = transition(DATABASE_REPLICA, copy.machine, event);
  if (next === copy.machine) return c;
  return withReplica(
    c,
    r,
    withCopyOf(r, database, withCopy(copy, { machine: next })),
    record(c.journal, {
      machine: 'databaseReplica',
      instance: `${replica}/${database}`,
      event: event.type,
      from: activeStateIds(DATABASE_REPLICA, copy.machine),
      to: activeStateIds(DATABASE_REPLICA, next),
    }),
  );
};

/**
 * Send one event to every copy on a replica, as sendCopy would one by one, but building the
 * replica's copies once: one by one, each copy's update would copy all the others.
 */
export const sendAllCopies = (
  c: Cluster,
  replica: string,
  event: (database: string, copy: DatabaseCopy) => DatabaseReplicaEvent | null,
): Cluster => {
  const r = replicaNamed(c, replica);
  if (r === undefined) return c;
  let journal = c.journal;
  const updated = mapCopies(r, (copy, database) => {
    const e = event(database, copy);
    const next = e === null ? copy.machine : transition(DATABASE_REPLICA, copy.machine, e);
    if (e === null || next === copy.machine) return copy;
    journal = record(journal, {
      machine: 'databaseReplica',
      instance: `${replica}/${database}`,
      event: e.type,
      from: activeStateIds(DATABASE_REPLICA, copy.machine),
      to: activeStateIds(DATABASE_REPLICA, next),
    });
    return withCopy(copy, { machine: next });
  });
  return updated === r ? c : withReplica(c, r, updated, journal);
};

export const sendAg = (c: Cluster, event: AvailabilityGroupEvent): Cluster => {
  const next = transition(AG, c.ag, event);
  if (next === c.ag) return c;
  return rebuild(
    c,
    c.replicas,
    record(c.journal, {
      machine: 'availabilityGroup',
      instance: c.config.name,
      event: event.type,
      from: activeStateIds(AG, c.ag),
      to: activeStateIds(AG, next),
    }),
    next,
  );
};

/**
 * The replica takes the primary role: PRIMARY_PENDING while its databases come online, then
 * PRIMARY_NORMAL (KB2833707: "has changed from 'RESOLVING_NORMAL' to 'PRIMARY_PENDING'", then
 * "from 'PRIMARY_PENDING' to 'PRIMARY_NORMAL'").
 */
export const becomePrimary = (c: Cluster, name: string): Cluster =>
  sendReplica(sendReplica(c, name, { type: 'role.primary' }), name, { type: 'primary.online' });
