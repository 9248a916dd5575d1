import * as t from 'io-ts';
import { Config, Listener } from './config.js';
import {
  ConnectedState,
  DatabaseState,
  OperationalState,
  RecoveryHealth,
  ReplicaRole,
  SqlServerVersion,
  SuspendReason,
  SynchronizationHealth,
  SynchronizationState,
} from './enums.js';
import { Integer } from './integer.js';
import { BigintFromString, LsnFromString } from './lsn.js';
import { strictObject } from './strict.js';

/**
 * What is known about an availability group at one moment, as its DMVs would show it. The
 * decision engine reads facts, so it answers the same way for a simulated cluster (whose facts are
 * exact and complete) and for a snapshot of a real server's DMVs (whose facts may be partial: a
 * snapshot taken on a secondary lacks other replicas' rows). `null` means unknown, never "bad".
 */

const nullable = <C extends t.Mixed>(c: C) => t.union([c, t.null]);
const Lsn = nullable(LsnFromString);

/** Quorum of the cluster manager: healthy, lost, or forced by an administrator (ag-rules §4.2 R-FO-1/2). */
export const QUORUM_STATES = ['HEALTHY', 'LOST', 'FORCED'] as const;
export const QuorumState = t.keyof({ HEALTHY: null, LOST: null, FORCED: null }, 'QuorumState');
export type QuorumState = t.TypeOf<typeof QuorumState>;

/**
 * The WSFC state of one of the listener's IP address resources
 * (sys.availability_group_listener_ip_addresses.state_desc); null when its row gives none.
 */
export const ListenerAddressState = strictObject(
  'ListenerAddressState',
  {
    address: t.string,
    state: nullable(
      t.keyof({ ONLINE: null, OFFLINE: null, ONLINE_PENDING: null, FAILED: null }, 'IpState'),
    ),
  },
  {},
);
export interface ListenerAddressState extends t.TypeOf<typeof ListenerAddressState> {}

/**
 * A listener of the group beyond `config.listener`: SQL Server creates one listener per group, and
 * "you can use Windows PowerShell for failover clusters or the WSFC Failover Cluster Manager to
 * create additional listeners" (S106), which sys.availability_group_listeners lists beside it.
 */
export const OtherListener = strictObject(
  'OtherListener',
  { listener: Listener },
  { addressStates: t.readonlyArray(ListenerAddressState) },
);
export interface OtherListener extends t.TypeOf<typeof OtherListener> {}

/**
 * A member of the WSFC's quorum as sys.dm_hadr_cluster_members lists it: a node or the witness,
 * whether it is UP, and its number_of_quorum_votes; null where the row leaves a column NULL.
 */
export const ClusterMember = strictObject(
  'ClusterMember',
  { name: t.string, type: nullable(t.string), up: nullable(t.boolean), votes: nullable(t.number) },
  {},
);
export interface ClusterMember extends t.TypeOf<typeof ClusterMember> {}

/**
 * A subnet a WSFC node is on, as sys.dm_hadr_cluster_networks lists it (S200): the node, the
 * subnet's address and IPv4 mask or prefix length, and whether it is a public network.
 */
export const ClusterNetwork = strictObject(
  'ClusterNetwork',
  {
    member: t.string,
    subnetIp: nullable(t.string),
    subnetMask: nullable(t.string),
    prefixLength: nullable(t.number),
    isPublic: nullable(t.boolean),
  },
  {},
);
export interface ClusterNetwork extends t.TypeOf<typeof ClusterNetwork> {}

