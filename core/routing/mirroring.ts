import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';

/**
 * A database-mirroring style connection string (Server=A;Failover Partner=B) on an availability
 * group (SEED003 "Client Connections"): it works while the group has exactly two replicas and the
 * secondary is not readable; past that, clients need the listener.
 */

const CLIENTS = source('SEED003', 'Client Connections');

export interface MirroringConnection {
  readonly outcome: 'connected' | 'refused';
  readonly replica?: string;
  readonly reasons: readonly Reason[];
}

export const connectWithFailoverPartner = (
  facts: ClusterFacts,
  request: { readonly server: string; readonly failoverPartner: string },
): MirroringConnection => {
  const reasons: Reason[] = [];
  const dataReplicas = facts.config.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  if (dataReplicas.length !== 2)
    reasons.push(
      reason(
        'NOT_TWO_REPLICAS',
        `${facts.config.name} has ${dataReplicas.length} replicas: a mirroring connection string names only two, so clients must use a listener`,
        CLIENTS,
      ),
    );
  const readable = dataReplicas.filter((r) => r.secondaryRole.allowConnections !== 'NO');
  if (readable.length > 0)
    reasons.push(
      reason(
        'READABLE_SECONDARY',
        `${readable.map((r) => r.name).join(', ')} allow${readable.length === 1 ? 's' : ''} connections in the secondary role: a mirroring connection string is only for groups without readable secondaries`,
        CLIENTS,
      ),
    );
  const named = [request.server, request.failoverPartner];
  for (const n of named)
    if (!dataReplicas.some((r) => sameName(r.name, n)))
      reasons.push(
        reason('NOT_A_REPLICA', `${n} is not a replica of ${facts.config.name}`, CLIENTS),
      );
  if (reasons.length > 0) return { outcome: 'refused', reasons };
  // The client tries the server, then the failover partner, and stays where the primary is.
  const primary = facts.primary;
  const target = named.find(
    (n) =>
      primary !== null && sameName(n, primary) && isReplicaUp(replicaFacts(facts, n)) !== false,
  );
  if (target === undefined)
    return {
      outcome: 'refused',
      reasons: [
        reason(
          'NO_PRIMARY_NAMED',
          `neither ${request.server} nor ${request.failoverPartner} is a running primary`,
          CLIENTS,
        ),
      ],
    };
  return {
    outcome: 'connected',
    replica: target,
    reasons: [
      reason(
        'MIRRORING_CONNECTED',
        `the connection reaches the primary ${target}${sameName(target, request.server) ? '' : ' through the failover partner'}`,
        CLIENTS,
      ),
    ],
  };
};
