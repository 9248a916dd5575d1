import {
  AUTOMATED_BACKUP_PREFERENCES,
  AVAILABILITY_MODES,
  CLUSTER_TYPES,
  CONNECTED_STATES,
  DATABASE_STATES,
  FAILOVER_MODES,
  type FailureConditionLevel,
  OPERATIONAL_STATES,
  PRIMARY_ALLOW_CONNECTIONS,
  REPLICA_ROLES,
  SECONDARY_ALLOW_CONNECTIONS,
  SEEDING_MODES,
  type SqlServerVersion,
  SUSPEND_REASONS,
  SYNCHRONIZATION_HEALTHS,
  SYNCHRONIZATION_STATES,
} from '../../core/model/enums.js';
import {
  amount,
  bigintDigits,
  bit,
  datetime,
  guid,
  int,
  intBetween,
  lsnOrUnknown,
  nullable,
  oneOf,
  productVersion,
  type Reader,
  text,
} from './cells.js';
import { VIEWS, type ViewName } from './snapshot.js';

/**
 * The columns agstate reads from each view, by their real names, with the SQL Server version
 * that introduced each column where that is later than 2012. A required column that is absent is
 * an error; a column introduced after the snapshot's version may be absent and then takes the
 * documented default. Every other column of a row is ignored on purpose: real queries (SELECT *,
 * PowerShell's DataRow properties) return more columns than agstate reads.
 */

export interface Column<A> {
  readonly read: Reader<A>;
  readonly since?: SqlServerVersion;
  /** Read when present, never required (a convenience column the documented query adds). */
  readonly optional?: true;
  /** A state column: when the snapshot leaves it out, every row reads it as NULL (unknown), with a note. */
  readonly unknownWhenMissing?: true;
}
export type Spec = Readonly<Record<string, Column<unknown>>>;
export type RowOf<S extends Spec> = {
  readonly [K in keyof S]: S[K] extends Column<infer A> ? A : never;
};

const col = <A>(read: Reader<A>): Column<A> => ({ read });
const since = <A>(version: SqlServerVersion, read: Reader<A>): Column<A | undefined> => ({
  read,
  since: version,
});
const optional = <A>(read: Reader<A>): Column<A | undefined> => ({ read, optional: true });
const state = <A>(read: Reader<A | null>): Column<A | null> => ({ read, unknownWhenMissing: true });

// NULL, negative and 0 LSNs are "unknown for this row", never a refusal (docs/dmv-snapshot.md).
const nullableLsn = state(lsnOrUnknown);
const health = optional(nullable(oneOf(SYNCHRONIZATION_HEALTHS)));

export const SERVER_COLUMNS = {
  product_major_version: col(int),
  /** The full version, so rules that changed in a cumulative update can apply by build. */
  product_version: optional(productVersion),
  /**
   * SERVERPROPERTY('ServerName') and @@SERVERNAME: sys.fn_hadr_backup_is_preferred_replica answers
   * 0 where they differ (S113), and DatabaseBackup then stops with an error.
   */
  server_name: optional(nullable(text)),
  at_servername: optional(nullable(text)),
} satisfies Spec;

export const GROUP_COLUMNS = {
  group_id: col(guid),
  name: col(text),
  failure_condition_level: col(intBetween<FailureConditionLevel>(1, 5)),
  health_check_timeout: col(int),
  automated_backup_preference_desc: col(oneOf(AUTOMATED_BACKUP_PREFERENCES)),
  basic_features: since(2016, bit),
  dtc_support: since(2016, bit),
  db_failover: since(2016, bit),
  is_distributed: since(2016, bit),
  cluster_type_desc: since(2017, oneOf(CLUSTER_TYPES)),
  required_synchronized_secondaries_to_commit: since(2017, int),
  is_contained: since(2022, bit),
  /**
   * The local replica's configuration sequence number (2017+): the Pacemaker agent promotes only
   * the replica whose number is the highest reported (S29). Optional: older snapshots lack it.
   */
  sequence_number: optional(nullable(bigintDigits)),
} satisfies Spec;

export const REPLICA_COLUMNS = {
  replica_id: col(guid),
  group_id: col(guid),
  replica_server_name: col(text),
  endpoint_url: col(text),
  availability_mode_desc: col(oneOf(AVAILABILITY_MODES)),
  failover_mode_desc: col(oneOf(FAILOVER_MODES)),
  seeding_mode_desc: since(2016, oneOf(SEEDING_MODES)),
  session_timeout: col(int),
  primary_role_allow_connections_desc: col(oneOf(PRIMARY_ALLOW_CONNECTIONS)),
  secondary_role_allow_connections_desc: col(oneOf(SECONDARY_ALLOW_CONNECTIONS)),
  backup_priority: col(int),
  read_only_routing_url: col(nullable(text)),
  read_write_routing_url: since(2019, nullable(text)),
} satisfies Spec;

export const ROUTING_COLUMNS = {
  replica_id: col(guid),
  routing_priority: col(int),
  read_only_replica_id: col(guid),
} satisfies Spec;

