import { synchronizationHealth } from '../health/synchronization-health.js';
import { restoredLogFrom } from '../lifecycle/restores.js';
import { commonLsn, secondaryNeedsFrom } from '../log/lineage.js';
import { isSeedingRunning } from '../machines/seeding/selectors.js';
import type { LocalReplicaState, OperationalState } from '../model/enums.js';
import type {
  ClusterFacts,
  DatabaseReplicaFacts,
  Fork,
  LogPosition,
  ReplicaFacts,
} from '../model/facts.js';
import { memoLast } from '../model/memo.js';
import { setEntry } from './ops.js';
import {
  agService,
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  localReplicaState,
  primaryName,
  quorumState,
  replicaRole,
  synchronizationStateOf,
} from './select.js';
import type { Cluster } from './types.js';

/** A row this module builds and fills before handing it out. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The primary cannot truncate log that a secondary copy still needs (SEED004, S6 truncation_lsn):
 * the lowest hardened LSN among the joined secondary copies, running or not, suspended or not (for
 * a copy past a recovery fork, the point it reverts to), and where each running automatic seeding
 * started (SEED001).
 */
export const logTruncationLsn = (c: Cluster, database: string): bigint | null => {
  const primary = primaryName(c);
  const primaryCopy =
    primary === null ? undefined : c.replicas.find((r) => r.name === primary)?.databases[database];
  if (primaryCopy === undefined) return null;
  let lsn = primaryCopy.hardened.lsn;
  const forks = c.logs[database]?.forks;
  for (const r of c.replicas) {
    const copy = r.databases[database];
    if (r.name === primary || copy === undefined) continue;
    if (copyPhase(copy) === 'JOINED') {
      // A copy past a recovery fork needs the log from the point it reverts to (S6, S44).
      const needs = secondaryNeedsFrom(forks, copy.hardened, primaryCopy.hardened);
      if (needs < lsn) lsn = needs;
    }
    const from = copy.seeding.context.fromLsn;
    if (isSeedingRunning(copy.seeding) && from !== null && from < lsn) lsn = from;
  }
  for (const open of c.logs[database]?.openTransactions ?? []) if (open < lsn) lsn = open;
  return lsn;
};

/**
 * S6 recovery_lsn of a copy: the LSN up to which its log is the group's current history. Below its
 * last hardened LSN, the copy ran past a recovery fork and reverts to it when it resynchronizes;
 * at or above, no resynchronization is needed.
 */
const recoveryLsn = (forks: readonly Fork[], hardened: LogPosition): bigint => {
  let current = forks[0]!.id;
  for (const f of forks) if (f.id > current) current = f.id;
  // On the current fork the copy holds only the current history: nothing to revert.
  if (hardened.fork === current) return hardened.lsn;
  return commonLsn(forks, hardened, { fork: current, lsn: hardened.lsn });
};

/**
 * S6 truncation_lsn of a copy: on the primary, the point its log is kept from; on a joined
 * secondary, where the primary keeps the log from for it. No rule of the step reads it (only the
 * truncation holder `decide` names), so `stepFacts` leaves it out and `clusterFacts` adds it.
 */
const copyTruncationLsn = (
  c: Cluster,
  primary: string | null,
  d: DatabaseReplicaFacts,
): bigint | null | undefined => {
  if (d.replica === primary) return logTruncationLsn(c, d.database);
  if (!d.isJoined || primary === null) return undefined;
  const end = c.replicas.find((p) => p.name === primary)?.databases[d.database]?.hardened;
  const copy = c.replicas.find((r) => r.name === d.replica)?.databases[d.database];
  if (end === undefined || copy === undefined) return undefined;
  return secondaryNeedsFrom(c.logs[d.database]?.forks, copy.hardened, end);
};

/**
 * operational_state_desc by the local replica state (S7 Roles and Operational States): PENDING_FAILOVER
 * while a failover command is processed, PENDING while a new primary's databases come online,
 * OFFLINE while RESOLVING without a primary, FAILED_NO_QUORUM without quorum, ONLINE otherwise.
 */
const operationalState = (
  up: boolean,
  quorum: string,
  local: LocalReplicaState,
): OperationalState | null => {
  if (!up) return null;
  if (quorum === 'LOST') return 'FAILED_NO_QUORUM';
  switch (local) {
    case 'RESOLVING_PENDING_FAILOVER':
      return 'PENDING_FAILOVER';
    case 'PRIMARY_PENDING':
      return 'PENDING';
    case 'RESOLVING_NORMAL':
    case 'NOT_AVAILABLE':
      return 'OFFLINE';
    default:
      return 'ONLINE';
  }
};

