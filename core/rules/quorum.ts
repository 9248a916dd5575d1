import type { ClusterFacts } from '../model/facts.js';
import { type Reason, type RuleSource, source, unknownReason } from '../model/source.js';

const QUORUM_SETTLED_BY = [
  'sys.dm_hadr_cluster.quorum_state_desc',
  'sys.dm_hadr_availability_replica_states.role_desc (an ONLINE primary)',
  'sys.dm_hadr_availability_replica_states.operational_state_desc (an ONLINE primary)',
];

/**
 * Quorum unknown in a snapshot (`QUORUM_UNKNOWN`), judged by `rule`. On Pacemaker (CLUSTER_TYPE =
 * EXTERNAL) "Availability group dynamic management views (DMVs) that query cluster information
 * return empty rows" (S91), so sys.dm_hadr_cluster cannot settle it: the cluster's own status
 * (pcs status, "partition with quorum") or an ONLINE primary does.
 */
export const quorumUnknown = (facts: ClusterFacts, rule: RuleSource): Reason =>
  facts.config.clusterType === 'EXTERNAL'
    ? unknownReason(
        'QUORUM_UNKNOWN',
        'whether the Pacemaker cluster has quorum is unknown in this snapshot (its cluster views return no rows under Pacemaker)',
        source('S91', 'Pacemaker: the DMVs that query cluster information return empty rows'),
        ['pcs status (or crm status): "partition with quorum"', ...QUORUM_SETTLED_BY.slice(1)],
      )
    : unknownReason(
        'QUORUM_UNKNOWN',
        'the quorum state is unknown in this snapshot',
        rule,
        QUORUM_SETTLED_BY,
      );