export const LISTENER_COLUMNS = {
  group_id: col(guid),
  listener_id: col(text),
  dns_name: col(text),
  port: col(nullable(int)),
  /**
   * 1 for a distributed network name (DNN) listener (2019 CU8, 2017 CU25, 2016 SP3 and later);
   * optional: earlier builds lack the column (delete it from the query there).
   */
  is_distributed_network_name: optional(nullable(bit)),
} satisfies Spec;

export const LISTENER_ADDRESS_COLUMNS = {
  listener_id: col(text),
  ip_address: col(text),
  ip_subnet_mask: col(nullable(text)),
  is_dhcp: col(bit),
  /** The IP resource's WSFC state; optional: snapshots taken before the query selected it lack it. */
  state_desc: optional(nullable(oneOf(['ONLINE', 'OFFLINE', 'ONLINE_PENDING', 'FAILED'] as const))),
} satisfies Spec;

export const REPLICA_STATE_COLUMNS = {
  replica_id: col(guid),
  group_id: col(guid),
  is_local: col(bit),
  role_desc: state(nullable(oneOf(REPLICA_ROLES))),
  operational_state_desc: state(nullable(oneOf(OPERATIONAL_STATES))),
  connected_state_desc: state(nullable(oneOf(CONNECTED_STATES))),
  synchronization_health_desc: health,
} satisfies Spec;

export const DATABASE_STATE_COLUMNS = {
  group_id: col(guid),
  replica_id: col(guid),
  group_database_id: col(guid),
  database_name: optional(text),
  is_local: col(bit),
  is_primary_replica: state(nullable(bit)),
  synchronization_state_desc: state(nullable(oneOf(SYNCHRONIZATION_STATES))),
  is_suspended: state(nullable(bit)),
  suspend_reason_desc: state(nullable(oneOf(SUSPEND_REASONS))),
  database_state_desc: state(nullable(oneOf(DATABASE_STATES))),
  synchronization_health_desc: health,
  recovery_lsn: nullableLsn,
  truncation_lsn: nullableLsn,
  last_received_lsn: nullableLsn,
  last_hardened_lsn: nullableLsn,
  last_redone_lsn: nullableLsn,
  end_of_log_lsn: nullableLsn,
  last_commit_lsn: nullableLsn,
  // The figures of "Monitor performance for Always On availability groups" (S47).
  log_send_queue_size: optional(nullable(amount)),
  log_send_rate: optional(nullable(amount)),
  redo_queue_size: optional(nullable(amount)),
  redo_rate: optional(nullable(amount)),
  last_commit_time: optional(nullable(datetime)),
  last_hardened_time: optional(nullable(datetime)),
  secondary_lag_seconds: optional(nullable(amount)),
} satisfies Spec;

export const CLUSTER_STATE_COLUMNS = {
  replica_id: col(guid),
  group_database_id: col(guid),
  database_name: col(text),
  is_failover_ready: state(nullable(bit)),
  is_pending_secondary_suspend: state(nullable(bit)),
  is_database_joined: state(nullable(bit)),
  recovery_lsn: nullableLsn,
  truncation_lsn: nullableLsn,
} satisfies Spec;

export const QUORUM_STATE_DESCS = [
  'UNKNOWN_QUORUM_STATE',
  'NORMAL_QUORUM',
  'FORCED_QUORUM',
] as const;

/** sys.dm_hadr_cluster: one row, the WSFC's quorum (none for CLUSTER_TYPE NONE or EXTERNAL). */
export const CLUSTER_COLUMNS = {
  cluster_name: optional(text),
  quorum_type_desc: optional(nullable(text)),
  quorum_state_desc: state(nullable(oneOf(QUORUM_STATE_DESCS))),
} satisfies Spec;

/** sys.dm_hadr_cluster_members: one row per node, file share or disk witness. */
export const CLUSTER_MEMBER_COLUMNS = {
  member_name: col(text),
  member_type_desc: optional(nullable(text)),
  member_state_desc: state(nullable(oneOf(['UP', 'DOWN'] as const))),
  number_of_quorum_votes: optional(nullable(int)),
} satisfies Spec;

/**
 * sys.dm_hadr_cluster_networks: one row per node and subnet of the group's subnet configuration
 * (S200); no rows where the node has no quorum.
 */
export const CLUSTER_NETWORK_COLUMNS = {
  member_name: col(text),
  network_subnet_ip: optional(nullable(text)),
  network_subnet_ipv4_mask: optional(nullable(text)),
  network_subnet_prefix_length: optional(nullable(int)),
  is_public: optional(nullable(bit)),
  is_ipv4: optional(nullable(bit)),
} satisfies Spec;

/**
 * sys.dm_hadr_availability_replica_cluster_states: one row per replica of every group in the WSFC,
 * "regardless of its join state". The 2012 page spells the joined values JOINED_STANDALONE_INSTANCE
 * and JOINED_FAILOVER_CLUSTER_INSTANCE, the current one JOINED_STANDALONE and JOINED_FCI.
 */
