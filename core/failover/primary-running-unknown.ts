import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { isReplicaUp, primaryConfig, replicaFacts, sameName } from '../rules/facts-access.js';

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
