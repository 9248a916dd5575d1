import type { AcknowledgedRange, ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import {
  databaseLog,
  databaseReplicaFacts,
  databaseRows,
  primaryConfig,
  replicaConfig,
} from './facts-access.js';
import { acknowledgedNotHeld } from './lineage.js';

/**
 * What a forced failover would lose (ag-rules §4.5, S2, S44): exact for a simulated cluster, whose
 * log facts name every acknowledged commit; from the DMV columns for a snapshot, where "unknown"
 * names the column that would settle it.
 */

const LOSS_RULES = {
  forced: source('S44', 'Perform a forced manual failover: data loss'),
  joined: source('S8', 'is_database_joined'),
  hardened: source('S6', 'last_hardened_lsn, end_of_log_lsn'),
  recovery: source('S6', 'recovery_lsn'),
} as const;

/**
 * none: the target holds every log record the group has; log: the records in `lsnRange` are lost;
 * wholeDatabase: the target has no joined copy, so the database is absent on the new primary and
 * every commit of it is lost; unknown: the snapshot does not tell (`reasons` say what would).
 */
export type LossExtent = 'none' | 'log' | 'wholeDatabase' | 'unknown';

/** What a forced failover to `target` would lose, per database (ag-rules §4.5, S2). */
export interface PredictedLoss {
  readonly database: string;
  readonly extent: LossExtent;
  /** The LSNs past what the target holds, up to the group's end of log; null unless extent is 'log'. */
  readonly lsnRange: { readonly afterLsn: bigint; readonly throughLsn: bigint } | null;
  /** The acknowledged commits the target lacks; null when the snapshot cannot know (DMV data). */
  readonly acknowledgedLost: readonly AcknowledgedRange[] | null;
  /** Why the extent is unknown (each with the column that would settle it); empty otherwise. */
  readonly reasons: readonly Reason[];
}

const column = (view: string, name: string): string => `${view}.${name}`;
const DRS = 'sys.dm_hadr_database_replica_states';
const DRCS = 'sys.dm_hadr_database_replica_cluster_states';

/**
 * The last LSN a copy holds of the group's current history. A copy that is receiving the primary's
 * log (SYNCHRONIZING or SYNCHRONIZED, not suspended) holds its last hardened LSN. Any other copy may
 * have run past a recovery fork, and reverts to its recovery_lsn when that is lower (S6).
 */
const heldLsn = (row: DatabaseReplicaFacts): bigint | 'unknownFork' | null => {
  const hardened = row.lastHardenedLsn;
  if (hardened === null) return null;
  const following =
    row.isSuspended === false &&
    (row.synchronizationState === 'SYNCHRONIZING' || row.synchronizationState === 'SYNCHRONIZED');
  if (following) return hardened;
  const recovery = row.recoveryLsn ?? null;
  if (recovery === null) return 'unknownFork';
  return recovery < hardened ? recovery : hardened;
};

/** The group's end of log: the primary's copy's, else the most advanced joined copy's. */
const groupEndOfLog = (facts: ClusterFacts, database: string): bigint | null => {
  const primary = primaryConfig(facts);
  const primaryRow =
    primary === undefined ? undefined : databaseReplicaFacts(facts, primary.name, database);
  // A primary without a joined copy holds none of the database's history: the copies do.
  if (primary !== undefined && primaryRow?.isJoined !== false)
    return primaryRow?.endOfLogLsn ?? null;
  // Without a primary's copy, the most advanced joined copy bounds what could be lost.
  let end: bigint | null = null;
  for (const d of databaseRows(facts, database))
    if (d.isJoined === true && d.endOfLogLsn !== null)
      if (end === null || d.endOfLogLsn > end) end = d.endOfLogLsn;
  return end;
};

const unknownLoss = (
  database: string,
  acknowledgedLost: readonly AcknowledgedRange[] | null,
  reasons: readonly Reason[],
): PredictedLoss => ({ database, extent: 'unknown', lsnRange: null, acknowledgedLost, reasons });

/** The loss read from the DMV columns alone. */
const lossFromRows = (facts: ClusterFacts, target: string, database: string): PredictedLoss => {
  const row = databaseReplicaFacts(facts, target, database);
  if (row === undefined || row.isJoined === null)
    return unknownLoss(database, null, [
      unknownReason(
        'LOSS_JOIN_UNKNOWN',
        `whether ${database} is joined on ${target} is unknown in this snapshot`,
        LOSS_RULES.joined,
        [column(DRCS, 'is_database_joined')],
      ),
    ]);
  if (!row.isJoined)
    return {
      database,
      extent: 'wholeDatabase',
      lsnRange: null,
      acknowledgedLost: null,
      reasons: [],
    };
  const held = heldLsn(row);
  const end = groupEndOfLog(facts, database);
  const missing: Reason[] = [];
  if (held === 'unknownFork')
    missing.push(
      unknownReason(
        'LOSS_FORK_UNKNOWN',
        `${database} on ${target} is not receiving the primary's log, and whether its log ran past a recovery fork is unknown in this snapshot`,
        LOSS_RULES.recovery,
        [column(DRS, 'recovery_lsn')],
      ),
    );
  if (held === null)
    missing.push(
      unknownReason(
        'LOSS_TARGET_LSN_UNKNOWN',
        `the last hardened LSN of ${database} on ${target} is unknown in this snapshot`,
        LOSS_RULES.hardened,
        [column(DRS, 'last_hardened_lsn')],
      ),
    );
  if (end === null)
    missing.push(
      unknownReason(
        'LOSS_END_OF_LOG_UNKNOWN',
        `the end of log of ${database} on the primary is unknown in this snapshot`,
        LOSS_RULES.hardened,
        [column(DRS, 'end_of_log_lsn')],
      ),
    );
  if (held === null || held === 'unknownFork' || end === null)
    return unknownLoss(database, null, missing);
  return end > held
    ? {
        database,
        extent: 'log',
        lsnRange: { afterLsn: held, throughLsn: end },
        acknowledgedLost: null,
        reasons: [],
      }
    : { database, extent: 'none', lsnRange: null, acknowledgedLost: null, reasons: [] };
};

/**
 * The predicted data loss of a forced failover to `target`, per database of the group. A target
 * without a joined copy brings none of the database's history with it: everything is lost.
 */
export const forcedFailoverLoss = (facts: ClusterFacts, target: string): readonly PredictedLoss[] =>
  facts.config.databases.map((database) => {
    const fromRows = lossFromRows(facts, target, database);
    const log = databaseLog(facts, database);
    if (log === undefined) return fromRows;
    const row = databaseReplicaFacts(facts, target, database);
    const position = log.hardened[replicaConfig(facts, target)?.name ?? target];
    if (position === undefined || row?.isJoined !== true)
      return {
        ...fromRows,
        extent: 'wholeDatabase',
        lsnRange: null,
        acknowledgedLost: log.acknowledged,
        reasons: [],
      };
    const acknowledgedLost = acknowledgedNotHeld(log.forks, log.acknowledged, position);
    // The exact log settles what the rows leave unknown.
    const extent =
      fromRows.extent === 'unknown'
        ? acknowledgedLost.length > 0
          ? 'log'
          : 'none'
        : fromRows.extent;
    return { ...fromRows, extent, acknowledgedLost, reasons: [] };
  });