/**
 * The facts of a simulated cluster: exact and complete, as the DMVs on the primary plus the exact
 * log would show, with every level's synchronization_health.
 */
export const clusterFacts = (c: Cluster): ClusterFacts =>
  withSynchronizationHealth(c, stepFacts(c));

/**
 * The same facts without synchronization_health, which no rule the step applies reads (failover
 * verdicts, commit acknowledgement, page repair): the step and the explorer judge on these, and
 * skip the health report's cost on every event.
 */
export const stepFacts = (c: Cluster): ClusterFacts => lastClusterFacts(c);

/** What a replica's facts rows are made of besides the replica itself (`replicaRows`). */
interface RowInputs {
  readonly config: Cluster['config'];
  readonly quorum: string;
  readonly primary: string | null;
  readonly lowerSource: boolean;
  /**
   * A rolling upgrade has moved some replica past the group's version (`ReplicaRuntime.version`):
   * every replica's facts then name its version, so the rules of S64 can compare them.
   */
  readonly upgrading: boolean;
  readonly logs: Cluster['logs'];
}

/** A replica's facts: its row and its copies' rows, in the order the facts list them. */
interface ReplicaRows {
  readonly replica: Cluster['replicas'][number];
  readonly facts: ReplicaFacts;
  readonly copies: readonly DatabaseReplicaFacts[];
}

/**
 * The rows of the last facts built, by replica: consecutive clusters of a run or a search share
 * every replica the event did not change (the step rebuilds only what changes), and their rows
 * are the same values when the group-wide inputs are too. A commit built its facts twice, each
 * walking every copy; now the second rebuilds the primary's rows alone.
 */
let lastInputs: RowInputs | undefined;
let lastRows: readonly ReplicaRows[] = [];

const sameForks = (a: Cluster['logs'], b: Cluster['logs']): boolean => {
  if (a === b) return true;
  for (const database in a) if (a[database]!.forks !== b[database]?.forks) return false;
  for (const database in b) if (!(database in a)) return false;
  return true;
};

const sameInputs = (a: RowInputs | undefined, b: RowInputs): boolean =>
  a !== undefined &&
  a.config === b.config &&
  a.quorum === b.quorum &&
  a.primary === b.primary &&
  a.lowerSource === b.lowerSource &&
  a.upgrading === b.upgrading &&
  sameForks(a.logs, b.logs);

const replicaRows = (r: Cluster['replicas'][number], inputs: RowInputs): ReplicaRows => {
  const { config, quorum, primary, lowerSource, upgrading, logs } = inputs;
  const inGroup = (db: string) => config.databases.includes(db);
  const up = isReplicaUp(r);
  let recovering = false;
  if (up)
    for (const db in r.databases) {
      const d = r.databases[db]!;
      if (inGroup(db) && copyPhase(d) === 'JOINED' && d.notOnline !== undefined) recovering = true;
    }
  const facts: ReplicaFacts = {
    name: r.name,
    role: replicaRole(r),
    operationalState: operationalState(up, quorum, localReplicaState(r)),
    connectedState: primary !== null && r.name === primary ? 'CONNECTED' : connectedState(r),
    isUp: up,
    canCreateDatabase: r.canCreateDatabase,
    recoveryHealth: !up ? null : recovering ? 'ONLINE_IN_PROGRESS' : 'ONLINE',
    ...(upgrading ? { version: r.version ?? config.version } : {}),
  };
  const copies: DatabaseReplicaFacts[] = [];
  for (const database in r.databases) {
    const copy = r.databases[database]!;
    const phase = copyPhase(copy);
    if (!inGroup(database) || phase === 'ABSENT') continue;
    const joined = phase === 'JOINED';
    const state = joined ? joinedState(copy) : null;
    const row: Writable<DatabaseReplicaFacts> = {
      replica: r.name,
      database,
      isJoined: joined,
      // A copy undoing to the fork point is in recovery, not readable (REVERTING / In Recovery);
      // so is a secondary copy of log from a lower major version (S43, Synchronizing/In Recovery).
      databaseState:
        copy.notOnline ??
        (!joined
          ? 'RESTORING'
          : state === 'REVERTING' || state === 'INITIALIZING' || (lowerSource && r.name !== primary)
            ? 'RECOVERING'
            : 'ONLINE'),
      synchronizationState:
        joined && copy.notOnline === undefined
          ? synchronizationStateOf(state)
          : 'NOT SYNCHRONIZING',
      isSuspended: state === 'SUSPENDED',
      // No source says which suspend_reason_desc a copy stopped only by the primary's SUSPEND
      // shows (S6 defines SUSPEND_FROM_USER as a user's suspension of that copy): NULL.
      suspendReason:
        copy.suspendedOnPrimary && state === 'SUSPENDED'
          ? null
          : copy.machine.context.suspendReason,
      isFailoverReady: copy.failoverReady,
      lastReceivedLsn: copy.received.lsn,
      lastHardenedLsn: copy.hardened.lsn,
      lastRedoneLsn: copy.redone.lsn,
      endOfLogLsn: copy.received.lsn > copy.hardened.lsn ? copy.received.lsn : copy.hardened.lsn,
      // NULL while the cluster lacks quorum or quorum was forced (S2 Tracking Potential Data Loss).
      lastCommitLsn: quorum === 'HEALTHY' ? copy.redone.lsn : null,
      isSeeding: phase === 'SEEDING',
    };
    const forks = logs[database]?.forks;
    if (forks !== undefined && forks.length > 0)
      row.recoveryLsn = recoveryLsn(forks, copy.hardened);
    copies.push(row);
  }
  return { replica: r, facts, copies };
};