/** One row per replica, as sys.dm_hadr_availability_replica_states on the primary shows it. */
export const ReplicaFacts = strictObject(
  'ReplicaFacts',
  {
    name: t.string,
    role: nullable(ReplicaRole),
    operationalState: nullable(OperationalState),
    connectedState: nullable(ConnectedState),
  },
  {
    /** The replica's server instance is running (false after a crash); null when unknown. */
    isUp: nullable(t.boolean),
    /**
     * The cluster reports the replica's node DOWN (sys.dm_hadr_cluster_members): removed from the
     * active cluster membership, so it holds no cluster resource; its instance may still run.
     */
    nodeDown: nullable(t.boolean),
    /**
     * The cluster reports the replica's node UP (sys.dm_hadr_cluster_members). It says nothing of
     * the instance: the SQL Server service may be stopped on a running node.
     */
    nodeUp: nullable(t.boolean),
    /**
     * sys.dm_hadr_cluster_members, shown with the cluster's nodes (quorum), does not list the
     * replica's node, though it lists every node of the cluster, UP or DOWN (S185): a node evicted
     * from the cluster, or a name that is no node's (a failover cluster instance's network name).
     * member_state_desc cannot settle whether the replica runs.
     */
    nodeUnlisted: nullable(t.boolean),
    /**
     * sys.dm_hadr_availability_replica_cluster_states.join_state: false for NOT_JOINED, a replica
     * added on the primary whose instance has not run ALTER AVAILABILITY GROUP … JOIN (S98).
     */
    isJoined: nullable(t.boolean),
    /** The AG has been granted CREATE ANY DATABASE on this replica (automatic seeding). */
    canCreateDatabase: nullable(t.boolean),
    /** sys.dm_hadr_availability_replica_states.synchronization_health_desc (ag-rules §3.2). */
    synchronizationHealth: nullable(SynchronizationHealth),
    /** recovery_health_desc: ONLINE_IN_PROGRESS while a joined database is not ONLINE (S7); NULL when not local. */
    recoveryHealth: nullable(RecoveryHealth),
    /**
     * The local instance's @@SERVERNAME and SERVERPROPERTY('ServerName') (snapshots only): where
     * they differ, sys.fn_hadr_backup_is_preferred_replica answers 0 there (S113).
     */
    serverNames: t.type({ atServerName: t.string, serverName: t.string }),
    /** Where this row was read: a file and JSON pointer or line, and the view (snapshots only). */
    origin: t.string,
    /**
     * The SQL Server version of this replica's own instance, known for the replica a snapshot was
     * taken on; replicas differ only during a rolling upgrade.
     */
    version: SqlServerVersion,
    /**
     * sys.availability_groups.sequence_number on this replica's own instance (snapshots only):
     * bumped by every configuration change on the primary and pushed to the secondaries; the
     * Pacemaker agent promotes only the replica whose number is the highest reported (S29).
     */
    sequenceNumber: nullable(BigintFromString),
  },
);
export interface ReplicaFacts extends t.TypeOf<typeof ReplicaFacts> {}

/** One row per database per replica (sys.dm_hadr_database_replica_states + cluster states). */
/**
 * The copy's latest automatic seeding attempt as sys.dm_hadr_automatic_seeding shows it (S20, one
 * row per attempt, kept): the row with the latest start_time for this database and replica.
 */
export const SeedingAttemptSeen = strictObject(
  'SeedingAttemptSeen',
  {
    /** current_state as shown: COMPLETED or FAILED (SEED001); other text while it runs. */
    currentState: nullable(t.string),
    /** completion_time is NULL: "NULL if ongoing" (S20); null when the column was not selected. */
    ongoing: nullable(t.boolean),
    failureState: nullable(Integer),
    failureStateDesc: nullable(t.string),
    /** performed_seeding: "Database streaming for seeding is initialized" (S20). */
    performedSeeding: nullable(t.boolean),
    numberOfAttempts: nullable(Integer),
    /** start_time and completion_time as the snapshot wrote them. */
    startTime: nullable(t.string),
    completionTime: nullable(t.string),
    /** Some attempt of this copy, this one or an earlier one, is COMPLETED. */
    anyCompleted: t.boolean,
  },
  {
    origin: t.string,
    /** error_code, where the snapshot gives one: "Any SQL error code encountered during seeding" (S20). */
    errorCode: Integer,
  },
);
export interface SeedingAttemptSeen extends t.TypeOf<typeof SeedingAttemptSeen> {}

/** The copy's latest seeding stream as sys.dm_hadr_physical_seeding_stats shows it (S21). */
export const SeedingStreamSeen = strictObject(
  'SeedingStreamSeen',
  {
    roleDesc: t.string,
    internalStateDesc: nullable(t.string),
    transferredSizeBytes: nullable(t.number),
    databaseSizeBytes: nullable(t.number),
    transferRateBytesPerSecond: nullable(t.number),
    /** end_time_utc is NULL: the stream still flows; null when the column was not selected. */
    flowing: nullable(t.boolean),
    estimateTimeCompleteUtc: nullable(t.string),
    failureMessage: nullable(t.string),
  },
  { origin: t.string },
);
export interface SeedingStreamSeen extends t.TypeOf<typeof SeedingStreamSeen> {}

/**
 * What the snapshot's seeding views show of one copy: present only where a view was read that
 * shows this copy's seeding (taken on the primary, or on that secondary), each view's part null
 * when it has no row for the copy.
 */
export const SeedingSeen = strictObject(
  'SeedingSeen',
  {
    /** sys.dm_hadr_automatic_seeding was in the snapshot. */
    automaticSeedingRead: t.boolean,
    /** sys.dm_hadr_physical_seeding_stats was in the snapshot. */
    physicalSeedingStatsRead: t.boolean,
    attempt: nullable(SeedingAttemptSeen),
    stream: nullable(SeedingStreamSeen),
  },
  {},
);
export interface SeedingSeen extends t.TypeOf<typeof SeedingSeen> {}

