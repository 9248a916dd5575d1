import { rebuild, rebuildReplica, setEntry, withCopy } from '../cluster/ops.js';
import type { Cluster, DatabaseCopy, DatabaseLog, ReplicaRuntime } from '../cluster/types.js';
import type { MachineSnapshot } from '../kernel/run.js';
import type { LogPosition } from '../model/facts.js';

/**
 * Equal parts of the clusters a search holds, shared: one object for each distinct copy, replica,
 * machine snapshot, log position and database log (hash-consing). The frontier of a breadth-first
 * search holds a whole cluster per waiting state, and states that differ in one copy otherwise
 * keep separate but equal objects for all the rest: on the 5 × 2 group, 48,408 copy snapshots of
 * 5 distinct values, 52,957 copies of 109.
 *
 * The step keeps a parent's unchanged objects, and the parent was shared already, so only what a
 * move made anew is looked up. Parts are found by a numeric hash and compared field by field, their
 * own parts by identity: string keys cost more than the rest of the lookup together.
 *
 * One table per search: it lives and goes with the search that made it.
 */
export interface Interner {
  readonly cluster: (c: Cluster) => Cluster;
  /** Distinct parts held. */
  readonly size: () => number;
}

/** Equality of plain data: primitives by Object.is, arrays and plain objects member by member. */
export const plainEqual = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (!Object.hasOwn(y, k) || !plainEqual(x[k], y[k])) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
};

/** A cheap hash of plain data's shape and small values; equal data hash equal. */
const plainHash = (v: unknown): number => {
  switch (typeof v) {
    case 'number':
      return v | 0;
    case 'bigint':
      return lsnHash(v);
    case 'string':
      return v.length;
    case 'boolean':
      return v ? 1 : 2;
    case 'object': {
      if (v === null) return 3;
      let h = 4;
      if (Array.isArray(v)) for (const x of v) h = mix(h, plainHash(x));
      else for (const k in v) h = mix(h, plainHash((v as Record<string, unknown>)[k]));
      return h;
    }
    default:
      return 5;
  }
};

const isPlainObject = (o: object): boolean => Object.getPrototypeOf(o) === Object.prototype;

const mix = (h: number, x: number): number => (Math.imul(h, 31) + x) | 0;
const lsnHash = (lsn: bigint): number => Number(BigInt.asIntN(32, lsn));

/** A bucket holds few parts; past this many equal-hash values a part is kept unshared. */
const BUCKET_LIMIT = 64;

/**
 * `oneBucket` puts every part of a kind in one bucket, with no limit, so that equality alone tells
 * parts apart: a test of the equalities, which the hashes otherwise hide.
 */
