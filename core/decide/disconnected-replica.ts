import type { ClusterFacts } from '../model/facts.js';
import { source, unknownReason } from '../model/source.js';
import { hostAndPort } from '../routing/routing-url.js';
import { isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

const DISCONNECTED = source(
  'S346',
  'Availability replica is disconnected: possible causes (port conflict, encryption mismatch, endpoint deleted or not started, network or firewall, service account) and their checks',
);

/** The port of an endpoint URL (TCP://host:5022), for the connectivity test the page runs. */
const endpointPort = (url: string | null | undefined): string | null =>
  hostAndPort(url ?? '')?.port ?? null;

/**
 * "Availability replica is disconnected" (S346): a secondary the primary shows DISCONNECTED has
 * one of several causes no DMV of the group shows (the endpoint, its port, its encryption, the
 * network, the service account). "Nothing to do" would hide a critical policy's failure; the way
 * back is the reconnection once the cause is found, so it is offered with the cause unknown and
 * the page's checks named. A replica on a node the cluster has DOWN is lost with its node, not
 * cut off at its endpoint, and is left to the actions for a lost replica.
 */
export const reconnectDisconnectedReplicas = (
  facts: ClusterFacts,
): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const primaryPort = endpointPort(
    facts.config.replicas.find((r) => sameName(r.name, primary))?.endpointUrl,
  );
  return facts.config.replicas
    .filter((r) => {
      if (sameName(r.name, primary) || r.availabilityMode === 'CONFIGURATION_ONLY') return false;
      const f = replicaFacts(facts, r.name);
      return (
        f?.connectedState === 'DISCONNECTED' &&
        f.role !== 'PRIMARY' &&
        f.nodeDown !== true &&
        isReplicaUp(f) !== false
      );
    })
    .map((r) => {
      const f = replicaFacts(facts, r.name);
      const running = isReplicaUp(f) === true;
      // A node the cluster does not list (evicted) keeps its replica out whatever the endpoint.
      const unlisted =
        f?.nodeUnlisted === true
          ? `; its node is not among the members sys.dm_hadr_cluster_members lists (a node evicted from the cluster is not), which alone keeps it from the group until the node is a member again`
          : '';
      const port = endpointPort(r.endpointUrl) ?? '<port>';
      return {
        event: { type: 'replica.reconnect', replica: r.name },
        why: [
          unknownReason(
            'REPLICA_DISCONNECTED_CAUSE_UNKNOWN',
            `${r.name} is DISCONNECTED from the primary ${primary} ("The secondary replica isn't connected to the primary replica"), and no view of the group says why: the documented causes are the database mirroring endpoint deleted or not started, an encryption type or algorithm that differs between the endpoints of ${primary} and ${r.name}, the endpoint's port taken by another application, network or firewall trouble on the port, or a service account that cannot reach the remote node${running ? '' : `, besides ${r.name}'s instance not running, which this snapshot does not show`}${unlisted}; data moves again once ${r.name} reconnects after the cause is corrected`,
            DISCONNECTED,
            [
              `sys.database_mirroring_endpoints (state_desc STARTED, encryption_algorithm_desc the same) on ${primary} and on ${r.name}`,
              `sys.tcp_endpoints.port (type_desc DATABASE_MIRRORING) on ${r.name}, and Get-NetTCPConnection -LocalPort ${port} there for another process on it`,
              `Test-NetConnection -ComputerName <node of ${r.name}> -Port ${port} on the node of ${primary}, and -ComputerName <node of ${primary}> -Port ${primaryPort ?? '<port>'} on the node of ${r.name}, also run as the service account`,
            ],
          ),
        ],
      };
    });
};
