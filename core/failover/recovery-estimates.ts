import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  databaseReplicaFacts,
  memoByFactsAnd,
  primaryConfig,
  replicaConfig,
  sameName,
} from '../rules/facts-access.js';
import { readinessClause } from './forced-loss.js';

/**
 * Estimated recovery time (RTO) and data loss (RPO) of a failover to a target, per database, by
 * the method of "Monitor performance for Always On availability groups" (S47, ag-rules §4.7):
 *
 * - recovery: redo_queue_size / redo_rate of the target's copy, rounded up to whole seconds; 0
 *   when the redo queue is empty; unknown when the rate is NULL or 0 (proc_calculate_RTO).
 * - data loss in time: 0 when the copy is failover ready (not after quorum was forced, when the
 *   mark may be stale, S44); otherwise the primary's last_commit_time
 *   minus the copy's, in whole seconds as DATEDIFF(ss) counts them; unknown when either is NULL
 *   or the difference is negative (proc_calculate_RPO).
 * - data loss in KB: log_send_queue_size of the copy, "all the data that can be lost"; unknown
 *   when NULL, which it stays on the primary's row while the copy is suspended by SET HADR SUSPEND
 *   (S220), when only the LSNs give what the copy lacks.
 * - the primary itself as target: no recovery time (S47 estimates it for a secondary database
 *   only), and no data loss.
 *
 * The database with the highest estimate limits the group; `limit` gives it when every database's
 * estimate is known.
 */

export const ESTIMATE_RULES = {
  rto: source('S47', 'Estimating failover time (RTO); Create a stored procedure to estimate RTO'),
  rpo: source(
    'S47',
    'Calculation of secondary database RPO; Create a stored procedure to estimate RPO',
  ),
  rpoKb: source('S47', 'Estimating potential data loss (RPO): the log send queue'),
  rpoKbSuspended: source(
    'S220',
    "#1702: SET HADR SUSPEND on the secondary, the primary's view of the remote row: send_q NULL at every sample; #1700: after RESUME send=0",
  ),
  redoBlocked: source('S123', 'Reporting workload blocks the redo thread from running'),
  notJoined: source('S115', 'joining the database starts data movement'),
  configurationOnly: source(
    'S29',
    'the configuration only replica does not contain the user databases',
  ),
  forcedQuorum: source('S44', 'Perform a forced manual failover: data loss'),
  primaryTarget: source(
    'S47',
    "Create a stored procedure to estimate RTO: proc_calculate_RTO on a primary prints 'You are visiting wrong replica'",
  ),
} as const;

/** The figures of one database copy as the DMVs give them, in their units. */
export interface DbaFigures {
  readonly logSendQueueKb: number | null;
  readonly logSendRateKbPerSecond: number | null;
  readonly redoQueueKb: number | null;
  readonly redoRateKbPerSecond: number | null;
  readonly lastCommitTimeMs: number | null;
  readonly lastHardenedTimeMs: number | null;
  readonly secondaryLagSeconds: number | null;
  readonly synchronizationHealth: string | null;
}

export interface RecoveryEstimate {
  readonly database: string;
  readonly replica: string;
  readonly recoverySeconds: number | null;
  readonly dataLossSeconds: number | null;
  readonly dataLossKb: number | null;
  readonly figures: DbaFigures;
  /**
   * Why an estimate is null: each reason names the columns that would settle it, or, for a copy
   * not joined, says that none would (ESTIMATE_DATABASE_NOT_JOINED).
   */
  readonly reasons: readonly Reason[];
}

export interface TargetEstimates {
  readonly replica: string;
  readonly databases: readonly RecoveryEstimate[];
  /** The limiting (highest) estimates over the databases; null unless every database's is known. */
  readonly limit: {
    readonly recoverySeconds: number | null;
    readonly dataLossSeconds: number | null;
    readonly dataLossKb: number | null;
  };
}

const DB_VIEW = 'sys.dm_hadr_database_replica_states';

// What settles each unknown: the same lists for every database (the RPO's name the target, so
// they are made once per facts value and target), shared by the reasons that give them.
const SETTLED_BY_REDO_QUEUE: readonly string[] = [`${DB_VIEW}.redo_queue_size`];
const SETTLED_BY_REDO_RATE: readonly string[] = [`${DB_VIEW}.redo_rate`];
// "you can query the DMV sys.dm_exec_request on the secondary replica to find out which session is
// blocking the REDO thread" (S123); the query filters command = 'DB STARTUP'.
const settledByRedoBlocked = (replica: string): readonly string[] => [
  `sys.dm_exec_requests.blocking_session_id (command 'DB STARTUP') on ${replica}`,
  `the sqlserver.lock_redo_blocked extended event on ${replica}`,
];
const settledByRpo = memoByFactsAnd((_: ClusterFacts, replica: string): readonly string[] => [
  `${DB_VIEW}.last_commit_time (the primary's row and ${replica}'s)`,
  'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
]);
const settledByRpoTimes = memoByFactsAnd((_: ClusterFacts, replica: string): readonly string[] => [
  `${DB_VIEW}.last_commit_time (the primary's row and ${replica}'s)`,
]);
const settledByRpoKb = memoByFactsAnd((_: ClusterFacts, replica: string): readonly string[] => [
  `${DB_VIEW}.log_send_queue_size (the primary's row for ${replica})`,
]);
// While a copy is suspended by SET HADR SUSPEND the primary's row reads log_send_queue_size NULL
// at every sample until it is resumed (S220), so that column settles nothing; the log the copy
// lacks is the span of LSNs the predicted loss reads, in log-block ids rather than KB.
const settledByRpoKbSuspended = memoByFactsAnd(
  (_: ClusterFacts, replica: string): readonly string[] => [
    `${DB_VIEW}.last_hardened_lsn (${replica}'s row on the primary) against end_of_log_lsn (the primary's row): the log ${replica} lacks, as log-block ids, not KB`,
  ],
);

