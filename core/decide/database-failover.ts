import { healthSignalTriggersFailover } from '../health/health.js';
import type { DatabaseState } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { databaseReplicaFacts, primaryConfig } from '../rules/facts-access.js';
import { healthSignalOutcome } from './health.js';

/**
 * Database-level health detection on a snapshot (S28, S23): whether the primary's copy of a
 * database, not ONLINE (or of a state the facts do not show), fails the group over. Asked only
 * where the answer matters: not for a database ONLINE on the primary, nor without a known primary
 * (the failover section says so), nor for an unknown state when no state would fail over.
 */
export interface DatabaseFailoverOutcome {
  readonly database: string;
  /** The primary replica whose copy is judged. */
  readonly replica: string;
  /** sys.dm_hadr_database_replica_states.database_state_desc on the primary; null when unknown. */
  readonly databaseState: DatabaseState | null;
  /**
   * 'failover' to `target`; 'restart' of the group on the primary's node (no replica can take
   * over); 'none': nothing fails the group over for it; 'unknown': the facts do not settle it
   * (on WSFC, with `target` or `among` set: a failover there or a restart, by the file that failed).
   */
  readonly result: 'failover' | 'restart' | 'none' | 'unknown';
  readonly target: string | null;
  /** Two or more replicas that qualify (`target` null): the cluster's preferred owners choose. */
  readonly among: readonly string[];
  readonly reasons: readonly Reason[];
}

const DB_HEALTH = source('S28', 'Database level health detection');
const DATA_FILE = source('S114', 'Summary; Configure Failover Cluster Manager');

/**
 * S114: health detection fails the group over for a fault in the transaction log; for one in a
 * data file SQL Server only reports the failure to WSFC, whose role policy restarts the role on
 * the current node unless its maximum restarts is 0. No view says which file failed.
 */
const faultFileUnknown = (database: string, primary: string, target: string): Reason =>
  unknownReason(
    'DB_FAILOVER_FAULT_FILE_UNKNOWN',
    `whether ${database} fails the group over to ${target} depends on the file that failed on ${primary}: a fault in its transaction log fails the group over; one in a data file is only reported to the cluster, which restarts the role on ${primary} first unless its "Maximum restarts in the specified period" is 0`,
    DATA_FILE,
    [
      `the error log on ${primary}: the file named by the errors before 41653 (the log: 9001, 17053 "Write error during log flush"; a data file: 823, 824)`,
      'Get-ClusterResource <availability group resource> | Format-List RestartAction, RestartThreshold, RestartPeriod',
    ],
  );

export const primaryDatabaseFailover = (
  facts: ClusterFacts,
  database: string,
): DatabaseFailoverOutcome | null => {
  const primary = primaryConfig(facts);
  if (primary === undefined) return null;
  const row = databaseReplicaFacts(facts, primary.name, database);
  if (row?.isJoined === false || row?.databaseState === 'ONLINE') return null;
  // A snapshot taken on a secondary has no row of the primary's: its state is unknown too.
  const state = row?.databaseState ?? null;
  const base = { database, replica: primary.name, databaseState: state };
  const policy = healthSignalTriggersFailover(facts.config, { condition: 'DATABASE_NOT_ONLINE' });
  // OFF, a version without DB_FAILOVER or no cluster manager: no state of the database fails over.
  if (!policy.triggersFailover)
    return state === null
      ? null
      : { ...base, result: 'none', target: null, among: [], reasons: policy.reasons };
  if (state === null)
    return {
      ...base,
      result: 'unknown',
      target: null,
      among: [],
      reasons: [
        ...policy.reasons,
        unknownReason(
          'PRIMARY_DATABASE_STATE_UNKNOWN',
          `the state of ${database} on the primary ${primary.name} is not in the snapshot: DB_FAILOVER fails the group over if it is not ONLINE`,
          DB_HEALTH,
          ['sys.dm_hadr_database_replica_states.database_state_desc', 'sys.databases.state_desc'],
        ),
      ],
    };
  const outcome = healthSignalOutcome(facts, { condition: 'DATABASE_NOT_ONLINE' });
  // No target allowed, but one the snapshot cannot judge might be: the cluster's choice is unknown.
  const undecided =
    outcome.result !== 'failover' && outcome.verdicts.some((v) => v.status === 'unknown');
  // On WSFC, a failover needs the fault to be in the log, or the role's policy to skip the restart (S114).
  const fileDecides = outcome.result === 'failover' && facts.config.clusterType === 'WSFC';
  const where = outcome.target ?? outcome.among.join(' or ');
  return {
    ...base,
    result: undecided || fileDecides ? 'unknown' : outcome.result,
    target: outcome.target,
    among: outcome.among,
    reasons: fileDecides
      ? [...outcome.reasons, faultFileUnknown(database, primary.name, where)]
      : outcome.reasons,
  };
};
