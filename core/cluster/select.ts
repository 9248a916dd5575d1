import type { StateValue } from '../kernel/compile.js';
import { AG, DATABASE_REPLICA } from '../kernel/machines.js';
import type {
  ConnectedState,
  LocalReplicaState,
  ReplicaRole,
  SqlServerVersion,
  SynchronizationState,
} from '../model/enums.js';
import { sameName } from '../rules/facts-access.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from './types.js';

/** Read the machines' states out of a cluster value. */

const value = (snapshot: { value: unknown }): Record<string, unknown> =>
  snapshot.value as Record<string, unknown>;

export const replicaRole = (r: ReplicaRuntime): ReplicaRole => value(r.machine).role as ReplicaRole;

/** The local replica state as the error log reports it (RESOLVING_NORMAL, PRIMARY_PENDING, …). */
export const localReplicaState = (r: ReplicaRuntime): LocalReplicaState =>
  value(r.machine).localState as LocalReplicaState;

export const isReplicaUp = (r: ReplicaRuntime): boolean => value(r.machine).instance === 'UP';

export const connectedState = (r: ReplicaRuntime): ConnectedState =>
  value(r.machine).connection as ConnectedState;

type CopyPhase = 'ABSENT' | 'RESTORING' | 'SEEDING' | 'JOINED';

const phaseOfValue = (v: StateValue): CopyPhase => {
  if (typeof v === 'string') return v as CopyPhase;
  for (const key in v) return key as CopyPhase;
  return undefined as never;
};

const joinedOfValue = (v: StateValue): string | null =>
  typeof v === 'object' && v !== null && 'JOINED' in v
    ? String((v as { JOINED: unknown }).JOINED)
    : null;

// Every snapshot in one configuration of the compiled machine shares its state value: read each
// configuration's phase and JOINED sub-state once, and a copy's by its configuration's index
// (these run on every copy, several times a step).
const COPY_VALUES = DATABASE_REPLICA.configurations.map((x) => x.value);
const COPY_PHASES = COPY_VALUES.map(phaseOfValue);
const JOINED_STATES = COPY_VALUES.map(joinedOfValue);

/** The copy's top-level state: ABSENT, RESTORING, SEEDING or JOINED. */
export const copyPhase = (c: DatabaseCopy): CopyPhase => {
  const { configuration, value } = c.machine;
  return COPY_VALUES[configuration] === value ? COPY_PHASES[configuration]! : phaseOfValue(value);
};

/** The JOINED sub-state (SYNCHRONIZED, SUSPENDED, …), or null when not joined. */
export const joinedState = (c: DatabaseCopy): string | null => {
  const { configuration, value } = c.machine;
  return COPY_VALUES[configuration] === value
    ? JOINED_STATES[configuration]!
    : joinedOfValue(value);
};

export const isSuspended = (c: DatabaseCopy): boolean => joinedState(c) === 'SUSPENDED';

/** synchronization_state_desc as the DMV spells it; a suspended copy reports NOT SYNCHRONIZING. */
export const synchronizationState = (c: DatabaseCopy): SynchronizationState | null =>
  synchronizationStateOf(joinedState(c));

/** synchronization_state_desc of a JOINED sub-state (null: not joined). */
export const synchronizationStateOf = (s: string | null): SynchronizationState | null => {
  if (s === null) return null;
  if (s === 'NOT_SYNCHRONIZING' || s === 'SUSPENDED') return 'NOT SYNCHRONIZING';
  return s as SynchronizationState;
};

const serviceOfValue = (v: StateValue): string => {
  const s = (v as { service: unknown }).service;
  return typeof s === 'string' ? s : `FAILING_OVER.${Object.values(s as object)[0]}`;
};

// As for copies: the group's service state by its configuration's index, worked out once each.
const AG_VALUES = AG.configurations.map((x) => x.value);
const AG_SERVICES = AG_VALUES.map(serviceOfValue);

export const agService = (c: Cluster): string => {
  const { configuration, value } = c.ag;
  return AG_VALUES[configuration] === value ? AG_SERVICES[configuration]! : serviceOfValue(value);
};

export const quorumState = (c: Cluster): 'HEALTHY' | 'LOST' | 'FORCED' =>
  (c.ag.value as { quorum: 'HEALTHY' | 'LOST' | 'FORCED' }).quorum;

/** The replica that holds the primary role now, or null. */
export const primaryName = (c: Cluster): string | null =>
  agService(c) === 'ONLINE' ? c.ag.context.primary : null;

export const findReplica = (c: Cluster, name: string): ReplicaRuntime | undefined => {
  // Names are compared case-insensitively, letter by letter: folding each name met to lower case
  // made a string per replica passed over (R1 and R2 before R3).
  for (const r of c.replicas)
    if (r.name === name || (r.name.length === name.length && sameName(r.name, name))) return r;
  return undefined;
};

export const primaryReplica = (c: Cluster): ReplicaRuntime | undefined => {
  const p = primaryName(c);
  return p === null ? undefined : findReplica(c, p);
};

/**
 * How long, in ms, a secondary's session outlives its last ping before it is DISCONNECTED and
 * commits stop waiting for it: the primary's SESSION_TIMEOUT, the period the primary waits for a
 * ping ("unless the secondary replica fails to ping the primary replica within the primary's
 * session-timeout period", S1; "how many seconds … an availability replica waits for a ping
 * response from a connected replica", S109). Without a primary, the replica's own.
 */
export const sessionTimeoutMs = (c: Cluster, replica: string): number => {
  const primary = primaryName(c);
  const spec =
    (primary === null ? undefined : c.config.replicas.find((x) => x.name === primary)) ??
    c.config.replicas.find((x) => x.name === replica);
  return (spec?.sessionTimeout ?? 10) * 1000;
};

/** The replicas that hold the writable primary role (an invariant says: at most one). */
export const writablePrimaries = (c: Cluster): readonly string[] =>
  takesWrites(c) ? c.replicas.filter(isWritablePrimary).map((r) => r.name) : [];

/** How many writable primaries (`writablePrimaries`' length), with no array made to count them. */
export const writablePrimaryCount = (c: Cluster): number => {
  if (!takesWrites(c)) return 0;
  let count = 0;
  for (const r of c.replicas) if (isWritablePrimary(r)) count++;
  return count;
};

const takesWrites = (c: Cluster): boolean => agService(c) === 'ONLINE' && quorumState(c) !== 'LOST';

const isWritablePrimary = (r: ReplicaRuntime): boolean =>
  replicaRole(r) === 'PRIMARY' && isReplicaUp(r);

/** The major version a replica's instance runs: its own after a rolling upgrade, else the group's. */
export const replicaVersion = (c: Cluster, r: ReplicaRuntime): SqlServerVersion =>
  r.version ?? c.config.version;

/**
 * A secondary left behind by a rolling upgrade: its instance runs an earlier major version than
 * the primary's. "An upgraded primary replica can no longer ship logs to any secondary replica
 * whose SQL Server instance that has not yet been upgraded to the same version" (S64).
 */
export const behindUpgradedPrimary = (
  c: Cluster,
  primary: ReplicaRuntime | undefined,
  r: ReplicaRuntime,
): boolean =>
  primary !== undefined &&
  (primary.version !== undefined || r.version !== undefined) &&
  replicaVersion(c, r) < replicaVersion(c, primary);
