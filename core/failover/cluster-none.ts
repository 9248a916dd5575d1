import { type Reason, reason, source } from '../model/source.js';

/**
 * CLUSTER_TYPE = NONE (read-scale availability groups): no cluster manager watches the replicas,
 * so nothing demotes an old primary. "Fail over the primary replica on a read-scale availability
 * group" (S45): demote the primary with ALTER AVAILABILITY GROUP … SET (ROLE = SECONDARY), then
 * FORCE_FAILOVER_ALLOW_DATA_LOSS on the target; forced while the old primary still runs, both
 * replicas accept writes until the old one is demoted.
 */
export const CLUSTER_NONE_FAILOVER = source(
  'S45',
  'Fail over the primary replica on a read-scale availability group (CLUSTER_TYPE = NONE)',
);

/** Whether the "one writable primary" invariant holds by construction: only a cluster manager enforces it. */
export const hasClusterManager = (clusterType: 'WSFC' | 'EXTERNAL' | 'NONE'): boolean =>
  clusterType !== 'NONE';

export const oldPrimaryStillWritable = (oldPrimary: string, newPrimary: string): Reason =>
  reason(
    'TWO_WRITABLE_PRIMARIES',
    `CLUSTER_TYPE = NONE: nothing demotes ${oldPrimary}, so it and ${newPrimary} both accept writes; run ALTER AVAILABILITY GROUP … SET (ROLE = SECONDARY) on ${oldPrimary}, whose writes since the failover are then lost`,
    CLUSTER_NONE_FAILOVER,
  );

export const oldPrimaryRecoversAsPrimary = (oldPrimary: string, newPrimary: string): Reason =>
  reason(
    'OLD_PRIMARY_RECOVERS_AS_PRIMARY',
    `CLUSTER_TYPE = NONE: ${oldPrimary} is down; "when the previous primary replica recovers, it will also assume the primary role" beside ${newPrimary}: run ALTER AVAILABILITY GROUP … SET (ROLE = SECONDARY) on ${oldPrimary} once it is back`,
    CLUSTER_NONE_FAILOVER,
  );

export const stalePrimaryDemoted = (replica: string, primary: string): Reason =>
  reason(
    'OLD_PRIMARY_DEMOTED',
    `${replica} is a secondary again: its databases are suspended, and resuming them reverts them to ${primary}'s history`,
    CLUSTER_NONE_FAILOVER,
  );
