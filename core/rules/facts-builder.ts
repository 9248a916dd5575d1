import type * as t from 'io-ts';
import {
  type Config,
  type ConfigInput,
  initialPrimary,
  type ReplicaInput,
  resolveConfig,
} from '../model/config.js';
import type { SqlServerVersion } from '../model/enums.js';
import type {
  ClusterFacts,
  DatabaseReplicaFacts,
  QuorumState,
  ReplicaFacts,
} from '../model/facts.js';

/**
 * Small builders of configurations and facts for tests: a healthy group unless told otherwise.
 * Every replica is up, ONLINE and CONNECTED; `primary` (else the instance the CREATE ran on, else
 * the first replica) is PRIMARY and the others SECONDARY; every database is joined, SYNCHRONIZED
 * and not suspended everywhere.
 */

/** A replica: a name, or a name with any replica options (plain numbers for the integer ones). */
export type ReplicaSketch =
  | string
  | (Omit<
      ReplicaInput,
      'endpointUrl' | 'availabilityMode' | 'failoverMode' | 'backupPriority' | 'sessionTimeout'
    > &
      Partial<Pick<ReplicaInput, 'endpointUrl' | 'availabilityMode' | 'failoverMode'>> & {
        readonly backupPriority?: number;
        readonly sessionTimeout?: number;
      });

export type ConfigSketch = Omit<
  ConfigInput,
  | 'name'
  | 'version'
  | 'replicas'
  | 'cumulativeUpdate'
  | 'healthCheckTimeout'
  | 'requiredSynchronizedSecondariesToCommit'
> & {
  readonly name?: string;
  readonly version?: SqlServerVersion;
  readonly cumulativeUpdate?: number | null;
  readonly replicas: readonly ReplicaSketch[];
};

const int = (n: number): t.Int => n as t.Int;

const replicaInput = (sketch: ReplicaSketch): ReplicaInput => {
  if (typeof sketch === 'string')
    return {
      name: sketch,
      endpointUrl: `TCP://${sketch}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'MANUAL',
    };
  const { backupPriority, sessionTimeout, ...rest } = sketch;
  return {
    ...rest,
    endpointUrl: sketch.endpointUrl ?? `TCP://${sketch.name}:5022`,
    availabilityMode: sketch.availabilityMode ?? 'SYNCHRONOUS_COMMIT',
    failoverMode: sketch.failoverMode ?? 'MANUAL',
    ...(backupPriority === undefined ? {} : { backupPriority: int(backupPriority) }),
    ...(sessionTimeout === undefined ? {} : { sessionTimeout: int(sessionTimeout) }),
  };
};

/** A resolved configuration: group `ag`, SQL Server 2022, database `db1`, unless the sketch says otherwise. */
export const buildConfig = (sketch: ConfigSketch): Config => {
  const { name, version, cumulativeUpdate, replicas, ...rest } = sketch;
  return resolveConfig({
    databases: ['db1'],
    ...rest,
    name: name ?? 'ag',
    version: version ?? 2022,
    cumulativeUpdate:
      cumulativeUpdate === undefined || cumulativeUpdate === null ? null : int(cumulativeUpdate),
    replicas: replicas.map(replicaInput),
  });
};

type ReplicaOverride = Partial<Omit<ReplicaFacts, 'name'>>;
type DatabaseOverride = Partial<Omit<DatabaseReplicaFacts, 'replica' | 'database'>>;

export interface FactsOverrides {
  readonly quorum?: QuorumState | null;
  /** The primary replica; null: none (every replica RESOLVING unless its role is overridden). */
  readonly primary?: string | null;
  /** Per replica name. */
  readonly replicas?: Readonly<Record<string, ReplicaOverride>>;
  /** Per replica name, then per database name. */
  readonly databaseReplicas?: Readonly<Record<string, Readonly<Record<string, DatabaseOverride>>>>;
}

/** Facts for `config`: healthy everywhere, then `overrides` applied. */
export const buildFacts = (config: Config, overrides: FactsOverrides = {}): ClusterFacts => {
  const primary =
    overrides.primary === undefined ? (initialPrimary(config)?.name ?? null) : overrides.primary;
  const replicas = config.replicas.map(
    (r): ReplicaFacts => ({
      name: r.name,
      role: primary === null ? 'RESOLVING' : r.name === primary ? 'PRIMARY' : 'SECONDARY',
      operationalState: 'ONLINE',
      connectedState: 'CONNECTED',
      isUp: true,
      ...overrides.replicas?.[r.name],
    }),
  );
  const databaseReplicas = config.replicas.flatMap((r) =>
    config.databases.map(
      (database): DatabaseReplicaFacts => ({
        replica: r.name,
        database,
        isJoined: true,
        databaseState: 'ONLINE',
        synchronizationState: 'SYNCHRONIZED',
        isSuspended: false,
        suspendReason: null,
        isFailoverReady: true,
        lastReceivedLsn: null,
        lastHardenedLsn: null,
        lastRedoneLsn: null,
        endOfLogLsn: null,
        lastCommitLsn: null,
        ...overrides.databaseReplicas?.[r.name]?.[database],
      }),
    ),
  );
  return {
    config,
    quorum: overrides.quorum === undefined ? 'HEALTHY' : overrides.quorum,
    primary,
    replicas,
    databaseReplicas,
  };
};
