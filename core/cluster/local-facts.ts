import type { ClusterFacts } from '../model/facts.js';
import { clusterFacts } from './facts.js';
import { findReplica, replicaRole } from './select.js';
import type { Cluster } from './types.js';

/**
 * What a DMV snapshot taken on one replica's instance would show: the primary sees a row for
 * every replica and every copy; any other replica (a secondary, or every replica while quorum is
 * lost and all are RESOLVING) sees only its own (is_local = 1, S7, S6). Rows about other replicas
 * carry no operational_state (S7: NULL = replica not local). is_failover_ready is what the cluster
 * stores, which can be stale while quorum is lost (S8; WSFC Disaster Recovery through Forced
 * Quorum); last_commit_lsn is NULL while quorum is lost or forced (S2). The exact log and the
 * group-level health are not in a snapshot. An old primary still running beside the group's primary
 * (CLUSTER_TYPE NONE) names itself primary and sees its own rows. Null when the replica is unknown
 * or its instance is down.
 */
export const localFacts = (c: Cluster, replica: string): ClusterFacts | null => {
  const runtime = findReplica(c, replica);
  if (runtime === undefined) return null;
  const all = clusterFacts(c);
  const self = runtime.name;
  const isUp = all.replicas.find((r) => r.name === self)?.isUp === true;
  if (!isUp) return null;
  const seesAll = replicaRole(runtime) === 'PRIMARY' && all.primary === self;
  const {
    logs: _logs,
    synchronizationHealth: _groupHealth,
    nowMs: _now,
    failureTimesMs: _failures,
    ...rest
  } = all;
  return {
    ...rest,
    // An instance that holds the primary role names itself in its own group state, even when
    // another was forced in beside it (CLUSTER_TYPE NONE: nothing demoted it, S45).
    primary: replicaRole(runtime) === 'PRIMARY' ? self : all.primary,
    replicas: all.replicas
      .filter((r) => seesAll || r.name === self)
      .map((r) =>
        r.name === self ? r : { ...r, operationalState: null, recoveryHealth: null, isUp: null },
      ),
    databaseReplicas: all.databaseReplicas.filter((d) => seesAll || d.replica === self),
  };
};
