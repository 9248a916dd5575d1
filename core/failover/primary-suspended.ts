import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { databaseReplicaFacts, primaryConfig, sameName } from '../rules/facts-access.js';

/**
 * 'Suspend an availability database' (S62), Note: "Suspending an Always On primary database
 * suspends data movement on all the corresponding secondary databases, and redundancy and failover
 * capabilities cease for that database until the primary database is resumed." A database shown
 * suspended on the primary's own row settles that no secondary copy of it is failover ready, though
 * the snapshot gives neither the copy's is_failover_ready nor its state (a secondary DISCONNECTED
 * since, or a query that left those columns out).
 */
const RULE = source(
  'S62',
  'Note: suspending a primary database, failover capabilities cease for that database until the primary database is resumed',
);

export const primaryDatabaseSuspended = (
  facts: ClusterFacts,
  database: string,
  target: string,
): Reason | null => {
  const primary = primaryConfig(facts);
  if (primary === undefined || sameName(primary.name, target)) return null;
  const row = databaseReplicaFacts(facts, primary.name, database);
  if (row?.isSuspended !== true) return null;
  return reason(
    'PRIMARY_DATABASE_SUSPENDED',
    `${database} is suspended on the primary ${primary.name}${row.suspendReason ? ` (${row.suspendReason})` : ''}: data movement to every secondary copy has stopped, so ${database} on ${target} is not failover ready until it is resumed on ${primary.name}`,
    RULE,
  );
};
