import * as t from 'io-ts';
import {
  ListenerAddress,
  ListenerInput,
  PrimaryRoleInput,
  ReplicaInput,
  SecondaryRoleInput,
} from './config.js';
import {
  AutomatedBackupPreference,
  AvailabilityMode,
  BackupType,
  DtcSupport,
  FailoverMode,
  FailureConditionLevel,
  OnOff,
  SeedingMode,
  SqlServerVersion,
} from './enums.js';
import { Integer, NonNegativeInteger, PositiveInteger } from './integer.js';
import { strictObject } from './strict.js';

/**
 * The cluster's events: one closed vocabulary shared by scenarios, the T-SQL adapter, the
 * explorer and the web page. Names are dot-namespaced by the entity they concern. Each event says
 * what happens in the world (a commit, a crash, a command a DBA runs); the cluster step decides
 * what follows from it.
 */

const ev = <T extends string, R extends t.Props, O extends t.Props = Record<never, never>>(
  type: T,
  required: R,
  optional?: O,
) => strictObject(type, { type: t.literal(type), ...required }, (optional ?? {}) as O);

const replica = { replica: t.string };
const replicaDb = { replica: t.string, database: t.string };
const optionalDb = { database: t.string };

/** Conditions a health check can report about the primary, by failure-condition level (ag-rules §8.3). */
export const HEALTH_CONDITIONS = [
  'SERVICE_DOWN',
  'LEASE_EXPIRED',
  'UNRESPONSIVE',
  'REPLICA_FAILED',
  'SYSTEM_ERROR',
  'RESOURCE_ERROR',
  'QUERY_PROCESSING_ERROR',
  'IO_SUBSYSTEM_WARNING',
  'DATABASE_NOT_ONLINE',
] as const;
export const HealthCondition = t.keyof(
  Object.fromEntries(HEALTH_CONDITIONS.map((c) => [c, null])) as {
    [K in (typeof HEALTH_CONDITIONS)[number]]: null;
  },
  'HealthCondition',
);
export type HealthCondition = t.TypeOf<typeof HealthCondition>;

/** Group options that ALTER AVAILABILITY GROUP … SET ( … ) may change (ag-rules §1.1). */
export const GroupOptionsPatch = strictObject(
  'GroupOptionsPatch',
  {},
  {
    automatedBackupPreference: AutomatedBackupPreference,
    failureConditionLevel: FailureConditionLevel,
    healthCheckTimeout: Integer,
    dbFailover: OnOff,
    dtcSupport: DtcSupport,
    requiredSynchronizedSecondariesToCommit: Integer,
    writeLeaseValidity: t.union([Integer, t.null]),
    clusterConnectionOptions: t.union([t.string, t.null]),
  },
);
export type GroupOptionsPatch = t.TypeOf<typeof GroupOptionsPatch>;

/** Replica options that ALTER AVAILABILITY GROUP … MODIFY REPLICA ON may change. */
export const ReplicaOptionsPatch = strictObject(
  'ReplicaOptionsPatch',
  {},
  {
    endpointUrl: t.string,
    availabilityMode: AvailabilityMode,
    failoverMode: FailoverMode,
    seedingMode: SeedingMode,
    backupPriority: Integer,
    sessionTimeout: Integer,
    secondaryRole: SecondaryRoleInput,
    primaryRole: PrimaryRoleInput,
  },
);
export type ReplicaOptionsPatch = t.TypeOf<typeof ReplicaOptionsPatch>;

export const DbCommit = ev('db.commit', { database: t.string }, { count: PositiveInteger });
/** The application begins a transaction on the primary and leaves it open (not committed). */
export const DbBegin = ev('db.begin', { database: t.string });
export const DbSuspend = ev('db.suspend', replicaDb);
export const DbResume = ev('db.resume', replicaDb);
export const DbAdd = ev('db.add', { database: t.string });
export const DbRemove = ev('db.remove', { database: t.string });
/**
 * BACKUP on a replica's instance, into `file`: appended to the backup sets the file holds (NOINIT,
 * the default), or overwriting them with `init` (WITH INIT or FORMAT).
 */
export const DbBackup = ev(
  'db.backup',
  { ...replicaDb, backupType: BackupType },
  { file: t.string, init: t.boolean },
);
/**
 * RESTORE on a replica's instance of the backup set at `position` in `file` (WITH FILE = n, 1 by
 * default): RESTORE LOG when `log` is true, RESTORE DATABASE when false (absent: whichever the set
 * is); `logShipping` marks a restore run by a log-shipping restore job (SEED000).
 */
export const DbRestore = ev(
  'db.restore',
  { ...replicaDb, file: t.string },
  { position: PositiveInteger, log: t.boolean, recovery: t.boolean, logShipping: t.boolean },
);
export const DbJoin = ev('db.join', replicaDb);
export const DbLeave = ev('db.leave', replicaDb);
export const DbPageError = ev('db.pageError', { ...replicaDb, page: NonNegativeInteger });

export const LogShip = ev('log.ship', replica, optionalDb);
export const LogHarden = ev('log.harden', replica, optionalDb);
export const LogRedo = ev('log.redo', replica, optionalDb);