export const DatabaseReplicaFacts = strictObject(
  'DatabaseReplicaFacts',
  {
    replica: t.string,
    database: t.string,
    isJoined: nullable(t.boolean),
    databaseState: nullable(DatabaseState),
    synchronizationState: nullable(SynchronizationState),
    isSuspended: nullable(t.boolean),
    suspendReason: nullable(SuspendReason),
    isFailoverReady: nullable(t.boolean),
    lastReceivedLsn: Lsn,
    lastHardenedLsn: Lsn,
    lastRedoneLsn: Lsn,
    endOfLogLsn: Lsn,
    lastCommitLsn: Lsn,
  },
  {
    recoveryLsn: Lsn,
    truncationLsn: Lsn,
    /** An automatic seeding of this copy is running (sys.dm_hadr_physical_seeding_stats). */
    isSeeding: nullable(t.boolean),
    /** The seeding views' rows for this copy (snapshots that hold them; docs/dmv-snapshot.md). */
    seeding: SeedingSeen,
    /** sys.dm_hadr_database_replica_states.synchronization_health_desc (ag-rules §3.2). */
    synchronizationHealth: nullable(SynchronizationHealth),
    /** Where this row was read: a file and JSON pointer or line, and the view (snapshots only). */
    origin: t.string,
    /** log_send_queue_size (KB): log of the primary database not yet sent to this copy (S6, S47). */
    logSendQueueKb: nullable(t.number),
    /** log_send_rate (KB/s). */
    logSendRateKbPerSecond: nullable(t.number),
    /** redo_queue_size (KB): log hardened on this copy and not yet redone (S6, S47). */
    redoQueueKb: nullable(t.number),
    /** redo_rate (KB/s). */
    redoRateKbPerSecond: nullable(t.number),
    /** last_commit_time, as milliseconds on the server's own clock (only differences are meaningful). */
    lastCommitTimeMs: nullable(t.number),
    /** last_hardened_time, as milliseconds on the server's own clock. */
    lastHardenedTimeMs: nullable(t.number),
    /** secondary_lag_seconds (SQL Server 2016 and later). */
    secondaryLagSeconds: nullable(t.number),
  },
);
export interface DatabaseReplicaFacts extends t.TypeOf<typeof DatabaseReplicaFacts> {}

/** A range of acknowledged commits on one recovery fork: LSNs in (fromLsn, toLsn]. */
export const AcknowledgedRange = strictObject(
  'AcknowledgedRange',
  { fork: Integer, fromLsn: LsnFromString, toLsn: LsnFromString },
  {},
);
export interface AcknowledgedRange extends t.TypeOf<typeof AcknowledgedRange> {}

/**
 * A recovery fork: records with LSN > startLsn on this fork; below that, the parent's. `forced`: a
 * forced failover that did not behave as planned started it, and the recovery-fork limit counts it.
 */
export const Fork = strictObject(
  'Fork',
  { id: Integer, parent: nullable(Integer), startLsn: LsnFromString },
  { forced: t.boolean },
);
export interface Fork extends t.TypeOf<typeof Fork> {}

/** A position in a database's log: an LSN on a recovery fork. */
export const LogPosition = strictObject('LogPosition', { fork: Integer, lsn: LsnFromString }, {});
export interface LogPosition extends t.TypeOf<typeof LogPosition> {}

/**
 * The exact log of a database, known only for a simulated cluster: its recovery forks, each
 * replica's hardened position on them, and the commits that clients saw acknowledged.
 */
export const DatabaseLogFacts = strictObject(
  'DatabaseLogFacts',
  {
    database: t.string,
    forks: t.readonlyArray(Fork),
    hardened: t.record(t.string, LogPosition),
    acknowledged: t.readonlyArray(AcknowledgedRange),
  },
  {
    /** Acknowledged commits that forced failovers lost. */
    lost: t.readonlyArray(AcknowledgedRange),
    /**
     * Where the next log backup starts (the end of the last log backup, or the first full backup);
     * null before the first full backup (msdb backupset).
     */
    logChain: nullable(LogPosition),
    /** The primary's log holds only the records above this LSN; log backups move it (msdb backupset). */
    truncatedLsn: LsnFromString,
    /** A log backup of the database has been taken (msdb backupset, type 'L'). */
    logBackedUp: t.boolean,
    /**
     * The replicas whose own msdb records a full backup of the database taken in the simulation,
     * copy-only or not (backupset, type 'D'): each instance keeps its own backup history.
     */
    fullBackupOn: t.readonlyArray(t.string),
    /**
     * For each RESTORING copy not joined, where the log its restores left starts (a full or
     * differential backup's LSN, or the first LSN of the log backups restored after it), when msdb
     * restorehistory says.
     */
    restoredLogFrom: t.record(t.string, LsnFromString),
    /**
     * For each secondary made readable while transactions were open on the primary, how many of
     * them are still open: its queries on the database wait for them (S16).
     */
    readsWaitFor: t.record(t.string, t.number),
    /**
     * The secondaries whose copy is suspended only because the primary's copy was suspended (no
     * SET HADR SUSPEND ran there): the simulation knows what suspend_reason_desc does not say.
     */
    stoppedByPrimaryOnly: t.readonlyArray(t.string),
  },
);
export interface DatabaseLogFacts extends t.TypeOf<typeof DatabaseLogFacts> {}

