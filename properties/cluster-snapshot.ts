import { clusterFacts } from '../core/cluster/facts.js';
import type { Cluster } from '../core/cluster/types.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../core/model/facts.js';

/**
 * What a DMV snapshot taken on the primary would tell of a simulated cluster: its facts without
 * the exact log (no view shows acknowledged commits), and a row for every database on every data
 * replica, as sys.dm_hadr_database_replica_cluster_states has one, with is_database_joined = 0 and
 * no LSNs where the replica holds no copy.
 */
export const clusterSnapshot = (cluster: Cluster): ClusterFacts => {
  const { logs: _exactLog, ...facts } = clusterFacts(cluster);
  const has = (replica: string, database: string) =>
    facts.databaseReplicas.some((d) => d.replica === replica && d.database === database);
  const absent: DatabaseReplicaFacts[] = facts.config.replicas
    .filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY')
    .flatMap((r) =>
      facts.config.databases
        .filter((database) => !has(r.name, database))
        .map((database) => ({
          replica: r.name,
          database,
          isJoined: false,
          databaseState: null,
          synchronizationState: null,
          isSuspended: null,
          suspendReason: null,
          isFailoverReady: null,
          lastReceivedLsn: null,
          lastHardenedLsn: null,
          lastRedoneLsn: null,
          endOfLogLsn: null,
          lastCommitLsn: null,
        })),
    );
  return { ...facts, databaseReplicas: [...facts.databaseReplicas, ...absent] };
};
