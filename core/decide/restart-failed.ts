import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * A replica whose own operational_state_desc is FAILED takes no operation (S7) until it restarts:
 * Msg 41143, "To recover from this failure, either restart the local Windows Server Failover
 * Clustering (WSFC) service or restart the local instance of SQL Server" (S135). The documented way
 * out is that restart, on that replica's own node, whatever its role; the group's configuration
 * names no other.
 */
const RECOVER = source(
  'S135',
  'Msg 41143: to recover from this failure, restart the local WSFC service or the local instance of SQL Server',
);

export const restartFailedReplicas = (facts: ClusterFacts): readonly RecommendedAction[] =>
  facts.replicas
    .filter((r) => r.operationalState === 'FAILED')
    .map((r) => ({
      event: { type: 'replica.restart', replica: r.name },
      why: [
        reason(
          'RESTART_FAILED_REPLICA',
          facts.config.clusterType === 'WSFC'
            ? `${r.name} is in a failed state (operational_state FAILED): it failed to read or update the group's configuration in the WSFC and refuses every operation (Msg 41143) until the WSFC service on its node or its instance of SQL Server is restarted`
            : `${r.name} is in a failed state (operational_state FAILED): it refuses every operation (Msg 41143) until its instance of SQL Server is restarted`,
          RECOVER,
        ),
      ],
    }));
