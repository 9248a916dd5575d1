import type { ClusterFacts } from '../model/facts.js';
import { reason, source, unknownReason } from '../model/source.js';
import {
  isPrimaryUnseen,
  isReplicaUp,
  primaryConfig,
  primaryUnseen,
  replicaFacts,
  sameName,
  snapshotReplicasWithoutQuorum,
} from '../rules/facts-access.js';
import { quorumUnknown } from '../rules/quorum.js';
import { FAILOVER_RULES } from './failover-rules.js';
import type { Check } from './verdict.js';

/**
 * The checks of a failover about the group, its quorum and the target replica (its role, state
 * and session with the primary), shared by the three forms (core/failover/failover.ts).
 */

const r = reason;

export const checkGroupNotOffline: Check = (facts) =>
  facts.groupState === 'OFFLINE'
    ? [
        r(
          'GROUP_OFFLINE',
          `${facts.config.name} was taken OFFLINE: it cannot be brought back online or failed over`,
          source('S3', 'OFFLINE'),
        ),
      ]
    : [];

// A replica whose own row says PRIMARY is primary where it runs, though merged snapshots that
// name two primaries leave the group's primary unknown: FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS
// are "supported only on secondary replicas" (S3).
export const checkTargetIsNotPrimary: Check = (facts, target) =>
  (facts.primary !== null && sameName(facts.primary, target.name)) ||
  (facts.primary === null && replicaFacts(facts, target.name)?.role === 'PRIMARY')
    ? [
        r(
          'TARGET_IS_PRIMARY',
          facts.primary === null
            ? `${target.name} holds the PRIMARY role in its own snapshot: a failover runs on a secondary replica`
            : `${target.name} is already the primary replica`,
          FAILOVER_RULES.forms,
        ),
      ]
    : [];

export const checkTargetCanHostData: Check = (_facts, target) =>
  target.availabilityMode === 'CONFIGURATION_ONLY'
    ? [
        r(
          'TARGET_CONFIGURATION_ONLY',
          `${target.name} is a configuration-only replica: it holds no databases and can never be primary`,
          FAILOVER_RULES.configOnly,
        ),
      ]
    : [];

export const checkTargetUp: Check = (facts, target) => {
  const row = replicaFacts(facts, target.name);
  // A node out of the cluster's membership owns no cluster resource: the group's role cannot
  // come online there (S65, S26), whether or not its instance runs.
  if (row?.nodeDown === true)
    return [
      r(
        'TARGET_NODE_DOWN',
        `${target.name}'s node is DOWN in the cluster (removed from its active membership): the group cannot come online there; whether its instance runs is not shown`,
        FAILOVER_RULES.nodeDown,
      ),
    ];
  const up = isReplicaUp(row);
  if (up === null)
    return [
      unknownReason(
        'TARGET_STATE_UNKNOWN',
        `whether ${target.name} is running is unknown in this snapshot${
          row?.nodeUp === true
            ? ': its node is UP in the cluster, which does not say that its SQL Server instance runs (the service may be stopped on a running node)'
            : row?.nodeUnlisted === true
              ? `: sys.dm_hadr_cluster_members lists every node of the cluster, and not ${target.name}'s (a node evicted from the cluster, or a failover cluster instance's network name, which is no node's)`
              : ''
        }`,
        FAILOVER_RULES.forms,
        // isReplicaUp reads the operational state of a local row, or a connection to the primary.
        // A DISCONNECTED row is shown and settles nothing: the instance may be stopped or cut off.
        [
          // S7: NULL for a replica that is not local: only the target's own snapshot shows it.
          facts.localReplica != null && !sameName(facts.localReplica, target.name)
            ? `sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on ${target.name})`
            : 'sys.dm_hadr_availability_replica_states.operational_state_desc',
          ...(row?.connectedState === 'DISCONNECTED'
            ? []
            : ['sys.dm_hadr_availability_replica_states.connected_state_desc']),
          // A node shown UP settles nothing of its instance; only one not shown may be DOWN.
          ...(row?.nodeUp === true || row?.nodeUnlisted === true
            ? []
            : ['sys.dm_hadr_cluster_members.member_state_desc']),
        ],
      ),
    ];
  return up ? [] : [r('TARGET_DOWN', `${target.name} is not running`, FAILOVER_RULES.forms)];
};

/**
 * A replica whose own operational_state_desc is FAILED "can't read to or write from the WSFC
 * cluster" (S7); any operation on it is refused until its WSFC service or its instance restarts:
 * Msg 41143, "Cannot process the operation. The local replica of availability Group '%.*ls' is in
 * a failed state. ... To recover from this failure, either restart the local Windows Server
 * Failover Clustering (WSFC) service or restart the local instance of SQL Server" (S135). So it
 * takes no failover of any form, and the FAILOVER run on it fails.
 */
export const checkTargetNotFailed: Check = (facts, target) =>
  replicaFacts(facts, target.name)?.operationalState === 'FAILED'
    ? [
        r(
          'TARGET_REPLICA_FAILED',
          `${target.name} is in a failed state (operational_state FAILED: it cannot read or update the group's configuration in the WSFC): it cannot process a failover (Msg 41143) until its WSFC service or its instance of SQL Server is restarted`,
          FAILOVER_RULES.failedState,
        ),
      ]
    : [];

/**
 * A replica in PENDING_FAILOVER is processing a failover command for the group (S7); "If there is
 * a failover in progress, wait for the failover to complete" (S127). Which replica that failover
 * leaves primary, and in what state, the snapshot cannot show until it ends: another manual
 * failover is unknown until then, never "yes".
 */
