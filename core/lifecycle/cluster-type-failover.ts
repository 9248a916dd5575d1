import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/** The form of a failover statement: FAILOVER or FORCE_FAILOVER_ALLOW_DATA_LOSS. */
export type FailoverStatement = 'planned' | 'forced';

/**
 * A failover statement SQL Server refuses for the group's cluster type, on whichever replica it
 * runs. "Database engine events and errors (41400 to 49999)" (S111), Msg 47122: "Cannot failover
 * an availability replica for availability group '%.*ls' since it has CLUSTER_TYPE = NONE. Only
 * force failover is supported in this version of SQL Server." A distributed group is judged by its
 * own rules, not here.
 */
export const failoverRefusedByClusterType = (
  config: Config,
  form: FailoverStatement,
): Reason | null => {
  if (config.kind === 'DISTRIBUTED') return null;
  if (config.clusterType === 'NONE' && form === 'planned')
    return reason(
      'CLUSTER_TYPE_NONE_PLANNED',
      `${config.name} has CLUSTER_TYPE = NONE: SQL Server refuses FAILOVER on it (Msg 47122, "Only force failover is supported"), on any replica, and no replica changes role; a read-scale group fails over by FORCE_FAILOVER_ALLOW_DATA_LOSS on the target, without data loss once the target is SYNCHRONIZED and the primary no longer takes writes`,
      source(
        'S111',
        'Msg 47122: Cannot failover an availability replica for availability group since it has CLUSTER_TYPE = NONE. Only force failover is supported',
      ),
    );
  return null;
};
