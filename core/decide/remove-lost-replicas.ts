import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

const CONSIDER_REMOVING = source(
  'S44',
  'Follow Up: Essential Tasks After a Forced Failover, step 3: consider removing a failed replica that will not be returning, to avoid running out of disk space for the log files',
);

/**
 * "Perform a forced manual failover" (S44), Follow Up step 3: "If an availability replica that
 * failed will not be returning to the availability replica or will return too late for you to
 * delay transaction log truncation on the new primary database, consider removing the failed
 * replica from the availability group to avoid running out of disk space for your log files";
 * 'WSFC Disaster Recovery through Forced Quorum' (S124), step 6: "You must repair or remove all
 * failed availability replicas. SQL Server will not truncate the transaction log past the last
 * known point of the farthest behind availability replica." Offered, on the primary, for each
 * replica a forced failover suspended (a copy SUSPEND_FROM_PARTNER) that is not shown running:
 * DISCONNECTED from the primary or on a node the cluster has DOWN. Whether it returns in time is the
 * DBA's call; the RESUME stays offered beside it. Not while quorum is lost: the removal is a
 * change of the group's configuration in the cluster.
 */
export const removeLostReplicas = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null || facts.quorum === 'LOST' || facts.config.clusterType !== 'WSFC') return [];
  return facts.config.replicas
    .filter((r) => {
      if (sameName(r.name, primary) || r.availabilityMode === 'CONFIGURATION_ONLY') return false;
      const f = replicaFacts(facts, r.name);
      const away = f?.connectedState === 'DISCONNECTED' || f?.nodeDown === true;
      return (
        away &&
        isReplicaUp(f) !== true &&
        facts.databaseReplicas.some(
          (d) => sameName(d.replica, r.name) && d.suspendReason === 'SUSPEND_FROM_PARTNER',
        )
      );
    })
    .map((r) => {
      const f = replicaFacts(facts, r.name);
      const shown = [
        ...(f?.connectedState === 'DISCONNECTED' ? [`DISCONNECTED from ${primary}`] : []),
        ...(f?.nodeDown === true ? ['its node DOWN in the cluster'] : []),
      ].join(', ');
      return {
        event: { type: 'replica.remove', replica: r.name },
        why: [
          reason(
            'REMOVE_LOST_REPLICA',
            `if ${r.name} (${shown}) will not return soon: its copies were suspended by the forced failover, and the primary ${primary} cannot truncate its log past what they last received until they are resumed or the replica is removed ("SQL Server will not truncate the transaction log past the last known point of the farthest behind availability replica"), so consider removing ${r.name} from ${facts.config.name} on ${primary} "to avoid running out of disk space for your log files"; when it comes back it learns of its removal, and it is added back and its databases restored and joined again`,
            CONSIDER_REMOVING,
          ),
        ],
      };
    });
};
