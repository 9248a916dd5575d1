import * as t from 'io-ts';

/**
 * Enumerations of SQL Server Always On, spelled as the T-SQL options and DMV `_desc` columns spell
 * them. Sources are given per enumeration (tags refer to ../shared/reference/ag-rules.md §0 and are
 * expanded in docs/rules.md).
 */

const keys = <K extends string>(name: string, values: readonly K[]) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [P in K]: null }, name);

/** SQL Server major versions that have availability groups (ag-rules §2). */
export const SQL_SERVER_VERSIONS = [2012, 2014, 2016, 2017, 2019, 2022, 2025] as const;
export const SqlServerVersion = t.union(
  [
    t.literal(2012),
    t.literal(2014),
    t.literal(2016),
    t.literal(2017),
    t.literal(2019),
    t.literal(2022),
    t.literal(2025),
  ],
  'SqlServerVersion (2012, 2014, 2016, 2017, 2019, 2022 or 2025)',
);
export type SqlServerVersion = t.TypeOf<typeof SqlServerVersion>;

/** AVAILABILITY_MODE (ag-rules §1.2, S3/S4/S32). */
export const AVAILABILITY_MODES = [
  'SYNCHRONOUS_COMMIT',
  'ASYNCHRONOUS_COMMIT',
  'CONFIGURATION_ONLY',
] as const;
export const AvailabilityMode = keys('AvailabilityMode', AVAILABILITY_MODES);
export type AvailabilityMode = t.TypeOf<typeof AvailabilityMode>;

/** FAILOVER_MODE (ag-rules §1.2, S3/S4/S30). */
export const FAILOVER_MODES = ['AUTOMATIC', 'MANUAL', 'EXTERNAL'] as const;
export const FailoverMode = keys('FailoverMode', FAILOVER_MODES);
export type FailoverMode = t.TypeOf<typeof FailoverMode>;

/** SEEDING_MODE (ag-rules §1.2, S3/S18). */
export const SEEDING_MODES = ['AUTOMATIC', 'MANUAL'] as const;
export const SeedingMode = keys('SeedingMode', SEEDING_MODES);
export type SeedingMode = t.TypeOf<typeof SeedingMode>;

/** SECONDARY_ROLE (ALLOW_CONNECTIONS) (ag-rules §1.2, S3/S32). */
export const SECONDARY_ALLOW_CONNECTIONS = ['NO', 'READ_ONLY', 'ALL'] as const;
export const SecondaryAllowConnections = keys(
  'SecondaryAllowConnections',
  SECONDARY_ALLOW_CONNECTIONS,
);
export type SecondaryAllowConnections = t.TypeOf<typeof SecondaryAllowConnections>;

/** PRIMARY_ROLE (ALLOW_CONNECTIONS) (ag-rules §1.2, S3/S32). */
export const PRIMARY_ALLOW_CONNECTIONS = ['READ_WRITE', 'ALL'] as const;
export const PrimaryAllowConnections = keys('PrimaryAllowConnections', PRIMARY_ALLOW_CONNECTIONS);
export type PrimaryAllowConnections = t.TypeOf<typeof PrimaryAllowConnections>;

/** CLUSTER_TYPE (ag-rules §1.3, S4/S31/S46). */
export const CLUSTER_TYPES = ['WSFC', 'EXTERNAL', 'NONE'] as const;
export const ClusterType = keys('ClusterType', CLUSTER_TYPES);
export type ClusterType = t.TypeOf<typeof ClusterType>;

/** AUTOMATED_BACKUP_PREFERENCE (ag-rules §1.3 and §5.3, S3/S33). */
export const AUTOMATED_BACKUP_PREFERENCES = [
  'PRIMARY',
  'SECONDARY_ONLY',
  'SECONDARY',
  'NONE',
] as const;
export const AutomatedBackupPreference = keys(
  'AutomatedBackupPreference',
  AUTOMATED_BACKUP_PREFERENCES,
);
export type AutomatedBackupPreference = t.TypeOf<typeof AutomatedBackupPreference>;

/** FAILURE_CONDITION_LEVEL (ag-rules §8.3, S3/S23). */
export const FailureConditionLevel = t.union(
  [t.literal(1), t.literal(2), t.literal(3), t.literal(4), t.literal(5)],
  'FailureConditionLevel (1 to 5)',
);
export type FailureConditionLevel = t.TypeOf<typeof FailureConditionLevel>;

/** DB_FAILOVER (ag-rules §1.3, S3/S28). */
export const OnOff = keys('OnOff', ['ON', 'OFF'] as const);
export type OnOff = t.TypeOf<typeof OnOff>;

/** DTC_SUPPORT (ag-rules §1.3, S3). */
export const DTC_SUPPORTS = ['PER_DB', 'NONE'] as const;
export const DtcSupport = keys('DtcSupport', DTC_SUPPORTS);
export type DtcSupport = t.TypeOf<typeof DtcSupport>;

/** The mutually exclusive group kinds BASIC / DISTRIBUTED / CONTAINED, or neither (ag-rules §1.1). */
export const GROUP_KINDS = ['STANDARD', 'BASIC', 'DISTRIBUTED', 'CONTAINED'] as const;
export const GroupKind = keys('GroupKind', GROUP_KINDS);
export type GroupKind = t.TypeOf<typeof GroupKind>;

/** sys.dm_hadr_availability_replica_states.role_desc (ag-rules §3.6, S7). */
export const REPLICA_ROLES = ['PRIMARY', 'SECONDARY', 'RESOLVING'] as const;
export const ReplicaRole = keys('ReplicaRole', REPLICA_ROLES);
export type ReplicaRole = t.TypeOf<typeof ReplicaRole>;