export const JOIN_STATES = [
  'NOT_JOINED',
  'JOINED_STANDALONE_INSTANCE',
  'JOINED_FAILOVER_CLUSTER_INSTANCE',
  'JOINED_STANDALONE',
  'JOINED_FCI',
] as const;

export const REPLICA_CLUSTER_STATE_COLUMNS = {
  replica_id: col(guid),
  replica_server_name: optional(text),
  group_id: optional(guid),
  join_state_desc: state(nullable(oneOf(JOIN_STATES))),
} satisfies Spec;

/** sys.dm_hadr_availability_group_states: one row per group the instance knows. */
export const GROUP_STATE_COLUMNS = {
  group_id: col(guid),
  primary_replica: state(nullable(text)),
  primary_recovery_health_desc: optional(nullable(text)),
  synchronization_health_desc: health,
} satisfies Spec;

/**
 * sys.dm_hadr_automatic_seeding (S20): one row per seeding attempt, kept ("retains the history for
 * each time it is executed", SEED001), on the primary (is_source 1) and on the secondary seeded.
 * current_state is text: S20 types it bit, SEED001 gives COMPLETED and FAILED (ag-rules D16).
 */
export const AUTOMATIC_SEEDING_COLUMNS = {
  ag_id: optional(guid),
  ag_db_id: col(guid),
  ag_remote_replica_id: col(guid),
  is_source: col(bit),
  current_state: col(nullable(text)),
  start_time: optional(nullable(text)),
  /** "NULL if ongoing" (S20). */
  completion_time: optional(nullable(text)),
  performed_seeding: optional(nullable(bit)),
  failure_state: optional(nullable(int)),
  failure_state_desc: optional(nullable(text)),
  number_of_attempts: optional(nullable(int)),
  /** "Any SQL error code encountered during seeding" (S20). */
  error_code: optional(nullable(int)),
} satisfies Spec;

/**
 * sys.dm_hadr_physical_seeding_stats (S21): a row per seeding stream, Source on the primary and
 * Destination on the secondary; end_time_utc is NULL while it flows.
 */
export const PHYSICAL_SEEDING_COLUMNS = {
  local_database_name: col(text),
  remote_machine_name: col(text),
  role_desc: col(text),
  internal_state_desc: optional(nullable(text)),
  transfer_rate_bytes_per_second: optional(nullable(amount)),
  transferred_size_bytes: optional(nullable(amount)),
  database_size_bytes: optional(nullable(amount)),
  start_time_utc: optional(nullable(text)),
  end_time_utc: optional(nullable(text)),
  estimate_time_complete_utc: optional(nullable(text)),
  failure_message: optional(nullable(text)),
} satisfies Spec;

/** Every view with its columns, for the documentation test and for readers of this module. */
export const COLUMNS_BY_VIEW: Readonly<Record<ViewName, Spec>> = {
  [VIEWS.serverProperty]: SERVER_COLUMNS,
  [VIEWS.groups]: GROUP_COLUMNS,
  [VIEWS.replicas]: REPLICA_COLUMNS,
  [VIEWS.routingLists]: ROUTING_COLUMNS,
  [VIEWS.listeners]: LISTENER_COLUMNS,
  [VIEWS.listenerAddresses]: LISTENER_ADDRESS_COLUMNS,
  [VIEWS.replicaStates]: REPLICA_STATE_COLUMNS,
  [VIEWS.databaseStates]: DATABASE_STATE_COLUMNS,
  [VIEWS.clusterStates]: CLUSTER_STATE_COLUMNS,
  [VIEWS.cluster]: CLUSTER_COLUMNS,
  [VIEWS.clusterMembers]: CLUSTER_MEMBER_COLUMNS,
  [VIEWS.clusterNetworks]: CLUSTER_NETWORK_COLUMNS,
  [VIEWS.replicaClusterStates]: REPLICA_CLUSTER_STATE_COLUMNS,
  [VIEWS.groupStates]: GROUP_STATE_COLUMNS,
  [VIEWS.automaticSeeding]: AUTOMATIC_SEEDING_COLUMNS,
  [VIEWS.physicalSeedingStats]: PHYSICAL_SEEDING_COLUMNS,
};

/** The view's LSN columns: they must be CAST to varchar(25) in the query. */
export const LSN_COLUMNS: readonly string[] = [
  'recovery_lsn',
  'truncation_lsn',
  'last_received_lsn',
  'last_hardened_lsn',
  'last_redone_lsn',
  'end_of_log_lsn',
  'last_commit_lsn',
];

/** The state columns a snapshot may leave out: each then reads as unknown, never a refusal. */
export const UNKNOWN_WHEN_MISSING: readonly (readonly [ViewName, string])[] = Object.entries(
  COLUMNS_BY_VIEW,
).flatMap(([view, spec]) =>
  Object.entries(spec)
    .filter(([, c]) => c.unknownWhenMissing === true)
    .map(([column]) => [view as ViewName, column] as const),
);
