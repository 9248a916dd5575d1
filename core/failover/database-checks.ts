import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { primaryConfig, replicaRowsByDatabase } from '../rules/facts-access.js';
import { FAILOVER_RULES } from './failover-rules.js';
import { settledByPrimaryRow } from './primary-shows-not-synchronizing.js';
import { primaryDatabaseSuspended } from './primary-suspended.js';
import type { Check } from './verdict.js';

/**
 * The checks of a failover about the target's databases and the pair's availability modes: every
 * database synchronized (a planned failover) or marked failover ready in the cluster (automatic,
 * and planned without a primary).
 */

const r = reason;

export const checkSynchronousPair =
  (rule: typeof FAILOVER_RULES.planned): Check =>
  (facts, target) => {
    const reasons: Reason[] = [];
    const primary = primaryConfig(facts);
    if (primary !== undefined && primary.availabilityMode !== 'SYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
          `the primary ${primary.name} runs ${primary.availabilityMode}: it commits asynchronously for every secondary, so no secondary is synchronized`,
          rule,
        ),
      );
    if (target.availabilityMode === 'ASYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'TARGET_NOT_SYNCHRONOUS_COMMIT',
          `${target.name} runs ASYNCHRONOUS_COMMIT: only a forced failover (with possible data loss) can make it primary`,
          rule,
        ),
      );
    return reasons;
  };

export const checkEveryDatabaseSynchronized: Check = (facts, target) => {
  const rows = replicaRowsByDatabase(facts, target.name);
  const { databases } = facts.config;
  const reasons: Reason[] = [];
  for (let i = 0; i < databases.length; i++) {
    const db = databases[i]!;
    const row = rows[i];
    if (row === undefined || row.isJoined === false)
      reasons.push(
        r('DATABASE_NOT_JOINED', `${db} is not joined on ${target.name}`, FAILOVER_RULES.planned),
      );
    else if (row.synchronizationState === null)
      reasons.push(
        primaryDatabaseSuspended(facts, db, target.name) ??
          unknownReason(
            'DATABASE_STATE_UNKNOWN',
            `the synchronization state of ${db} on ${target.name} is unknown in this snapshot`,
            FAILOVER_RULES.planned,
            ['sys.dm_hadr_database_replica_states.synchronization_state_desc'],
          ),
      );
    else if (row.synchronizationState !== 'SYNCHRONIZED')
      reasons.push(
        r(
          'DATABASE_NOT_SYNCHRONIZED',
          `${db} is ${row.synchronizationState} on ${target.name}, not SYNCHRONIZED`,
          FAILOVER_RULES.planned,
        ),
      );
    // S45 reads failover readiness from is_failover_ready: a SYNCHRONIZED copy the cluster has
    // not marked synchronized (a snapshot between the two) is not ready yet.
    else if (row.isFailoverReady === false)
      reasons.push(
        r(
          'DATABASE_NOT_FAILOVER_READY',
          `${db} on ${target.name} is SYNCHRONIZED but not marked synchronized in the cluster (is_failover_ready = 0)`,
          FAILOVER_RULES.plannedReadiness,
        ),
      );
    else if (row.isFailoverReady === null)
      reasons.push(
        unknownReason(
          'FAILOVER_READINESS_UNKNOWN',
          `is_failover_ready of ${db} on ${target.name} is unknown in this snapshot`,
          FAILOVER_RULES.plannedReadiness,
          ['sys.dm_hadr_database_replica_cluster_states.is_failover_ready'],
        ),
      );
  }
  return reasons;
};

/** The cluster-stored is_failover_ready flag: what the cluster knows even after the primary failed (S8). */
export const checkEveryDatabaseFailoverReadyFor =
  (rule: typeof FAILOVER_RULES.automatic): Check =>
  (facts, target) => {
    const rows = replicaRowsByDatabase(facts, target.name);
    const { databases } = facts.config;
    const reasons: Reason[] = [];
    for (let i = 0; i < databases.length; i++) {
      const db = databases[i]!;
      const row = rows[i];
      if (row === undefined || row.isJoined === false)
        reasons.push(r('DATABASE_NOT_JOINED', `${db} is not joined on ${target.name}`, rule));
      // S50: "When a database on a secondary replica is suspended, both the database and replica
      // become unsynchronized and are marked as NOT SYNCHRONIZED": the cluster's flag (S8) is not
      // needed to read a copy shown suspended as not failover ready.
      else if (row.isFailoverReady === null && row.isSuspended === true)
        reasons.push(
          r(
            'TARGET_DATABASE_SUSPENDED',
            `${db} is suspended on ${target.name}${row.suspendReason ? ` (${row.suspendReason})` : ''}: a suspended secondary database and its replica are marked NOT SYNCHRONIZED, so it is not failover ready until it is resumed and synchronized again`,
            source('S50', 'SET HADR SUSPEND: the database and replica are marked NOT SYNCHRONIZED'),
          ),
        );
      else if (row.isFailoverReady === null)
        reasons.push(
          settledByPrimaryRow(facts, db, target.name) ??
            unknownReason(
              'FAILOVER_READINESS_UNKNOWN',
              `is_failover_ready of ${db} on ${target.name} is unknown in this snapshot`,
              rule,
              ['sys.dm_hadr_database_replica_cluster_states.is_failover_ready'],
            ),
        );
      else if (!row.isFailoverReady)
        reasons.push(
          r(
            'DATABASE_NOT_FAILOVER_READY',
            `${db} on ${target.name} is not marked synchronized in the cluster (is_failover_ready = 0)`,
            source('S8', 'is_failover_ready'),
          ),
        );
    }
    return reasons;
  };

export const checkEveryDatabaseFailoverReady = checkEveryDatabaseFailoverReadyFor(
  FAILOVER_RULES.automatic,
);
