import type { Replica } from '../model/config.js';
import type { ClusterFacts, DatabaseReplicaFacts, ReplicaFacts } from '../model/facts.js';

/** Small lookups over ClusterFacts, shared by the rules. Names compare as instance names do: case-insensitively. */

export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export const replicaConfig = (facts: ClusterFacts, name: string): Replica | undefined =>
  facts.config.replicas.find((r) => sameName(r.name, name));

export const replicaFacts = (facts: ClusterFacts, name: string): ReplicaFacts | undefined =>
  facts.replicas.find((r) => sameName(r.name, name));

export const databaseReplicaFacts = (
  facts: ClusterFacts,
  replica: string,
  database: string,
): DatabaseReplicaFacts | undefined =>
  facts.databaseReplicas.find((d) => sameName(d.replica, replica) && d.database === database);

export const primaryConfig = (facts: ClusterFacts): Replica | undefined =>
  facts.primary === null ? undefined : replicaConfig(facts, facts.primary);

/** Whether a replica's instance is running: an explicit fact, or read from its operational state. */
export const isReplicaUp = (r: ReplicaFacts | undefined): boolean | null => {
  if (r === undefined) return null;
  if (r.isUp !== undefined && r.isUp !== null) return r.isUp;
  if (r.operationalState === null) return null;
  return r.operationalState !== 'FAILED' && r.operationalState !== 'OFFLINE';
};
