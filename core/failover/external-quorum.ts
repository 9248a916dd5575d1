import type { Cluster } from '../cluster/types.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * Forcing quorum is a WSFC procedure ("Start the WSFC cluster by using forced quorum on a single
 * node", S124; S44, Forced quorum), after which only a forced failover brings a group online
 * (R-FO-2). A CLUSTER_TYPE = EXTERNAL group's cluster is Pacemaker: without quorum it stops the
 * resources of the partition (no-quorum-policy stop, S381), and when its tools cannot fail the group
 * over, "Operate Always On availability groups on Linux" (S30) goes round it instead: pcs resource
 * unmanage, the session context external_cluster, then a failover in Transact-SQL.
 */
export const forceQuorumUnderExternal = (c: Cluster): Reason[] =>
  c.config.clusterType !== 'EXTERNAL'
    ? []
    : [
        reason(
          'FORCE_QUORUM_WSFC_ONLY',
          `CLUSTER_TYPE = EXTERNAL: ${c.config.name}'s cluster is Pacemaker, which has no forced quorum as a WSFC has (net start clussvc /forcequorum, Start-ClusterNode -FixQuorum); without quorum Pacemaker stops the partition's resources (no-quorum-policy stop), and when its tools cannot fail the group over, the documented way round them is pcs resource unmanage <ag resource>, EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes', then ALTER AVAILABILITY GROUP … FAILOVER on the target`,
          source('S30', 'Manual move when cluster tools are not responsive'),
        ),
      ];