const figuresOf = (row: DatabaseReplicaFacts | undefined): DbaFigures => ({
  logSendQueueKb: row?.logSendQueueKb ?? null,
  logSendRateKbPerSecond: row?.logSendRateKbPerSecond ?? null,
  redoQueueKb: row?.redoQueueKb ?? null,
  redoRateKbPerSecond: row?.redoRateKbPerSecond ?? null,
  lastCommitTimeMs: row?.lastCommitTimeMs ?? null,
  lastHardenedTimeMs: row?.lastHardenedTimeMs ?? null,
  secondaryLagSeconds: row?.secondaryLagSeconds ?? null,
  synchronizationHealth: row?.synchronizationHealth ?? null,
});

/** Whole seconds between two datetimes as DATEDIFF(ss, from, to) counts them: second boundaries crossed. */
export const datediffSeconds = (fromMs: number, toMs: number): number =>
  Math.floor(toMs / 1000) - Math.floor(fromMs / 1000);

export const recoveryEstimate = (
  facts: ClusterFacts,
  replica: string,
  database: string,
): RecoveryEstimate => {
  const row = databaseReplicaFacts(facts, replica, database);
  const figures = figuresOf(row);
  const reasons: Reason[] = [];
  const where = `${database} on ${replica}`;
  // No copy there to estimate from, and a failover there loses the whole database: a
  // configuration-only replica "doesn't contain the user databases in the availability group"
  // (S29); a copy not joined has no data movement (S115).
  const noCopy = (why: Reason): RecoveryEstimate => ({
    database,
    replica,
    recoverySeconds: null,
    dataLossSeconds: null,
    dataLossKb: null,
    figures,
    reasons: [why],
  });
  if (replicaConfig(facts, replica)?.availabilityMode === 'CONFIGURATION_ONLY')
    return noCopy(
      reason(
        'ESTIMATE_DATABASE_NOT_JOINED',
        `${replica} is a configuration-only replica: it holds no copy of ${database}, so it has no redo or send queue to estimate from; a failover there loses the whole database`,
        ESTIMATE_RULES.configurationOnly,
      ),
    );
  if (row?.isJoined === false)
    return noCopy(
      reason(
        'ESTIMATE_DATABASE_NOT_JOINED',
        `${where} is not joined: it receives no log, so it has no redo or send queue to estimate from; a failover there loses the whole database`,
        ESTIMATE_RULES.notJoined,
      ),
    );

  const primary = primaryConfig(facts);
  // The primary is no failover target: S47 estimates the RTO "of a secondary database" and its
  // procedure stops on a primary, whatever its own row's queue columns hold.
  const isPrimaryTarget = primary !== undefined && sameName(primary.name, replica);
  // Two replicas each holding the PRIMARY role: the mark is readiness against one of them only.
  const claimants = facts.splitPrimaries ?? [];

  let recoverySeconds: number | null = null;
  if (isPrimaryTarget)
    reasons.push(
      reason(
        'ESTIMATE_TARGET_IS_PRIMARY',
        `${replica} is the primary: there is no failover to it, and the recovery time is estimated for a secondary database only, so no column of ${database} on ${replica} settles one`,
        ESTIMATE_RULES.primaryTarget,
      ),
    );
  else if (figures.redoQueueKb === 0) recoverySeconds = 0;
  else if (figures.redoQueueKb === null)
    reasons.push(
      unknownReason(
        'RTO_UNKNOWN',
        `the redo queue of ${where} is unknown`,
        ESTIMATE_RULES.rto,
        SETTLED_BY_REDO_QUEUE,
      ),
    );
  else if (figures.redoRateKbPerSecond === null)
    reasons.push(
      unknownReason(
        'RTO_UNKNOWN',
        `the redo rate of ${where} is unknown, so the time to redo ${figures.redoQueueKb} KB cannot be estimated`,
        ESTIMATE_RULES.rto,
        SETTLED_BY_REDO_RATE,
      ),
    );
  // A rate of 0 is known: reading it again settles nothing. Redo is not advancing, and what holds
  // it is what settles the time, such as a read-only query blocking the redo thread (S123).
  else if (figures.redoRateKbPerSecond === 0)
    reasons.push(
      unknownReason(
        'RTO_UNKNOWN',
        `the redo rate of ${where} is 0, so the time to redo ${figures.redoQueueKb} KB cannot be estimated: redo is not advancing there, as when a read-only query blocks the redo thread, and the failover waits until it catches up`,
        ESTIMATE_RULES.redoBlocked,
        settledByRedoBlocked(replica),
      ),
    );
  else recoverySeconds = Math.ceil(figures.redoQueueKb / figures.redoRateKbPerSecond);

  let dataLossSeconds: number | null = null;
  const primaryRow =
    primary === undefined ? undefined : databaseReplicaFacts(facts, primary.name, database);
  // After quorum is forced the cluster's failover-ready mark may be stale (S44): it says no loss
  // only on a normal quorum, as forcedLoss reads it (LOSS_FORCED_QUORUM_UNKNOWN).
  const staleMark = row?.isFailoverReady === true && facts.quorum === 'FORCED';
  const splitMark = row?.isFailoverReady === true && claimants.length > 1;
  if (splitMark)
    reasons.push(
      unknownReason(
        'RPO_SPLIT_PRIMARIES_UNKNOWN',
        `${claimants.join(' and ')} each hold the PRIMARY role: ${replica}'s failover-ready mark is against one of them only, and what the other side committed since they split is not measured`,
        ESTIMATE_RULES.forcedQuorum,
        [
          `sys.dm_hadr_database_replica_states.last_commit_time of ${database} on ${claimants.join(' and ')}, in snapshots taken together`,
        ],
      ),
    );
  else if (row?.isFailoverReady === true && !staleMark) dataLossSeconds = 0;
  else if (isPrimaryTarget) dataLossSeconds = 0;
  else {
    const primaryTime = primaryRow?.lastCommitTimeMs ?? null;
    const diff =
      primaryTime === null || figures.lastCommitTimeMs === null
        ? null
        : datediffSeconds(figures.lastCommitTimeMs, primaryTime);
    if (diff !== null && diff >= 0) dataLossSeconds = diff;
    else
      reasons.push(
        unknownReason(
          'RPO_UNKNOWN',
          diff === null
            ? `the last commit time of ${database} on ${primary === undefined ? 'the primary' : primary.name} or on ${replica} is unknown, and ${staleMark ? `quorum was forced, so ${replica}'s failover-ready mark may be stale and does not make the loss 0` : readinessClause(replica, row?.isFailoverReady)}`
            : `the last commit time of ${where} is later than the primary's: the two rows were not read together`,
          staleMark ? ESTIMATE_RULES.forcedQuorum : ESTIMATE_RULES.rpo,
          staleMark ? settledByRpoTimes(facts, replica) : settledByRpo(facts, replica),
        ),
      );
  }

  // The primary sends its log to the secondaries, not to itself: nothing of it is unsent to it,
  // as its loss in seconds is 0 (unless another replica holds the role too, as above).
  const dataLossKb = isPrimaryTarget && dataLossSeconds === 0 ? 0 : figures.logSendQueueKb;
  if (dataLossKb === null)
    reasons.push(
      row?.isSuspended === true && row.suspendReason === 'SUSPEND_FROM_USER'
        ? unknownReason(
            'RPO_KB_UNKNOWN',
            `${where} is suspended (SUSPEND_FROM_USER): the primary keeps the log it has not sent there, but log_send_queue_size reads NULL on the primary's row for a copy suspended this way until it is resumed, so no column gives that log in KB`,
            ESTIMATE_RULES.rpoKbSuspended,
            settledByRpoKbSuspended(facts, replica),
          )
        : unknownReason(
            'RPO_KB_UNKNOWN',
            `the log send queue of ${where} is unknown`,
            ESTIMATE_RULES.rpoKb,
            settledByRpoKb(facts, replica),
          ),
    );
  return {
    database,
    replica,
    recoverySeconds,
    dataLossSeconds,
    dataLossKb,
    figures,
    reasons,
  };
};

const highest = (values: readonly (number | null)[]): number | null =>
  values.length === 0 || values.some((v) => v === null)
    ? null
    : Math.max(...(values as readonly number[]));

export const targetEstimates = (
  facts: ClusterFacts,
  replica: string,
  databases: readonly string[] = facts.config.databases,
): TargetEstimates => {
  const estimates = databases.map((db) => recoveryEstimate(facts, replica, db));
  return {
    replica,
    databases: estimates,
    limit: {
      recoverySeconds: highest(estimates.map((e) => e.recoverySeconds)),
      dataLossSeconds: highest(estimates.map((e) => e.dataLossSeconds)),
      dataLossKb: highest(estimates.map((e) => e.dataLossKb)),
    },
  };
};