export const ClusterFacts = strictObject(
  'ClusterFacts',
  {
    config: Config,
    quorum: nullable(QuorumState),
    /** The replica that holds the primary role, when one does and it is known. */
    primary: nullable(t.string),
    replicas: t.readonlyArray(ReplicaFacts),
    databaseReplicas: t.readonlyArray(DatabaseReplicaFacts),
  },
  {
    /** Model time in milliseconds, and the times of past failures of the primary (for the failure threshold). */
    nowMs: t.number,
    failureTimesMs: t.readonlyArray(t.number),
    /** ONLINE, RESOLVING (no primary) or OFFLINE (ALTER AVAILABILITY GROUP … OFFLINE); absent when unknown. */
    groupState: t.union([t.keyof({ ONLINE: null, RESOLVING: null, OFFLINE: null }), t.null]),
    /** Present for simulated clusters: the exact log of every database. */
    logs: t.readonlyArray(DatabaseLogFacts),
    /** sys.dm_hadr_availability_group_states.synchronization_health_desc (ag-rules §3.2). */
    synchronizationHealth: nullable(SynchronizationHealth),
    /** SERVERPROPERTY('ProductVersion') of the instance a snapshot was taken on: major.minor.build[.revision]. */
    productVersion: nullable(t.string),
    /** The replica a snapshot was taken on (its is_local row), when the facts come from one snapshot. */
    localReplica: nullable(t.string),
    /**
     * The WSFC nodes (sys.dm_hadr_cluster_members, CLUSTER_NODE rows) a snapshot lists; null when
     * it does not list them. Absent for a simulated cluster, whose nodes are its replicas.
     */
    clusterNodes: nullable(t.number),
    /**
     * Every member sys.dm_hadr_cluster_members lists (nodes and witness), when a snapshot lists
     * them: the votes left if a node failed. Absent otherwise, and for a simulated cluster.
     */
    clusterMembers: t.readonlyArray(ClusterMember),
    /**
     * The subnets of the nodes, when a snapshot reads sys.dm_hadr_cluster_networks with rows:
     * where the listener's IP addresses can come online. Absent otherwise, and for a simulated
     * cluster.
     */
    clusterNetworks: t.readonlyArray(ClusterNetwork),
    /**
     * false when a snapshot lacks sys.availability_group_listeners, so `config.listener` null is
     * not known to mean "no listener". Absent when the configuration is known whole.
     */
    listenersListed: t.boolean,
    /**
     * false when a snapshot lists listeners but lacks sys.availability_group_listener_ip_addresses,
     * so the listener's empty `addresses` are not known to be none.
     */
    listenerAddressesListed: t.boolean,
    /**
     * The WSFC state of each of the listener's IP addresses, when a snapshot selects
     * sys.availability_group_listener_ip_addresses.state_desc; absent otherwise.
     */
    listenerAddressStates: t.readonlyArray(ListenerAddressState),
    /** The group's other listeners, created in the cluster (S106), with their addresses' states. */
    otherListeners: t.readonlyArray(OtherListener),
    /**
     * The WSFC's own network name (sys.dm_hadr_cluster.cluster_name), which clients may name
     * instead of a listener; absent when no snapshot shows it.
     */
    clusterName: t.string,
    /**
     * Merged snapshots that each name their own replica primary (MERGE_TWO_PRIMARIES): a split
     * brain, or a failover between the snapshots. Their PRIMARY rows are those claims, not one
     * snapshot contradicting itself.
     */
    splitPrimaries: t.readonlyArray(t.string),
    /**
     * Merged snapshots each taken on a node without quorum, none on a node with it: the replicas
     * they were taken on. Like one such snapshot (`localReplica`), they show only their own side.
     */
    noQuorumSnapshotsOn: t.readonlyArray(t.string),
  },
);
export interface ClusterFacts extends t.TypeOf<typeof ClusterFacts> {}