const factsOf = (c: Cluster): ClusterFacts => {
  const quorum = quorumState(c);
  const primary = primaryName(c);
  // Loops, not chains of array methods: the step builds these facts on most events.
  const inGroup = (db: string) => c.config.databases.includes(db);
  const inputs: RowInputs = {
    config: c.config,
    quorum,
    primary,
    lowerSource: c.logFromVersion !== undefined,
    upgrading: c.replicas.some((r) => r.version !== undefined),
    logs: c.logs,
  };
  const previous = sameInputs(lastInputs, inputs) ? lastRows : [];
  const rows: ReplicaRows[] = [];
  for (let i = 0; i < c.replicas.length; i++) {
    const r = c.replicas[i]!;
    const kept = previous[i]?.replica === r ? previous[i]! : undefined;
    rows.push(kept ?? replicaRows(r, inputs));
  }
  lastInputs = inputs;
  lastRows = rows;
  const replicas: ReplicaFacts[] = [];
  for (const row of rows) replicas.push(row.facts);
  // A replica added on the primary whose instance has not joined yet: known, never connected.
  for (const cfg of c.config.replicas)
    if (!c.replicas.some((r) => r.name === cfg.name))
      replicas.push({
        name: cfg.name,
        role: null,
        operationalState: null,
        connectedState: 'DISCONNECTED',
        isUp: null,
        isJoined: false,
        canCreateDatabase: null,
      });
  const databaseReplicas: DatabaseReplicaFacts[] = [];
  for (const row of rows) for (const copy of row.copies) databaseReplicas.push(copy);
  const logs: NonNullable<ClusterFacts['logs']>[number][] = [];
  for (const database in c.logs) {
    if (!inGroup(database)) continue;
    const log = c.logs[database]!;
    const hardened: Record<string, LogPosition> = {};
    const restoredFrom: Record<string, bigint> = {};
    for (const r of c.replicas) {
      const copy = r.databases[database];
      if (copy === undefined) continue;
      const phase = copyPhase(copy);
      if (phase !== 'ABSENT') hardened[r.name] = copy.hardened;
      // Only a RESTORING copy's restores say where its log starts: the others are not asked.
      const from = phase === 'RESTORING' ? restoredLogFrom(c, r.name, database) : null;
      if (from !== null) restoredFrom[r.name] = from;
    }
    const entry: NonNullable<ClusterFacts['logs']>[number] = {
      database,
      forks: log.forks,
      acknowledged: log.acknowledged,
      lost: log.lost,
      hardened,
      logChain: c.catalog[database]?.logChain ?? null,
      truncatedLsn: c.catalog[database]?.truncatedLsn ?? 0n,
      logBackedUp: c.backups.some((b) => b.database === database && b.backupType === 'LOG'),
      fullBackupOn: [
        ...new Set(
          c.backups.flatMap((b) =>
            b.database === database &&
            (b.backupType === 'FULL' || b.backupType === 'FULL_COPY_ONLY')
              ? [b.replica]
              : [],
          ),
        ),
      ],
      restoredLogFrom: restoredFrom,
    };
    const waits = readsWaiting(log);
    // Only a simulation that made a secondary readable with transactions open has the field.
    const withWaits = waits === undefined ? entry : { ...entry, readsWaitFor: waits };
    const stopped = stoppedByPrimaryOnly(c, database);
    // Only a simulation that suspended the primary's copy has it.
    logs.push(stopped.length === 0 ? withWaits : { ...withWaits, stoppedByPrimaryOnly: stopped });
  }
  return {
    config: c.config,
    quorum,
    primary,
    replicas,
    databaseReplicas,
    nowMs: c.nowMs,
    groupState: agService(c) === 'OFFLINE' ? 'OFFLINE' : primary === null ? 'RESOLVING' : 'ONLINE',
    failureTimesMs: c.failureTimesMs,
    logs,
  };
};