export const ReplicaCrash = ev('replica.crash', replica);
export const ReplicaRestart = ev('replica.restart', replica);
export const ReplicaDisconnect = ev('replica.disconnect', replica);
/** Setup upgrades a replica's instance to a later major version: it stops and starts again (S64). */
export const ReplicaUpgrade = ev('replica.upgrade', { ...replica, version: SqlServerVersion });
export const ReplicaReconnect = ev('replica.reconnect', replica);
export const ReplicaSetAvailabilityMode = ev('replica.setAvailabilityMode', {
  ...replica,
  mode: AvailabilityMode,
});
export const ReplicaSetFailoverMode = ev('replica.setFailoverMode', {
  ...replica,
  mode: FailoverMode,
});
export const ReplicaSetSeedingMode = ev('replica.setSeedingMode', {
  ...replica,
  mode: SeedingMode,
});
export const ReplicaModify = ev('replica.modify', { ...replica, options: ReplicaOptionsPatch });
export const ReplicaGrantCreateDatabase = ev('replica.grantCreateDatabase', replica);
export const ReplicaDenyCreateDatabase = ev('replica.denyCreateDatabase', replica);
export const ReplicaJoin = ev('replica.join', replica);
export const ReplicaAdd = ev('replica.add', { spec: ReplicaInput });
export const ReplicaRemove = ev('replica.remove', replica);

export const AgFailover = ev('ag.failover', { target: t.string });
export const AgForceFailover = ev('ag.forceFailover', { target: t.string });
export const AgSetRoleSecondary = ev('ag.setRoleSecondary', replica);
export const AgSet = ev('ag.set', { options: GroupOptionsPatch });
/** `replica`: the instance OFFLINE runs on (the primary when absent); it matters under CLUSTER_TYPE NONE. */
export const AgOffline = ev('ag.offline', {}, replica);
export const AgAddListener = ev('ag.addListener', { listener: ListenerInput });
export const AgModifyListener = ev(
  'ag.modifyListener',
  { name: t.string },
  {
    port: Integer,
    addAddresses: t.readonlyArray(ListenerAddress),
    removeAddresses: t.readonlyArray(t.string),
  },
);
export const AgRemoveListener = ev('ag.removeListener', { name: t.string });

export const QuorumLost = ev('quorum.lost', {});
export const QuorumRegained = ev('quorum.regained', {});
export const QuorumForce = ev('quorum.force', replica);

export const TimeAdvance = ev('time.advance', { ms: NonNegativeInteger });
export const HealthSignal = ev(
  'health.signal',
  { ...replica, condition: HealthCondition },
  { database: t.string, durationMs: NonNegativeInteger },
);

export const SeedingProgress = ev('seeding.progress', replicaDb, { bytes: NonNegativeInteger });
export const SeedingFail = ev('seeding.fail', replicaDb, { failureState: Integer });

/** Every event's codec, one per type, in the order of the union. */
export const EVENT_CODECS = [
  DbCommit,
  DbBegin,
  DbSuspend,
  DbResume,
  DbAdd,
  DbRemove,
  DbBackup,
  DbRestore,
  DbJoin,
  DbLeave,
  DbPageError,
  LogShip,
  LogHarden,
  LogRedo,
  ReplicaCrash,
  ReplicaRestart,
  ReplicaDisconnect,
  ReplicaReconnect,
  ReplicaUpgrade,
  ReplicaSetAvailabilityMode,
  ReplicaSetFailoverMode,
  ReplicaSetSeedingMode,
  ReplicaModify,
  ReplicaGrantCreateDatabase,
  ReplicaDenyCreateDatabase,
  ReplicaJoin,
  ReplicaAdd,
  ReplicaRemove,
  AgFailover,
  AgForceFailover,
  AgSetRoleSecondary,
  AgSet,
  AgOffline,
  AgAddListener,
  AgModifyListener,
  AgRemoveListener,
  QuorumLost,
  QuorumRegained,
  QuorumForce,
  TimeAdvance,
  HealthSignal,
  SeedingProgress,
  SeedingFail,
] as const;

const AnyEvent = t.union(EVENT_CODECS as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]]);
type AnyEventType = t.TypeOf<(typeof EVENT_CODECS)[number]>;

const CODEC_BY_TYPE = new Map<string, t.Mixed>(
  EVENT_CODECS.map((c) => [c.name, c as unknown as t.Mixed]),
);

/** Every event type name, in the order of the union. */
export const CLUSTER_EVENT_TYPES: readonly string[] = EVENT_CODECS.map((c) => c.name);

/**
 * The closed union of cluster events. Decoding dispatches on `type`, so a bad event yields one
 * clear error for its own shape instead of one per member of the union.
 */
export const ClusterEvent = new t.Type<AnyEventType, unknown, unknown>(
  'ClusterEvent',
  (u): u is AnyEventType => AnyEvent.is(u),
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) {
      return t.failure(u, c, 'expected an event object with a "type"');
    }
    const type = (u as Record<string, unknown>).type;
    const codec = typeof type === 'string' ? CODEC_BY_TYPE.get(type) : undefined;
    if (codec === undefined) {
      return t.failure(
        type,
        [...c, { key: 'type', type: t.string, actual: type }],
        `unknown event type ${JSON.stringify(type)}; expected one of: ${CLUSTER_EVENT_TYPES.join(', ')}`,
      );
    }
    return codec.validate(u, c) as t.Validation<AnyEventType>;
  },
  (a) => (CODEC_BY_TYPE.get(a.type) as t.Mixed).encode(a),
);
export type ClusterEvent = t.TypeOf<typeof ClusterEvent>;
export type ClusterEventType = ClusterEvent['type'];
export type EventOf<K extends ClusterEventType> = Extract<ClusterEvent, { type: K }>;
