import { acknowledgedNotHeld } from '../log/lineage.js';
import type { AcknowledgedRange, ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  databaseLog,
  databaseReplicaFacts,
  databaseRows,
  primaryConfig,
  replicaConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';
import { CLUSTER_NONE_FAILOVER } from './cluster-none.js';
import { copyAhead } from './copies-ahead.js';

/**
 * What a forced failover would lose (ag-rules §4.5, S2, S44): exact for a simulated cluster, whose
 * log facts name every acknowledged commit; from the DMV columns for a snapshot, where "unknown"
 * names the column that would settle it.
 */

const LOSS_RULES = {
  forced: source('S44', 'Perform a forced manual failover: data loss'),
  joined: source('S8', 'is_database_joined'),
  configurationOnly: source(
    'S29',
    'the configuration only replica does not contain the user databases',
  ),
  hardened: source('S6', 'last_hardened_lsn, end_of_log_lsn'),
  recovery: source('S6', 'recovery_lsn'),
  cannotStart: source('S44', 'Limitations: a REVERTING or INITIALIZING database fails to start'),
  // "the potential data loss of an asynchronous-commit secondary replica depends on how much log
  // is still waiting to be hardened on the secondary replica" (S130).
  unseenCopies: source(
    'S130',
    'the potential data loss of an asynchronous-commit secondary replica',
  ),
} as const;

/**
 * none: the target holds every log record the group has; log: the records in `lsnRange` are lost;
 * wholeDatabase: the target has no joined copy, or one that cannot start as a primary database, so
 * every commit of it is lost (`reasons` say which); unknown: the snapshot does not tell (`reasons`
 * say what would).
 */
export type LossExtent = 'none' | 'log' | 'wholeDatabase' | 'unknown';

/**
 * How the end of a lost range is known: exact from the old primary's end_of_log_lsn; a lower bound
 * from its last_hardened_lsn (the start of its last hardened block: it holds at least that much);
 * an upper bound of the committed work lost from its last_commit_lsn (no commit record lies past
 * it when the row was read).
 */
export type LossBound = 'exact' | 'lowerBound' | 'upperBound';

export interface LsnLossRange {
  readonly afterLsn: bigint;
  readonly throughLsn: bigint;
  readonly bound: LossBound;
  /** The column and replica the end was read from. */
  readonly basis: string;
}

/** What a forced failover to `target` would lose, per database (ag-rules §4.5, S2). */
export interface PredictedLoss {
  readonly database: string;
  readonly extent: LossExtent;
  /** The LSNs past what the target holds, up to the group's end of log; null unless extent is 'log'. */
  readonly lsnRange: { readonly afterLsn: bigint; readonly throughLsn: bigint } | null;
  /** The acknowledged commits the target lacks; null when the snapshot cannot know (DMV data). */
  readonly acknowledgedLost: readonly AcknowledgedRange[] | null;
  /**
   * Why the extent is unknown (each with the column that would settle it), or why the whole
   * database is lost; empty otherwise.
   */
  readonly reasons: readonly Reason[];
  /** How lsnRange's end is known; null when no range bears on the extent. */
  readonly bound: LossBound | null;
  /**
   * Every range the rows give, each labelled; lsnRange is the best of them. With the extent
   * unknown (the copy may revert below its last hardened LSN), the ranges past that LSN: the least
   * the failover loses.
   */
  readonly ranges: readonly LsnLossRange[];
}

const column = (view: string, name: string): string => `${view}.${name}`;
const DRS = 'sys.dm_hadr_database_replica_states';
const DRCS = 'sys.dm_hadr_database_replica_cluster_states';

// What settles each unknown, the same for every database and target: made once, shared.
const SETTLED_BY_JOINED: readonly string[] = [column(DRCS, 'is_database_joined')];
const SETTLED_BY_HARDENED: readonly string[] = [column(DRS, 'last_hardened_lsn')];
// The fork each primary's database runs on, and where the current one left the common history.
const SETTLED_BY_SPLIT: readonly string[] = [
  'sys.database_recovery_status.recovery_fork_guid and fork_point_lsn (on both primaries)',
];
const SETTLED_BY_END_OF_LOG: readonly string[] = [
  `${column(DRS, 'end_of_log_lsn')} (the primary's row)`,
  `${column(DRS, 'last_hardened_lsn')} or last_commit_lsn (the primary's row)`,
  column(DRCS, 'is_failover_ready'),
];

const settledByUnseen = (replicas: readonly string[]): readonly string[] => [
  `${column(DRS, 'end_of_log_lsn')} (the rows of ${replicas.join(', ')}, in snapshots taken there)`,
  column(DRCS, 'is_failover_ready'),
];

/**
 * The last LSN a copy holds of the group's current history. A copy that is receiving the primary's
 * log (SYNCHRONIZING or SYNCHRONIZED, not suspended) holds its last hardened LSN. Any other copy may
 * have run past a recovery fork, and reverts to its recovery_lsn when that is lower (S6).
 */
const heldLsn = (row: DatabaseReplicaFacts): bigint | 'unknownFork' | 'unknownState' | null => {
  const hardened = row.lastHardenedLsn;
  if (hardened === null) return null;
  const following =
    row.isSuspended === false &&
    (row.synchronizationState === 'SYNCHRONIZING' || row.synchronizationState === 'SYNCHRONIZED');
  if (following) return hardened;
  const recovery = row.recoveryLsn ?? null;
  if (recovery === null) return 'unknownFork';
  if (recovery >= hardened) return hardened;
  // Whether it receives the log is not known either: it holds its hardened LSN if it does.
  if (row.synchronizationState === null || row.isSuspended === null) return 'unknownState';
  return recovery;
};

/** The other replicas whose copy of `database` the facts do not show joined or not joined. */
const unseenCopies = (facts: ClusterFacts, target: string, database: string): readonly string[] =>
  databaseRows(facts, database)
    .filter((d) => d.isJoined === null && !sameName(d.replica, target))
    .map((d) => d.replica);

/**
 * The ends of the group's log the rows give: the primary's copy's end_of_log_lsn (exact),
 * last_hardened_lsn (lower bound) and last_commit_lsn (upper bound of the committed work). Without
 * a primary's copy, the other joined copies' ends of log, when every one is known; the target's own
 * row says nothing about what it lacks.
 */
const groupLogEnds = (
  facts: ClusterFacts,
  target: string,
  database: string,
  held: bigint,
): LsnLossRange[] => {
  const range = (end: bigint, bound: LossBound, column: string, replica: string): LsnLossRange => ({
    afterLsn: held,
    throughLsn: end > held ? end : held,
    bound,
    basis: `${column} of ${database} on ${replica}`,
  });
  const primary = primaryConfig(facts);
  const primaryRow =
    primary === undefined ? undefined : databaseReplicaFacts(facts, primary.name, database);
  // A primary without a joined copy holds none of the database's history: the copies do.
  if (primary !== undefined && primaryRow?.isJoined !== false) {
    const out: LsnLossRange[] = [];
    if (primaryRow?.endOfLogLsn != null)
      out.push(range(primaryRow.endOfLogLsn, 'exact', 'end_of_log_lsn', primary.name));
    if (primaryRow?.lastHardenedLsn != null)
      out.push(range(primaryRow.lastHardenedLsn, 'lowerBound', 'last_hardened_lsn', primary.name));
    if (primaryRow?.lastCommitLsn != null)
      out.push(range(primaryRow.lastCommitLsn, 'upperBound', 'last_commit_lsn', primary.name));
    return out;
  }
  // Without a primary's copy, the other joined copies hold the group's log: when every one of them
  // is known, the most advanced is the group's end of log; when one is not, the end is unknown. A
  // copy whose join state is not shown (a secondary's own snapshot shows no other copy) may be
  // joined and ahead of the target, so it leaves the end unknown too.
  if (unseenCopies(facts, target, database).length > 0) return [];
  const others = databaseRows(facts, database).filter(
    (d) => d.isJoined === true && !sameName(d.replica, target),
  );
  if (others.some((d) => d.endOfLogLsn === null)) return [];
  const best = others.reduce<DatabaseReplicaFacts | null>(
    (m, d) => (m === null || d.endOfLogLsn! > m.endOfLogLsn! ? d : m),
    null,
  );
  return best === null
    ? [
        {
          afterLsn: held,
          throughLsn: held,
          bound: 'exact',
          basis: `no other joined copy of ${database}`,
        },
      ]
    : [range(best.endOfLogLsn!, 'exact', 'end_of_log_lsn', best.replica)];
};

/**
 * The group's end of log where the rows give it; where they do not (no primary shown, a joined
 * copy's end not given), the most advanced other copy shown past `held`: the log the failover
 * loses at least (S44: compare the copies' end-of-log LSNs).
 */
const logEnds = (
  facts: ClusterFacts,
  target: string,
  database: string,
  held: bigint,
): LsnLossRange[] => {
  const ends = groupLogEnds(facts, target, database, held);
  const primary = primaryConfig(facts);
  // A primary's joined copy holds the group's log: its rows, not the secondaries', bound the loss.
  const primaryHolds =
    primary !== undefined &&
    databaseReplicaFacts(facts, primary.name, database)?.isJoined !== false;
  if (ends.length > 0 || primaryHolds) return ends;
  const ahead = copyAhead(databaseRows(facts, database), target, held);
  return ahead === undefined
    ? []
    : [
        {
          afterLsn: held,
          throughLsn: ahead.endOfLogLsn ?? held,
          bound: 'lowerBound',
          basis: `end_of_log_lsn of ${database} on ${ahead.replica}`,
        },
      ];
};

const unknownLoss = (
  database: string,
  acknowledgedLost: readonly AcknowledgedRange[] | null,
  reasons: readonly Reason[],
): PredictedLoss => ({
  database,
  extent: 'unknown',
  lsnRange: null,
  acknowledgedLost,
  reasons,
  bound: null,
  ranges: [],
});

/**
 * "When a secondary database is in the REVERTING or INITIALIZING state, forcing failover would
 * cause the database to fail to start as a primary database": it must be restored from backups
 * (S44, Limitations): the forced failover loses the whole database.
 */
const failsToStartAsPrimary = (row: DatabaseReplicaFacts): boolean =>
  row.synchronizationState === 'REVERTING' || row.synchronizationState === 'INITIALIZING';

/**
 * Why a forced failover to `target` loses the whole database, or null when it does not: no joined
 * copy there (S8), or a copy that cannot start as a primary database (S44). A copy that is joined
 * but REVERTING is not "not joined": the two call for different repairs.
 */
const wholeLossReasons = (
  row: DatabaseReplicaFacts | undefined,
  target: string,
): readonly Reason[] | null => {
  if (row?.isJoined !== true)
    return [reason('DATABASE_NOT_JOINED', `it is not joined on ${target}`, LOSS_RULES.joined)];
  if (failsToStartAsPrimary(row))
    return [
      reason(
        'DATABASE_CANNOT_COME_ONLINE',
        `it is ${row.synchronizationState} on ${target}: it cannot start as a primary database and must be restored from backups`,
        LOSS_RULES.cannotStart,
      ),
    ];
  return null;
};

const isPrimaryRole = (facts: ClusterFacts, replica: string): boolean =>
  replicaFacts(facts, replica)?.role === 'PRIMARY';

/**
 * "The configuration only replica maintains configuration information about the availability
 * group in the master database but doesn't contain the user databases in the availability group"
 * (S29): the configuration says so, and no row or column of the target can say otherwise.
 */
const configurationOnlyLoss = (database: string, target: string): PredictedLoss => ({
  database,
  extent: 'wholeDatabase',
  lsnRange: null,
  acknowledgedLost: null,
  reasons: [
    reason(
      'DATABASE_NOT_JOINED',
      `${target} is a configuration-only replica, which holds none of the group's databases`,
      LOSS_RULES.configurationOnly,
    ),
  ],
  bound: null,
  ranges: [],
});

/**
 * What the cluster's flag says of the target's copy (S8), said as the snapshot shows it: 0 is "not
 * marked"; a flag the snapshot does not give is unknown, not "no".
 */
export const readinessClause = (target: string, ready: boolean | null | undefined): string =>
  ready === false
    ? `${target} is not marked failover ready (is_failover_ready = 0)`
    : ready === true
      ? `${target} is marked failover ready`
      : `whether ${target} is marked failover ready is unknown in this snapshot`;

/** The group's end of log the rows do not give: the primary's, or with none shown, the unseen copies'. */
const endOfLogUnknown = (
  facts: ClusterFacts,
  target: string,
  database: string,
  ready: boolean | null,
): Reason => {
  const readiness = readinessClause(target, ready);
  const noPrimary = primaryConfig(facts) === undefined;
  const unseen = noPrimary ? unseenCopies(facts, target, database) : [];
  // With no primary shown, the joined copies hold the group's log (groupLogEnds): where their ends
  // are not given, their rows settle it, not a primary's row the snapshot does not have.
  const endless = noPrimary
    ? databaseRows(facts, database)
        .filter(
          (d) => d.isJoined === true && d.endOfLogLsn === null && !sameName(d.replica, target),
        )
        .map((d) => d.replica)
    : [];
  if (unseen.length === 0 && endless.length > 0)
    return unknownReason(
      'LOSS_END_OF_LOG_UNKNOWN',
      `no primary is shown, and the end of log of ${database} on ${endless.join(', ')}, joined, is not in this snapshot: the log they hold past ${target}'s is unknown, and ${readiness}`,
      LOSS_RULES.unseenCopies,
      settledByUnseen(endless),
    );
  return unknownReason(
    'LOSS_END_OF_LOG_UNKNOWN',
    unseen.length === 0
      ? `the end of log of ${database} on the primary is unknown in this snapshot, and ${readiness}`
      : `no primary is shown, and the copies of ${database} on ${unseen.join(', ')} are not in this snapshot: the log they hold past ${target}'s is unknown, and ${readiness}`,
    unseen.length === 0 ? LOSS_RULES.hardened : LOSS_RULES.unseenCopies,
    unseen.length === 0 ? SETTLED_BY_END_OF_LOG : settledByUnseen(unseen),
  );
};

/** The loss read from the DMV columns alone. */
const lossFromRows = (
  facts: ClusterFacts,
  target: string,
  database: string,
  shown: DatabaseReplicaFacts | undefined = databaseReplicaFacts(facts, target, database),
): PredictedLoss => {
  if (replicaConfig(facts, target)?.availabilityMode === 'CONFIGURATION_ONLY')
    return configurationOnlyLoss(database, target);
  const row = shown;
  const joinUnknown = unknownReason(
    'LOSS_JOIN_UNKNOWN',
    `whether ${database} is joined on ${target} is unknown in this snapshot`,
    LOSS_RULES.joined,
    SETTLED_BY_JOINED,
  );
  if (row === undefined) return unknownLoss(database, null, [joinUnknown]);
  // The join and the copy's log are settled apart: where the copy, read as joined, would leave the
  // loss unknown too, its missing columns are named beside is_database_joined, so that learning
  // the join alone is not mistaken for the answer.
  if (row.isJoined === null) {
    const asJoined = lossFromRows(facts, target, database, { ...row, isJoined: true });
    return unknownLoss(database, null, [
      joinUnknown,
      ...(asJoined.extent === 'unknown' ? asJoined.reasons : []),
    ]);
  }
  const whole = wholeLossReasons(row, target);
  if (whole !== null)
    return {
      database,
      extent: 'wholeDatabase',
      lsnRange: null,
      acknowledgedLost: null,
      reasons: whole,
      bound: null,
      ranges: [],
    };
  // The primary holds its own log through its end_of_log_lsn, the group's end of log. Its own
  // row's last_hardened_lsn is no measure of it: on a primary database it is the minimum hardened
  // LSN across the secondaries (S6), so comparing it with end_of_log_lsn measures them. With two
  // replicas in the PRIMARY role the other's writes are not held here, and are judged below.
  // Every commit it acknowledged is in that log, so none is lost: known, unlike on a secondary.
  if (
    facts.primary !== null &&
    sameName(target, facts.primary) &&
    (facts.splitPrimaries ?? []).length <= 1
  )
    return {
      database,
      extent: 'none',
      lsnRange: null,
      acknowledgedLost: [],
      reasons: [],
      bound: null,
      ranges: [],
    };
  // A second primary (CLUSTER_TYPE NONE: nothing demoted it when the group's primary was forced
  // in, S45) writes on a fork of its own, and reports SYNCHRONIZED as a primary does: its LSNs do
  // not say which of the group's records it holds, nor does its recovery_lsn where the two parted.
  if (facts.primary !== null && !sameName(target, facts.primary) && isPrimaryRole(facts, target))
    return unknownLoss(database, null, [
      unknownReason(
        'LOSS_SPLIT_UNKNOWN',
        `${target} holds the primary role beside ${facts.primary}: ${database} on it has run on a recovery fork of its own since ${facts.primary} was forced in, and where the two histories part is not in this snapshot`,
        CLUSTER_NONE_FAILOVER,
        SETTLED_BY_SPLIT,
      ),
    ]);
  const held = heldLsn(row);
  const missing: Reason[] = [];
  if (held === 'unknownFork')
    missing.push(
      unknownReason(
        'LOSS_FORK_UNKNOWN',
        `${database} on ${target} is not receiving the primary's log, and whether its log ran past a recovery fork is unknown in this snapshot`,
        LOSS_RULES.recovery,
        [`${column(DRS, 'recovery_lsn')} (the primary's row for ${target})`],
      ),
    );
  if (held === 'unknownState')
    missing.push(
      unknownReason(
        'LOSS_FORK_UNKNOWN',
        `whether ${database} on ${target} is receiving the primary's log is unknown in this snapshot: if it is, it holds its last hardened LSN; if not, its recovery_lsn is below it and it reverts there`,
        LOSS_RULES.recovery,
        [column(DRS, 'synchronization_state_desc'), column(DRS, 'is_suspended')],
      ),
    );
  if (held === null)
    missing.push(
      unknownReason(
        'LOSS_TARGET_LSN_UNKNOWN',
        `the last hardened LSN of ${database} on ${target} is unknown in this snapshot`,
        LOSS_RULES.hardened,
        SETTLED_BY_HARDENED,
      ),
    );
  // "When secondary database.is_failover_ready = 1, ... no data loss will occur upon failover" (S47, S44).
  const failoverReady = (ranges: readonly LsnLossRange[]): PredictedLoss => ({
    database,
    extent: 'none',
    lsnRange: null,
    acknowledgedLost: null,
    reasons: [],
    bound: null,
    ranges,
  });
  // Why a failover-ready mark may not mean "no loss": after quorum was forced it may be stale ("If
  // the restored node wasn't up at the time quorum was lost, is_failover_ready might not reflect the
  // cluster's actual state", S44); with two replicas each holding the PRIMARY role (merged
  // snapshots) it is readiness against one of them only, and forcing while the old primary still
  // runs loses its later transactions (S44).
  const claimants = facts.splitPrimaries ?? [];
  const distrust: Reason[] =
    row.isFailoverReady !== true
      ? []
      : [
          ...(facts.quorum === 'FORCED'
            ? [
                unknownReason(
                  'LOSS_FORCED_QUORUM_UNKNOWN',
                  `quorum was forced: ${database} marked failover ready on ${target} may be a stale mark of the cluster, and the loss cannot be assessed from it`,
                  LOSS_RULES.forced,
                  SETTLED_BY_END_OF_LOG.slice(0, 2),
                ),
              ]
            : []),
          ...(claimants.length > 1
            ? [
                unknownReason(
                  'LOSS_SPLIT_PRIMARIES_UNKNOWN',
                  `${claimants.join(' and ')} each hold the PRIMARY role: each has taken commits of ${database} the other lacks, and ${target}'s failover-ready mark is against one of them only; a forced failover to ${target} loses what the other side committed since they split, which the snapshots do not measure`,
                  LOSS_RULES.forced,
                  [
                    `sys.dm_hadr_database_replica_states.last_hardened_lsn of ${database} on ${claimants.join(' and ')}, in snapshots taken together`,
                  ],
                ),
              ]
            : []),
        ];
  const markedReady =
    distrust.length === 0 ? null : unknownLoss(database, null, [...missing, ...distrust]);
  // What the target holds and where the group's log ends are settled apart: both are returned.
  if (held === null || held === 'unknownFork' || held === 'unknownState') {
    if (row.isFailoverReady === true) return markedReady ?? failoverReady([]);
    const unknown = unknownLoss(database, null, [
      ...missing,
      ...(groupLogEnds(facts, target, database, 0n).length === 0
        ? [endOfLogUnknown(facts, target, database, row.isFailoverReady)]
        : []),
    ]);
    // A copy holds at most its last hardened LSN, less where it reverts: what the group's log has
    // past it is lost at least, and `ranges` says so beside the unknown extent.
    const hardened = row.lastHardenedLsn;
    if (held === null || hardened === null) return unknown;
    const atLeast = logEnds(facts, target, database, hardened).filter(
      (x) => x.bound !== 'upperBound' && x.throughLsn > hardened,
    );
    return atLeast.length === 0 ? unknown : { ...unknown, ranges: atLeast };
  }
  const ranges = logEnds(facts, target, database, held);
  const pick = (b: LossBound) => ranges.find((x) => x.bound === b);
  const settled = (best: LsnLossRange): PredictedLoss => ({
    database,
    extent: best.throughLsn > held ? 'log' : 'none',
    lsnRange: best.throughLsn > held ? { afterLsn: held, throughLsn: best.throughLsn } : null,
    acknowledgedLost: null,
    reasons: [],
    bound: best.bound,
    ranges,
  });
  const exact = pick('exact');
  if (exact !== undefined) return settled(exact);
  if (row.isFailoverReady === true && markedReady === null) return failoverReady(ranges);
  const lower = pick('lowerBound');
  if (lower !== undefined && lower.throughLsn > held) return settled(lower);
  const upper = pick('upperBound');
  if (upper !== undefined) return settled(upper);
  if (markedReady !== null) return markedReady;
  return unknownLoss(database, null, [
    endOfLogUnknown(facts, target, database, row.isFailoverReady),
  ]);
};

/**
 * The predicted data loss of a forced failover to `target`, per database of the group. A target
 * without a joined copy brings none of the database's history with it, and one whose copy is
 * REVERTING or INITIALIZING cannot start it as a primary database: everything is lost.
 */
export const forcedFailoverLoss = (facts: ClusterFacts, target: string): readonly PredictedLoss[] =>
  facts.config.databases.map((database) => {
    const fromRows = lossFromRows(facts, target, database);
    const log = databaseLog(facts, database);
    if (log === undefined) return fromRows;
    const row = databaseReplicaFacts(facts, target, database);
    const position = log.hardened[replicaConfig(facts, target)?.name ?? target];
    const whole = wholeLossReasons(row, target);
    if (position === undefined || whole !== null)
      return {
        ...fromRows,
        extent: 'wholeDatabase',
        lsnRange: null,
        acknowledgedLost: log.acknowledged,
        reasons: whole ?? [
          reason('DATABASE_NOT_JOINED', `it holds none of its log`, LOSS_RULES.joined),
        ],
        bound: null,
        ranges: [],
      };
    const acknowledgedLost = acknowledgedNotHeld(log.forks, log.acknowledged, position);
    // The exact log settles what the rows leave unknown.
    const extent =
      fromRows.extent === 'unknown'
        ? acknowledgedLost.length > 0
          ? 'log'
          : 'none'
        : fromRows.extent;
    // Built field by field in the rows' answer's order (a spread copy made the answer twice).
    return {
      database: fromRows.database,
      extent,
      lsnRange: fromRows.lsnRange,
      acknowledgedLost,
      reasons: [],
      bound: fromRows.bound,
      ranges: fromRows.ranges,
    };
  });