export const checkNoFailoverInProgress: Check = (facts) => {
  const pending = facts.replicas.find((x) => x.operationalState === 'PENDING_FAILOVER');
  if (pending === undefined) return [];
  return [
    unknownReason(
      'FAILOVER_IN_PROGRESS',
      `a failover command is being processed for ${facts.config.name} on ${pending.name} (operational_state PENDING_FAILOVER): wait for it to complete, then ask again`,
      FAILOVER_RULES.inProgress,
      [
        'sys.dm_hadr_availability_replica_states.operational_state_desc',
        'sys.dm_hadr_availability_group_states.primary_replica',
      ],
    ),
  ];
};

/** Quorum is read from the cluster view, or, without it, from a primary that is ONLINE. */
/**
 * CLUSTER_TYPE = NONE has no cluster manager, so no cluster quorum the DMVs could report: "Fail
 * over the primary replica on a read-scale availability group" (S45) forces the failover with no
 * quorum condition. Only quorum a simulated cluster states is judged there.
 */
const noQuorumToAsk = (facts: ClusterFacts): boolean =>
  facts.quorum === null && facts.config.clusterType === 'NONE';

export const checkHealthyQuorum: Check = (facts) => {
  if (facts.quorum === 'HEALTHY' || noQuorumToAsk(facts)) return [];
  if (facts.quorum === 'FORCED')
    return [
      r(
        'QUORUM_FORCED',
        'quorum was forced: only a forced failover is allowed until quorum returns normally, because the cluster-stored synchronization state may be stale',
        FAILOVER_RULES.quorum,
      ),
    ];
  if (facts.quorum === 'LOST')
    return [
      r(
        'QUORUM_LOST',
        'the cluster has no quorum: no failover of any form is possible',
        FAILOVER_RULES.quorum,
      ),
    ];
  return [quorumUnknown(facts, FAILOVER_RULES.quorum)];
};

export const checkAnyQuorum: Check = (facts, target) => {
  if (facts.quorum === 'HEALTHY' || facts.quorum === 'FORCED' || noQuorumToAsk(facts)) return [];
  const on = snapshotReplicasWithoutQuorum(facts);
  // One node's snapshot shows its own quorum (sys.dm_hadr_cluster: "If the WSFC node has no
  // quorum, no row is returned"): a target on another node may sit in a partition that kept it.
  if (facts.quorum === 'LOST' && on.length > 0 && !on.some((l) => sameName(l, target.name)))
    return [
      unknownReason(
        'QUORUM_LOST_ON_SNAPSHOT_NODE',
        `${on.join(' and ')}, where ${on.length === 1 ? 'the snapshot was' : 'the snapshots were'} taken, ${on.length === 1 ? 'has' : 'have'} no quorum; whether ${target.name}'s node does (the other side of a partition may have kept it) is not in the snapshot`,
        FAILOVER_RULES.quorum,
        [`sys.dm_hadr_cluster.quorum_state_desc on ${target.name}`],
      ),
    ];
  if (facts.quorum === 'LOST')
    return [
      r(
        'QUORUM_LOST',
        'the cluster has no quorum: even a forced failover is impossible until quorum is regained or forced',
        FAILOVER_RULES.quorum,
      ),
    ];
  return [quorumUnknown(facts, FAILOVER_RULES.quorum)];
};

/**
 * sys.dm_hadr_availability_group_states.primary_replica names the primary even in a secondary's
 * snapshot, which shows no row of the primary's own (S49, S7: NULL for a replica not local). A
 * target it names holds the PRIMARY role, refused by TARGET_IS_PRIMARY: its role is not unknown,
 * and it has no session with a primary whose state could be unknown.
 */
const isNamedPrimary = (facts: ClusterFacts, target: string): boolean =>
  facts.primary !== null && sameName(facts.primary, target);

export const checkSecondaryRole: Check = (facts, target) => {
  const role = replicaFacts(facts, target.name)?.role ?? null;
  if (role === 'SECONDARY' || isNamedPrimary(facts, target.name)) return [];
  if (role === null)
    return [
      unknownReason(
        'TARGET_ROLE_UNKNOWN',
        `the role of ${target.name} is unknown in this snapshot`,
        FAILOVER_RULES.forms,
        ['sys.dm_hadr_availability_replica_states.role_desc'],
      ),
    ];
  if (role === 'RESOLVING')
    return [
      r(
        'TARGET_RESOLVING',
        `${target.name} is RESOLVING: only a forced failover can make it primary`,
        FAILOVER_RULES.planned,
      ),
    ];
  return [];
};

export const checkTargetConnected: Check = (facts, target) => {
  const state = replicaFacts(facts, target.name)?.connectedState ?? null;
  if (state === 'CONNECTED' || isNamedPrimary(facts, target.name)) return [];
  if (state === null)
    return [
      unknownReason(
        'TARGET_CONNECTION_UNKNOWN',
        `whether ${target.name} is connected to the primary is unknown in this snapshot`,
        FAILOVER_RULES.planned,
        ['sys.dm_hadr_availability_replica_states.connected_state_desc'],
      ),
    ];
  return [
    r(
      'TARGET_DISCONNECTED',
      `${target.name} is DISCONNECTED from the primary`,
      FAILOVER_RULES.planned,
    ),
  ];
};

export const checkPrimaryAvailable: Check = (facts) => {
  const primary = primaryConfig(facts);
  if (primary === undefined && isPrimaryUnseen(facts))
    return [primaryUnseen(FAILOVER_RULES.planned, facts)];
  if (primary === undefined)
    return [
      r(
        'NO_PRIMARY',
        'no replica holds the primary role: a planned failover needs a primary to hand over',
        FAILOVER_RULES.planned,
      ),
    ];
  return isReplicaUp(replicaFacts(facts, primary.name)) === false
    ? [r('PRIMARY_DOWN', `the primary ${primary.name} is not running`, FAILOVER_RULES.planned)]
    : [];
};
