import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import {
  databaseReplicaFacts,
  isReplicaUp,
  primaryConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';
import { primaryDatabaseSuspended } from './primary-suspended.js';

/**
 * 'Failover and failover modes' (S2), Conditions required for an automatic failover: "The
 * automatic failover target has a healthy synchronization state (this indicates that every
 * secondary database on the failover target is synchronized with its corresponding primary
 * database)"; TIP: "If the primary replica fails, the availability group will fail over to the
 * secondary replica. Until the former primary replica comes online, no automatic failover target
 * exists." A copy that the running primary itself shows NOT SYNCHRONIZING is one it has marked
 * not synchronized and stopped waiting for (S1, R-COMMIT-2): the primary acknowledges commits that
 * copy may lack, so no automatic failover goes there, though the snapshot leaves out the cluster's
 * is_failover_ready. Only a snapshot taken on the running primary, with the database ONLINE there,
 * says so: a secondary shows its own copy NOT SYNCHRONIZING once the primary is lost, while the
 * cluster's flag still stands (S8).
 */
const RULE = source(
  'S2',
  'Conditions required for an automatic failover: the automatic failover target has a healthy synchronization state',
);

export const primaryShowsNotSynchronizing = (
  facts: ClusterFacts,
  database: string,
  target: string,
): Reason | null => {
  const primary = primaryConfig(facts);
  if (primary === undefined || sameName(primary.name, target)) return null;
  const local = facts.localReplica;
  if (local === undefined || local === null || !sameName(local, primary.name)) return null;
  if (isReplicaUp(replicaFacts(facts, primary.name)) !== true) return null;
  // A primary database that is not ONLINE (recovering after error 9001, say) sends nothing and
  // commits nothing: its copies read NOT SYNCHRONIZING without having fallen behind.
  if (databaseReplicaFacts(facts, primary.name, database)?.databaseState !== 'ONLINE') return null;
  const row = databaseReplicaFacts(facts, target, database);
  if (row?.synchronizationState !== 'NOT SYNCHRONIZING') return null;
  return reason(
    'DATABASE_NOT_SYNCHRONIZED',
    `${database} is NOT SYNCHRONIZING on ${target} as the running primary ${primary.name} shows it: the primary no longer waits for that copy, so it is not an automatic failover target until it is SYNCHRONIZED again`,
    RULE,
  );
};

/**
 * What the primary's own row settles about a secondary copy whose cluster flag or state the
 * snapshot leaves out: a database suspended on the primary (S62), or a copy it shows NOT
 * SYNCHRONIZING (S2). The verdicts and the fleet's folding of them ask this one question.
 */
export const settledByPrimaryRow = (
  facts: ClusterFacts,
  database: string,
  target: string,
): Reason | null =>
  primaryDatabaseSuspended(facts, database, target) ??
  primaryShowsNotSynchronizing(facts, database, target);
