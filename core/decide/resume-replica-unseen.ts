import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';

/**
 * A RESUME runs on the instance that holds the copy: "You must be connected to the server instance
 * that hosts the database to be resumed" ('Resume an availability database', S67, Prerequisites).
 * A secondary the snapshot does not show running (the primary's row says DISCONNECTED, or nothing)
 * may be down with its site: after a forced failover such replicas "come online as secondary
 * replicas with suspended databases" once their nodes "come back online and re-establish
 * communication with the WSFC cluster", and are resumed then (S44, Returning the Availability Group
 * to its Original Topology, step 1). Whether the RESUME can run now is so unknown. The primary's
 * own copy and a replica known running (local, or CONNECTED to the primary) are not judged here.
 */
export const resumeReplicaStateUnknown = (
  facts: ClusterFacts,
  row: { readonly replica: string; readonly database: string; readonly suspendReason?: unknown },
): readonly Reason[] => {
  if (facts.primary !== null && sameName(row.replica, facts.primary)) return [];
  const replica = replicaFacts(facts, row.replica);
  if (isReplicaUp(replica) !== null) return [];
  const shown =
    replica?.connectedState === 'DISCONNECTED'
      ? `${row.replica} is DISCONNECTED from the primary${facts.primary === null ? '' : ` ${facts.primary}`}`
      : `the snapshot does not show ${row.replica} connected to the primary`;
  const node =
    replica?.nodeDown === true
      ? ` and its node is DOWN in the cluster (removed from its active membership)`
      : replica?.nodeUp === true
        ? ` and its node is UP in the cluster (which does not say that its instance runs)`
        : replica?.nodeUnlisted === true
          ? ` and sys.dm_hadr_cluster_members, which lists every node of the cluster, does not list its node (evicted, or a failover cluster instance's network name)`
          : '';
  const forced =
    row.suspendReason === 'SUSPEND_FROM_PARTNER'
      ? `; after a forced failover, replicas lost with their site "come online as secondary replicas with suspended databases" once their nodes "re-establish communication with the WSFC cluster", and are resumed then`
      : '';
  return [
    unknownReason(
      'RESUME_REPLICA_STATE_UNKNOWN',
      `${shown}${node}, and whether its instance runs is not in this snapshot: this RESUME runs on ${row.replica} ("You must be connected to the server instance that hosts the database to be resumed")${forced}`,
      source('S67', 'Prerequisites'),
      [
        `${row.replica}'s own sys.dm_hadr_availability_replica_states row (role_desc, operational_state_desc), in a snapshot taken there`,
        // Columns the snapshot already answers are not named again.
        ...(replica?.connectedState === 'DISCONNECTED'
          ? []
          : [
              `sys.dm_hadr_availability_replica_states.connected_state_desc of ${row.replica} (the primary's row)`,
            ]),
        ...(replica?.nodeDown === true || replica?.nodeUp === true || replica?.nodeUnlisted === true
          ? []
          : [`sys.dm_hadr_cluster_members.member_state_desc of ${row.replica}'s node`]),
      ],
    ),
  ];
};
