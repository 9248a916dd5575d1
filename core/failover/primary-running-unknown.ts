import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { machineOf } from '../routing/routing-url.js';
import {
  isPrimaryUnseen,
  isReplicaUp,
  primaryConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';

const DO_NOT_FORCE = source(
  'S44',
  'Recommendations: do not force failover while the primary replica is still running',
);

/**
 * The counterpart of PRIMARY_STILL_RUNNING where the input does not say: a secondary's snapshot
 * names the primary (sys.dm_hadr_availability_group_states.primary_replica, "the server instance
 * that is hosting the current primary replica", S49) but shows neither its own row nor the target
 * CONNECTED to it, so whether forcing now leaves two copies updated independently is unknown.
 * A primary shown down, or shown running (PRIMARY_STILL_RUNNING), gets nothing here.
 */
export const primaryRunningUnknown = (facts: ClusterFacts, target: string): readonly Reason[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || sameName(primary.name, target)) return [];
  if (isReplicaUp(replicaFacts(facts, primary.name)) !== null) return [];
  const connected = replicaFacts(facts, target)?.connectedState ?? null;
  if (connected === 'CONNECTED') return [];
  const cut =
    connected === null
      ? `whether ${target} is connected to it is not shown`
      : `${target} is ${connected} from it`;
  return [
    unknownReason(
      'PRIMARY_RUNNING_UNKNOWN',
      `the snapshot names ${primary.name} the primary, but ${cut} and ${primary.name}'s own row is not in the snapshot: whether it still runs, and takes its clients' transactions, is unknown; forcing while it runs leaves two copies updated independently ("Do not force failover while the primary replica is still running")`,
      DO_NOT_FORCE,
      [
        `sys.dm_hadr_availability_replica_states.operational_state_desc of ${primary.name} (a snapshot taken on ${primary.name})`,
        ...(connected === null
          ? [`sys.dm_hadr_availability_replica_states.connected_state_desc of ${target}`]
          : []),
      ],
    ),
  ];
};

/**
 * A snapshot that shows no primary and not that there is none (no primary_replica) does not show
 * that no primary serves: on a lease timeout "the availability group primary replica transitions
 * from PRIMARY to the RESOLVING role and if configured for automatic failover, will transition
 * back out of RESOLVING to the PRIMARY role on the automatic failover partner" (S128), or the
 * cluster brings the role "back online (on original or automatic failover partner replica)" (S293;
 * dba.stackexchange q/249171: "come back online automatically on the same node"), and forcing
 * while a primary runs updates two copies independently (S44). After quorum is forced "availability
 * groups transition to the RESOLVING state, and require an additional failover command" (S131), so
 * a forced quorum leaves no primary to find.
 */
export const primaryUnseenBeforeForcing = (facts: ClusterFacts): readonly Reason[] =>
  isPrimaryUnseen(facts) && facts.quorum !== 'FORCED'
    ? [
        unknownReason(
          'FORCE_PRIMARY_UNSEEN',
          'whether a primary serves the group elsewhere is unknown in this snapshot: a primary in RESOLVING after a lease or health-check timeout comes back as PRIMARY on its automatic failover partner where the group is configured for automatic failover, or on its own node where the cluster restarts the role there, and forcing here while a primary runs leaves two copies updated independently',
          source(
            'S128',
            'Diagnose Lease Timeout: PRIMARY to RESOLVING, then PRIMARY on the automatic failover partner',
          ),
          [
            'sys.dm_hadr_availability_group_states.primary_replica',
            'sys.dm_hadr_availability_replica_states.role_desc on the automatic failover partners and on the replica that held the primary role',
          ],
        ),
      ]
    : [];

/**
 * Which of the replicas left UP the cluster can bring the role back on (S347): an AUTOMATIC one is
 * a possible owner whenever the replica that held the role is AUTOMATIC too or is that replica; a
 * MANUAL one only if it held the role itself, which no view of a group without a primary shows.
 */
const possibleOwners = (others: readonly { name: string; failoverMode: string }[]): string => {
  const automatic = others.filter((r) => r.failoverMode === 'AUTOMATIC').map((r) => r.name);
  const manual = others.filter((r) => r.failoverMode !== 'AUTOMATIC').map((r) => r.name);
  return [
    ...(automatic.length === 0
      ? []
      : [
          `${automatic.join(', ')} (FAILOVER_MODE AUTOMATIC) ${automatic.length > 1 ? 'each ' : ''}if it held the role or its automatic failover partner did`,
        ]),
    ...(manual.length === 0
      ? []
      : [
          `${manual.join(', ')} (FAILOVER_MODE MANUAL) ${manual.length > 1 ? 'each ' : ''}only if it held the role itself`,
        ]),
  ].join('; ');
};

/**
 * A snapshot that shows no primary (primary_replica NULL) on a WSFC group with normal quorum, and
 * other replicas on nodes UP: the group's role may be failing over or restarting even so. "When a
 * health condition is detected ... Windows Cluster marks the availability group clustered resource
 * as failed. Windows Cluster tries to bring the availability group role back online (on original
 * or automatic failover partner replica)", and the Resolving period "typically last only a few
 * seconds" (S293); past the failover threshold the role "should remain in the failed state"
 * (KB2833707, Case 1). Which of the two holds is in the cluster, not in the DMVs. Only snapshots
 * that list the cluster's members are judged: a simulated cluster's step decides it itself.
 */
export const clusterRecoveryUnknownBeforeForcing = (
  facts: ClusterFacts,
  target: string,
): readonly Reason[] => {
  const members = facts.clusterMembers;
  if (
    members === undefined ||
    facts.primary !== null ||
    isPrimaryUnseen(facts) ||
    facts.quorum !== 'HEALTHY' ||
    facts.config.clusterType !== 'WSFC'
  )
    return [];
  const upNodes = new Set(
    members
      .filter((m) => m.type === 'CLUSTER_NODE' && m.up === true)
      .map((m) => m.name.toLowerCase()),
  );
  const others = facts.config.replicas.filter(
    (r) =>
      r.availabilityMode !== 'CONFIGURATION_ONLY' &&
      !sameName(r.name, target) &&
      upNodes.has(machineOf(r.name)) &&
      isReplicaUp(replicaFacts(facts, r.name)) !== false,
  );
  if (others.length === 0) return [];
  return [
    unknownReason(
      'FORCE_CLUSTER_RECOVERY_UNKNOWN',
      `no replica holds the primary role, but the nodes of ${others.map((r) => r.name).join(', ')} are UP in the cluster: after a lease or health-check timeout the cluster marks the group's role failed and "tries to bring the availability group role back online (on original or automatic failover partner replica)", usually within seconds, and stops trying only past the role's failover threshold. The role's possible owners are the replica that held the primary role and, when both have FAILOVER_MODE AUTOMATIC, its partner ("The current primary replica is always set as the availability group resource's Possible Owner", and "When two replicas are configured for AUTOMATIC failover mode ... both replicas (primary and failover partner) are selected"): ${possibleOwners(others)}. Whether the cluster is still trying is not in the DMVs, and a forced failover to ${target} now takes the role from under that recovery`,
      source(
        'S293',
        'Symptoms and effects: Windows Cluster tries to bring the availability group role back online on the original or automatic failover partner replica',
      ),
      [
        "Get-ClusterResource for the group's role (State: Failed, or Online Pending while the cluster brings it online)",
        "Get-ClusterResource <the group's resource> | Get-ClusterOwnerNode: its possible owners, the nodes the cluster can bring the role back on",
        "the cluster log (Get-ClusterLog): the role's failoverCount against computedFailoverThreshold",
      ],
    ),
  ];
};