/** sys.dm_hadr_availability_replica_states.operational_state_desc (ag-rules §3.6, S7). */
export const OPERATIONAL_STATES = [
  'PENDING_FAILOVER',
  'PENDING',
  'ONLINE',
  'OFFLINE',
  'FAILED',
  'FAILED_NO_QUORUM',
] as const;
export const OperationalState = keys('OperationalState', OPERATIONAL_STATES);
export type OperationalState = t.TypeOf<typeof OperationalState>;

/**
 * The local replica's state as the SQL Server error log reports it (error 19406, "The state of the
 * local availability replica in availability group … has changed from … to …", KB2833707) and the
 * availability_replica_state_change extended event carries (Always On extended events).
 */
export const LOCAL_REPLICA_STATES = [
  'RESOLVING_NORMAL',
  'RESOLVING_PENDING_FAILOVER',
  'PRIMARY_PENDING',
  'PRIMARY_NORMAL',
  'SECONDARY_NORMAL',
  'NOT_AVAILABLE',
] as const;
export const LocalReplicaState = keys('LocalReplicaState', LOCAL_REPLICA_STATES);
export type LocalReplicaState = t.TypeOf<typeof LocalReplicaState>;

/** sys.dm_hadr_availability_replica_states.recovery_health_desc (S7): rollup of database_state. */
export const RECOVERY_HEALTHS = ['ONLINE_IN_PROGRESS', 'ONLINE'] as const;
export const RecoveryHealth = keys('RecoveryHealth', RECOVERY_HEALTHS);
export type RecoveryHealth = t.TypeOf<typeof RecoveryHealth>;

/** sys.dm_hadr_availability_replica_states.connected_state_desc (ag-rules §3.6, S7). */
export const CONNECTED_STATES = ['CONNECTED', 'DISCONNECTED'] as const;
export const ConnectedState = keys('ConnectedState', CONNECTED_STATES);
export type ConnectedState = t.TypeOf<typeof ConnectedState>;

/**
 * sys.dm_hadr_database_replica_states.synchronization_state_desc (ag-rules §3.1, S6). Note the
 * space in "NOT SYNCHRONIZING": that is how the DMV spells it.
 */
export const SYNCHRONIZATION_STATES = [
  'NOT SYNCHRONIZING',
  'SYNCHRONIZING',
  'SYNCHRONIZED',
  'REVERTING',
  'INITIALIZING',
] as const;
export const SynchronizationState = keys('SynchronizationState', SYNCHRONIZATION_STATES);
export type SynchronizationState = t.TypeOf<typeof SynchronizationState>;

/** synchronization_health_desc at database, replica and group level (ag-rules §3.2, S6/S7/S49). */
export const SYNCHRONIZATION_HEALTHS = ['NOT_HEALTHY', 'PARTIALLY_HEALTHY', 'HEALTHY'] as const;
export const SynchronizationHealth = keys('SynchronizationHealth', SYNCHRONIZATION_HEALTHS);
export type SynchronizationHealth = t.TypeOf<typeof SynchronizationHealth>;

/** suspend_reason_desc, in the order of the numeric codes 0..8 (ag-rules §3.3, S6; see D14). */
export const SUSPEND_REASONS = [
  'SUSPEND_FROM_USER',
  'SUSPEND_FROM_PARTNER',
  'SUSPEND_FROM_REDO',
  'SUSPEND_FROM_CAPTURE',
  'SUSPEND_FROM_APPLY',
  'SUSPEND_FROM_RESTART',
  'SUSPEND_FROM_UNDO',
  'SUSPEND_FROM_REVALIDATION',
  'SUSPEND_FROM_XRF_UPDATE',
] as const;
export const SuspendReason = keys('SuspendReason', SUSPEND_REASONS);
export type SuspendReason = t.TypeOf<typeof SuspendReason>;

/** database_state_desc, as sys.databases.state_desc (ag-rules §3.4, S6). */
export const DATABASE_STATES = [
  'ONLINE',
  'RESTORING',
  'RECOVERING',
  'RECOVERY_PENDING',
  'SUSPECT',
  'EMERGENCY',
  'OFFLINE',
] as const;
export const DatabaseState = keys('DatabaseState', DATABASE_STATES);
export type DatabaseState = t.TypeOf<typeof DatabaseState>;

/** Recovery models; an availability database needs FULL (ag-rules R-CFG-11, S5). */
export const RECOVERY_MODELS = ['FULL', 'BULK_LOGGED', 'SIMPLE'] as const;
export const RecoveryModel = keys('RecoveryModel', RECOVERY_MODELS);
export type RecoveryModel = t.TypeOf<typeof RecoveryModel>;

/** The three failover forms (ag-rules §4.1, S2). */
export const FAILOVER_FORMS = ['automatic', 'planned', 'forced'] as const;
export const FailoverForm = keys('FailoverForm', FAILOVER_FORMS);
export type FailoverForm = t.TypeOf<typeof FailoverForm>;

/** Backup types as the backup-on-secondary rules distinguish them (ag-rules §5.1, S10). */
export const BACKUP_TYPES = [
  'FULL',
  'FULL_COPY_ONLY',
  'DIFFERENTIAL',
  'LOG',
  'LOG_COPY_ONLY',
] as const;
export const BackupType = keys('BackupType', BACKUP_TYPES);
export type BackupType = t.TypeOf<typeof BackupType>;
