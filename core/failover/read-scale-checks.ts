import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { replicaFacts, sameName } from '../rules/facts-access.js';

/**
 * CLUSTER_TYPE = NONE: the read-scale failover without data loss (S45, the include
 * ss-force-failover-read-scale-out, step 2): "The availability group is ready to fail over when
 * the synchronization_state_desc is SYNCHRONIZED and the sequence_number is the same for both
 * primary and target secondary replica." sys.availability_groups.sequence_number is bumped by each
 * configuration change on the primary and reaches a secondary that receives it; a target whose
 * number is below another replica's has not taken every change yet. SQL Server still runs the
 * FORCE_FAILOVER_ALLOW_DATA_LOSS, so this is a note on the forced failover, not a refusal. Judged
 * only where the facts show both numbers (a snapshot of each replica), as the EXTERNAL rule is.
 */
export const readScaleSequenceNumberBehind = (
  facts: ClusterFacts,
  target: string,
): readonly Reason[] => {
  if (facts.config.clusterType !== 'NONE') return [];
  const own = replicaFacts(facts, target)?.sequenceNumber;
  if (own == null) return [];
  const ahead = facts.config.replicas.flatMap((x) => {
    const theirs = replicaFacts(facts, x.name)?.sequenceNumber;
    return sameName(x.name, target) || theirs == null || theirs <= own
      ? []
      : [`${x.name} (${theirs})`];
  });
  return ahead.length === 0
    ? []
    : [
        reason(
          'READ_SCALE_SEQUENCE_NUMBER_BEHIND',
          `${target} reports sequence number ${own}, below ${ahead.join(', ')}: it has not yet taken every configuration change of the group; a read-scale group is ready to fail over without data loss only when the databases are SYNCHRONIZED and the sequence_number is the same on the primary and the target (sys.availability_groups.sequence_number)`,
          source(
            'S45',
            'Fail over the primary replica on a read-scale availability group: ready to fail over when SYNCHRONIZED and the sequence_number is the same for both primary and target secondary replica',
          ),
        ),
      ];
};