/** The secondaries whose copy of `database` only the primary's SUSPEND stopped (S50, S62). */
const stoppedByPrimaryOnly = (c: Cluster, database: string): readonly string[] => {
  // A loop that allocates nothing for the usual answer, none: the step builds facts on most events.
  let out: string[] | undefined;
  for (const r of c.replicas) {
    const copy = r.databases[database];
    if (
      copy?.suspendedOnPrimary === true &&
      copyPhase(copy) === 'JOINED' &&
      joinedState(copy) === 'SUSPENDED'
    ) {
      out ??= [];
      out.push(r.name);
    }
  }
  return out ?? NONE;
};

const NONE: readonly string[] = [];

/** The replicas whose queries wait for transactions still open since they were made readable (S16). */
const readsWaiting = (log: Cluster['logs'][string]): Record<string, number> | undefined => {
  const waits = log.readsWaitFor;
  if (waits === undefined) return undefined;
  const open = new Set(log.openTransactions ?? []);
  const counts: Record<string, number> = {};
  let any = false;
  for (const replica in waits) {
    const still = waits[replica]!.filter((lsn) => open.has(lsn)).length;
    if (still > 0) {
      setEntry(counts, replica, still);
      any = true;
    }
  }
  return any ? counts : undefined;
};

/** Every level's synchronization_health, as the DMVs on the primary would report it (S6, S7, S49). */
const withSynchronizationHealth = (c: Cluster, facts: ClusterFacts): ClusterFacts => {
  const report = synchronizationHealth(facts, { complete: true });
  const replicaHealth = new Map(report.replicas.map((r) => [r.replica, r.health]));
  const copyHealth = new Map(
    report.databases.map((d) => [`${d.replica}\u0000${d.database}`, d.health]),
  );
  return {
    ...facts,
    synchronizationHealth: report.group.health,
    replicas: facts.replicas.map((r) => {
      const health = replicaHealth.get(r.name);
      return health === undefined ? r : { ...r, synchronizationHealth: health };
    }),
    databaseReplicas: facts.databaseReplicas.map((d) => {
      const health = copyHealth.get(`${d.replica}\u0000${d.database}`);
      return withCopyHealth(d, health, copyTruncationLsn(c, facts.primary, d));
    }),
  };
};

/**
 * A row of `stepFacts` with its synchronization_health and truncation_lsn, built field by field in the row's own
 * order. A spread copy reads the same, but every rule that asks it for a column it lacks (the
 * queues and rates a simulated cluster does not report) then paid about 0.1 µs a read: on 9
 * replicas × 100 databases, `decide` spent a third of its time there.
 */
const withCopyHealth = (
  d: DatabaseReplicaFacts,
  health: DatabaseReplicaFacts['synchronizationHealth'],
  truncationLsn: bigint | null | undefined,
): DatabaseReplicaFacts => {
  const row: Writable<DatabaseReplicaFacts> = {
    replica: d.replica,
    database: d.database,
    isJoined: d.isJoined,
    databaseState: d.databaseState,
    synchronizationState: d.synchronizationState,
    isSuspended: d.isSuspended,
    suspendReason: d.suspendReason,
    isFailoverReady: d.isFailoverReady,
    lastReceivedLsn: d.lastReceivedLsn,
    lastHardenedLsn: d.lastHardenedLsn,
    lastRedoneLsn: d.lastRedoneLsn,
    endOfLogLsn: d.endOfLogLsn,
    lastCommitLsn: d.lastCommitLsn,
  };
  if (d.isSeeding !== undefined) row.isSeeding = d.isSeeding;
  if (d.recoveryLsn !== undefined) row.recoveryLsn = d.recoveryLsn;
  if (truncationLsn !== undefined) row.truncationLsn = truncationLsn;
  if (health !== undefined) row.synchronizationHealth = health;
  return row;
};

// The step and the invariants it is checked against ask for the facts of one cluster in turn (a
// forced failover's verdict, then its predicted loss): the last cluster's are kept.
const lastClusterFacts = memoLast(factsOf);
