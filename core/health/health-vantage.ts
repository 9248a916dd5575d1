import type { ClusterFacts } from '../model/facts.js';
import { sameName } from '../rules/facts-access.js';

/**
 * Where another replica's health rows can be read. On a secondary, sys.dm_hadr_availability_replica_
 * states "returns only local information for the availability group" (S7) and sys.dm_hadr_database_
 * replica_states "returns a row for every secondary database on the server instance" (S6); the
 * primary returns a row for every replica and every copy. So on a snapshot taken on a replica that is
 * not the primary, a row of another replica is read there, or on the primary; elsewhere (the
 * primary's snapshot, merged snapshots, a simulated cluster) the column alone is named, as before.
 */
export const readOnReplicaOrPrimary = (facts: ClusterFacts, replica: string): string | null => {
  const local = facts.localReplica;
  if (local == null || sameName(local, replica)) return null;
  const primary = facts.primary;
  if (primary !== null && sameName(primary, local)) return null;
  if (primary !== null && sameName(primary, replica)) return `(a snapshot taken on ${replica})`;
  return `(a snapshot taken on ${replica} or on the primary${primary === null ? '' : ` ${primary}`})`;
};

/** The settling columns, each named with the snapshot that shows it for that replica. */
export const settledOn = (
  facts: ClusterFacts,
  replica: string,
  columns: readonly string[],
): string[] => {
  const where = readOnReplicaOrPrimary(facts, replica);
  return columns.map((c) => (where === null ? c : `${c} ${where}`));
};
