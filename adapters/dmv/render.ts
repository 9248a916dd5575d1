import type { Config } from '../../core/model/config.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { VIEWS } from './snapshot.js';

/**
 * A DMV snapshot of a facts value, in the JSON form the documented query writes: the inverse of
 * reading one, for tests and properties that need the rows a real server would give (for example
 * of a simulated cluster: `renderSnapshot(clusterFacts(cluster))`). Ids are made from positions,
 * LSNs are strings of digits, and the snapshot is taken on `local` (the primary by default).
 */

export type SnapshotRow = Readonly<Record<string, unknown>>;
export type RenderedSnapshot = Readonly<Record<string, readonly SnapshotRow[]>>;

const MAJOR: Readonly<Record<number, number>> = {
  2012: 11,
  2014: 12,
  2016: 13,
  2017: 14,
  2019: 15,
  2022: 16,
  2025: 17,
};

/** A uniqueidentifier for the i-th thing of a kind, so ids are stable and distinct. */
const id = (kind: number, i: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`.toUpperCase();

const lsn = (x: bigint | null | undefined): string | null =>
  x === null || x === undefined ? null : x.toString();

const since = (config: Config, version: number, row: Record<string, unknown>) =>
  config.version >= version ? row : {};

/** A WSFC node as sys.dm_hadr_cluster_members lists it, on whichever node the query runs. */
export interface ClusterNode {
  readonly name: string;
  readonly up: boolean;
}

export const renderSnapshot = (
  facts: ClusterFacts,
  options: {
    readonly local?: string;
    /** Every node of the cluster: the view is cluster-wide, whatever replica rows the facts hold. */
    readonly clusterNodes?: readonly ClusterNode[];
  } = {},
): RenderedSnapshot => {
  const { config } = facts;
  const groupId = id(1, 0);
  const replicaId = new Map(config.replicas.map((r, i) => [r.name, id(2, i)]));
  const dbId = new Map(config.databases.map((d, i) => [d, id(3, i)]));
  const local = options.local ?? facts.primary ?? facts.localReplica ?? null;
  const rid = (name: string): string => replicaId.get(name) ?? id(2, 999);
  const listenerId = 'L1';
  const primaryRoles = new Set(
    facts.replicas.filter((r) => r.role === 'PRIMARY').map((r) => r.name),
  );
  return {
    SERVERPROPERTY: [
      {
        product_major_version: MAJOR[config.version] ?? 15,
        // The build the facts name, if any: a made-up one would be judged by the rules that
        // depend on the build (S60), as an early build of the version.
        ...(typeof config.productVersion === 'string'
          ? { product_version: config.productVersion }
          : {}),
      },
    ],
    [VIEWS.groups]: [
      {
        group_id: groupId,
        name: config.name,
        failure_condition_level: config.failureConditionLevel,
        health_check_timeout: config.healthCheckTimeout,
        automated_backup_preference_desc: config.automatedBackupPreference,
        ...since(config, 2016, {
          basic_features: config.kind === 'BASIC',
          dtc_support: config.dtcSupport === 'PER_DB',
          db_failover: config.dbFailover === 'ON',
          is_distributed: config.kind === 'DISTRIBUTED',
        }),
        ...since(config, 2017, {
          cluster_type_desc: config.clusterType.toLowerCase(),
          required_synchronized_secondaries_to_commit:
            config.requiredSynchronizedSecondariesToCommit,
        }),
        ...since(config, 2022, { is_contained: config.kind === 'CONTAINED' }),
      },
    ],
    [VIEWS.replicas]: config.replicas.map((r) => ({
      replica_id: rid(r.name),
      group_id: groupId,
      replica_server_name: r.name,
      endpoint_url: r.endpointUrl,
      availability_mode_desc: r.availabilityMode,
      failover_mode_desc: r.failoverMode,
      ...since(config, 2016, { seeding_mode_desc: r.seedingMode }),
      session_timeout: r.sessionTimeout,
      primary_role_allow_connections_desc: r.primaryRole.allowConnections,
      secondary_role_allow_connections_desc: r.secondaryRole.allowConnections,
      backup_priority: r.backupPriority,
      read_only_routing_url: r.secondaryRole.readOnlyRoutingUrl,
      ...since(config, 2019, { read_write_routing_url: r.primaryRole.readWriteRoutingUrl }),
    })),
    [VIEWS.routingLists]: config.replicas.flatMap((r) =>
      r.primaryRole.readOnlyRoutingList.flatMap((entry, priority) =>
        (typeof entry === 'string' ? [entry] : entry).map((to) => ({
          replica_id: rid(r.name),
          routing_priority: priority + 1,
          read_only_replica_id: rid(to),
        })),
      ),
    ),
    [VIEWS.listeners]:
      config.listener === null
        ? []
        : [
            {
              group_id: groupId,
              listener_id: listenerId,
              dns_name: config.listener.name,
              port: config.listener.port,
            },
          ],
    [VIEWS.listenerAddresses]:
      config.listener === null
        ? []
        : config.listener.addresses.map((a) => ({
            listener_id: listenerId,
            ip_address: a.address,
            ip_subnet_mask: a.subnetMask ?? null,
            is_dhcp: config.listener!.dhcp,
          })),
    [VIEWS.replicaStates]: facts.replicas.map((r) => ({
      replica_id: rid(r.name),
      group_id: groupId,
      is_local: r.name === local,
      role_desc: r.role,
      operational_state_desc: r.operationalState,
      connected_state_desc: r.connectedState,
      ...(r.synchronizationHealth === undefined
        ? {}
        : { synchronization_health_desc: r.synchronizationHealth }),
    })),
    // A copy that is not joined has no row here; the cluster view still lists it.
    [VIEWS.databaseStates]: facts.databaseReplicas
      .filter((d) => d.isJoined !== false)
      .map((d) => ({
        group_id: groupId,
        replica_id: rid(d.replica),
        group_database_id: dbId.get(d.database) ?? id(3, 999),
        database_name: d.database,
        is_local: d.replica === local,
        ...since(config, 2014, {
          // Each instance reports its own databases primary while it holds the role: after a
          // forced failover under CLUSTER_TYPE NONE an old primary still running does (S45).
          is_primary_replica:
            (facts.primary !== null && d.replica === facts.primary) || primaryRoles.has(d.replica),
        }),
        synchronization_state_desc: d.synchronizationState,
        is_suspended: d.isSuspended,
        suspend_reason_desc: d.suspendReason,
        database_state_desc: d.databaseState,
        recovery_lsn: lsn(d.recoveryLsn),
        truncation_lsn: lsn(d.truncationLsn),
        last_received_lsn: lsn(d.lastReceivedLsn),
        last_hardened_lsn: lsn(d.lastHardenedLsn),
        last_redone_lsn: lsn(d.lastRedoneLsn),
        end_of_log_lsn: lsn(d.endOfLogLsn),
        last_commit_lsn: lsn(d.lastCommitLsn),
        ...(d.synchronizationHealth === undefined
          ? {}
          : { synchronization_health_desc: d.synchronizationHealth }),
      })),
    [VIEWS.clusterStates]: facts.databaseReplicas.map((d) => ({
      replica_id: rid(d.replica),
      group_database_id: dbId.get(d.database) ?? id(3, 999),
      database_name: d.database,
      is_failover_ready: d.isFailoverReady,
      is_pending_secondary_suspend: null,
      is_database_joined: d.isJoined,
      recovery_lsn: null,
      truncation_lsn: null,
    })),
    // Only a WSFC has the cluster views' rows, and only a node with quorum: "If the WSFC node has
    // no quorum, no row is returned" (sys.dm_hadr_cluster, sys.dm_hadr_cluster_members).
    [VIEWS.cluster]:
      config.clusterType === 'WSFC' && facts.quorum !== 'LOST'
        ? [
            {
              cluster_name: facts.clusterName ?? `${config.name}-cluster`,
              quorum_type_desc: 'NODE_MAJORITY',
              quorum_state_desc:
                facts.quorum === 'HEALTHY'
                  ? 'NORMAL_QUORUM'
                  : facts.quorum === 'FORCED'
                    ? 'FORCED_QUORUM'
                    : 'UNKNOWN_QUORUM_STATE',
            },
          ]
        : [],
    [VIEWS.clusterMembers]:
      config.clusterType === 'WSFC' && facts.quorum !== 'LOST'
        ? (
            options.clusterNodes ??
            facts.replicas
              .filter((r) => r.isUp === true || r.isUp === false)
              .map((r) => ({ name: r.name, up: r.isUp === true }))
          ).map((n) => ({
            member_name: n.name,
            member_type_desc: 'CLUSTER_NODE',
            member_state_desc: n.up ? 'UP' : 'DOWN',
            number_of_quorum_votes: 1,
          }))
        : [],
    // Cluster-wide, "regardless of its join state": a replica the primary added is NOT_JOINED
    // until its instance runs JOIN (S98). Without quorum the cluster views return no rows.
    [VIEWS.replicaClusterStates]:
      config.clusterType === 'WSFC' && facts.quorum !== 'LOST'
        ? facts.replicas.map((r) => ({
            replica_id: rid(r.name),
            replica_server_name: r.name,
            group_id: groupId,
            join_state_desc:
              r.isJoined === false
                ? 'NOT_JOINED'
                : r.isJoined === null
                  ? null
                  : 'JOINED_STANDALONE_INSTANCE',
          }))
        : [],
    [VIEWS.groupStates]: [
      {
        group_id: groupId,
        primary_replica: facts.primary,
        primary_recovery_health_desc: null,
        ...(facts.synchronizationHealth == null
          ? {}
          : { synchronization_health_desc: facts.synchronizationHealth }),
      },
    ],
  };
};