export const createInterner = (options: { readonly oneBucket?: boolean } = {}): Interner => {
  const limit = options.oneBucket === true ? Number.POSITIVE_INFINITY : BUCKET_LIMIT;
  const ids = new Map<object, number>();
  /** Each kind's table: hash to the distinct parts with that hash. */
  const table = () => new Map<number, object[]>();
  const positions = table();
  const contexts = table();
  const copies = table();
  const records = table();
  const replicas = table();
  const logs = table();
  const lists = table();
  /** Machine snapshots, one table for each machine: their configuration numbers overlap. */
  const agSnapshots = table();
  const replicaSnapshots = table();
  const copySnapshots = table();
  const seedingSnapshots = table();

  /** The shared part equal to `o`, or `o` itself when it is shared already or the first of its value. */
  const share = <T extends object>(
    kind: Map<number, object[]>,
    o: T,
    hash: number,
    equal: (a: T, b: T) => boolean,
  ): T => {
    if (ids.has(o)) return o;
    const key = options.oneBucket === true ? 0 : hash;
    const bucket = kind.get(key);
    if (bucket === undefined) kind.set(key, [o]);
    else {
      for (const x of bucket) if (equal(x as T, o)) return x as T;
      if (bucket.length >= limit) return o;
      bucket.push(o);
    }
    ids.set(o, ids.size + 1);
    return o;
  };
  /** A shared part's number; 0 when it could not be shared. */
  const idOf = (o: object): number => ids.get(o) ?? 0;

  const logPosition = (p: LogPosition): LogPosition =>
    share(
      positions,
      p,
      mix(p.fork, lsnHash(p.lsn)),
      (a, b) => a.fork === b.fork && a.lsn === b.lsn,
    );

  /** Contexts are shared first: a transition that changes only the configuration keeps its context. */
  const context = <C>(x: C): C =>
    typeof x !== 'object' || x === null ? x : share(contexts, x, plainHash(x), plainEqual);

  const snapshot = <C>(
    snapshots: Map<number, object[]>,
    s: MachineSnapshot<C>,
  ): MachineSnapshot<C> => {
    if (ids.has(s)) return s;
    const shared = context(s.context);
    const rebuilt: MachineSnapshot<C> =
      shared === s.context
        ? s
        : { configuration: s.configuration, value: s.value, context: shared };
    return share(
      snapshots,
      rebuilt,
      mix(s.configuration, idOf(shared as object)),
      (a, b) =>
        a.configuration === b.configuration && a.value === b.value && a.context === b.context,
    );
  };

  const copy = (c: DatabaseCopy): DatabaseCopy => {
    if (ids.has(c)) return c;
    const machine = snapshot(copySnapshots, c.machine);
    const received = logPosition(c.received);
    const hardened = logPosition(c.hardened);
    const redone = logPosition(c.redone);
    const seeding = snapshot(seedingSnapshots, c.seeding);
    const same =
      machine === c.machine &&
      received === c.received &&
      hardened === c.hardened &&
      redone === c.redone &&
      seeding === c.seeding;
    const rebuilt = same ? c : withCopy(c, { machine, received, hardened, redone, seeding });
    let h = idOf(machine);
    h = mix(h, idOf(received));
    h = mix(h, idOf(hardened));
    h = mix(h, idOf(redone));
    h = mix(h, idOf(seeding));
    h = mix(h, (c.failoverReady ? 1 : 0) + (c.suspendedOnPrimary ? 2 : 0));
    return share(
      copies,
      rebuilt,
      h,
      (a, b) =>
        a.machine === b.machine &&
        a.received === b.received &&
        a.hardened === b.hardened &&
        a.redone === b.redone &&
        a.seeding === b.seeding &&
        a.failoverReady === b.failoverReady &&
        a.suspendedOnPrimary === b.suspendedOnPrimary &&
        a.notOnline === b.notOnline,
    );
  };

  /** A record of shared parts (a replica's copies, the group's logs), in its own key order. */
  const record = <T extends object>(
    r: Readonly<Record<string, T>>,
    part: (x: T) => T,
  ): Readonly<Record<string, T>> => {
    if (ids.has(r)) return r;
    let same = true;
    let h = 0;
    const out: Record<string, T> = {};
    for (const name in r) {
      const x = part(r[name]!);
      if (x !== r[name]) same = false;
      setEntry(out, name, x);
      h = mix(h, idOf(x));
    }
    return share(records, same ? r : out, h, sameMembers);
  };

  const replica = (r: ReplicaRuntime): ReplicaRuntime => {
    if (ids.has(r)) return r;
    const machine = snapshot(replicaSnapshots, r.machine);
    const databases = record(r.databases, copy);
    const rebuilt =
      machine === r.machine && databases === r.databases
        ? r
        : rebuildReplica(r, machine, databases);
    let h = mix(idOf(machine), idOf(databases));
    h = mix(h, r.linkDownSinceMs === null ? -1 : r.linkDownSinceMs | 0);
    return share(
      replicas,
      rebuilt,
      h,
      (a, b) =>
        a.name === b.name &&
        a.machine === b.machine &&
        a.databases === b.databases &&
        a.linkDownSinceMs === b.linkDownSinceMs &&
        a.canCreateDatabase === b.canCreateDatabase &&
        a.recoversAsPrimary === b.recoversAsPrimary &&
        a.offlineLocally === b.offlineLocally &&
        a.version === b.version,
    );
  };

  const log = (l: DatabaseLog): DatabaseLog => share(logs, l, plainHash(l), plainEqual);

  const list = (xs: readonly number[]): readonly number[] =>
    share(lists, xs, plainHash(xs), plainEqual);

  const cluster = (c: Cluster): Cluster => {
    const shared: ReplicaRuntime[] = [];
    let same = true;
    for (const r of c.replicas) {
      const x = replica(r);
      if (x !== r) same = false;
      shared.push(x);
    }
    const ag = snapshot(agSnapshots, c.ag);
    const groupLogs = record(c.logs, log);
    const failureTimesMs = list(c.failureTimesMs);
    if (same && ag === c.ag && groupLogs === c.logs && failureTimesMs === c.failureTimesMs)
      return c;
    return rebuild(
      c,
      same ? c.replicas : shared,
      c.journal,
      ag,
      groupLogs,
      c.nowMs,
      failureTimesMs,
    );
  };

  return { cluster, size: () => ids.size };
};

/** Two records of shared parts: the same names, each to the same part. */
const sameMembers = (a: Readonly<Record<string, object>>, b: Readonly<Record<string, object>>) => {
  let count = 0;
  for (const name in a) {
    if (a[name] !== b[name]) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
};
