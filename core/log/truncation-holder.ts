import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  databaseReplicaFacts,
  isPrimaryName,
  isPrimaryUnseen,
  primaryUnseen,
  replicaFacts,
} from '../rules/facts-access.js';
import { SEEDING_REASONS } from '../seeding/seeding.js';

/**
 * Which secondary copy holds the primary's log truncation, read as KB2922898 (S94) says a DBA
 * finds it: "compare the truncation_lsn column of the sys.dm_hadr_database_replica_states dynamic
 * management view across the multiple secondaries to identify which secondary database is delaying
 * log truncation the most". The primary "can only truncate and reuse its own transaction log up to
 * the point that all secondary replica's redo threads have applied" (S94), and its own row's
 * truncation_lsn is "the minimum log truncation LSN across all the corresponding secondary
 * databases" (S6).
 */
export interface CopyTruncation {
  readonly replica: string;
  /** The copy's truncation_lsn; null when the input does not hold it. */
  readonly truncationLsn: bigint | null;
}

export interface LogTruncationHolder {
  readonly database: string;
  /** null when the snapshot does not show which replica is primary (the answer is then unknown). */
  readonly primary: string | null;
  /** The primary's own row's truncation_lsn (S6); null when the input does not hold it. */
  readonly primaryTruncationLsn: bigint | null;
  /** Every joined secondary copy, in the configuration's order. */
  readonly copies: readonly CopyTruncation[];
  /** 'known': `holders` hold it at `heldAtLsn`; 'unknown': a copy's truncation_lsn is missing. */
  readonly status: 'known' | 'unknown';
  /** The lowest truncation_lsn of the secondary copies (the lowest known one when unknown). */
  readonly heldAtLsn: bigint | null;
  /** The copies at `heldAtLsn`; when unknown, the ones known to be there so far. */
  readonly holders: readonly string[];
  readonly reasons: readonly Reason[];
}

const KB = source(
  'S94',
  'Troubleshooting (Scenarios 1 and 2): compare truncation_lsn across the secondaries',
);
const COLUMN = 'sys.dm_hadr_database_replica_states.truncation_lsn';

/** A copy's state as the line names it: what tells a lagging copy from a stopped one. */
const stateText = (facts: ClusterFacts, row: DatabaseReplicaFacts): string => {
  const connected = replicaFacts(facts, row.replica)?.connectedState;
  const parts = [
    // A copy cut off from the primary receives nothing: the KB's Scenario 1, delivery.
    connected === 'DISCONNECTED' ? 'DISCONNECTED' : null,
    row.isSuspended === true
      ? `suspended${row.suspendReason === null || row.suspendReason === undefined ? '' : ` (${row.suspendReason})`}`
      : null,
    row.synchronizationState ?? 'synchronization_state unknown',
    `log_send_queue_size ${row.logSendQueueKb ?? 'unknown'}${row.logSendQueueKb === null || row.logSendQueueKb === undefined ? '' : ' KB'}`,
    `redo_queue_size ${row.redoQueueKb ?? 'unknown'}${row.redoQueueKb === null || row.redoQueueKb === undefined ? '' : ' KB'}`,
  ];
  return parts.filter((p) => p !== null).join(', ');
};

const takenOnSecondary = (facts: ClusterFacts): boolean =>
  typeof facts.localReplica === 'string' && !isPrimaryName(facts, facts.localReplica);

const lsnOf = (row: DatabaseReplicaFacts | undefined): bigint | null =>
  row?.truncationLsn === undefined ? null : row.truncationLsn;

/**
 * The copy holding the primary's log truncation of `database`: unknown when the snapshot does not
 * show which replica is primary; null when the group has none (no replica writes the log a copy
 * could hold) or no secondary copy.
 */
export const logTruncationHolder = (
  facts: ClusterFacts,
  database: string,
): LogTruncationHolder | null => {
  const primary = facts.primary;
  if (primary === null && isPrimaryUnseen(facts))
    return {
      database,
      primary,
      primaryTruncationLsn: null,
      copies: [],
      status: 'unknown',
      heldAtLsn: null,
      holders: [],
      reasons: [primaryUnseen(KB, facts)],
    };
  if (primary === null) return null;
  const primaryRow = databaseReplicaFacts(facts, primary, database);
  const secondaries = facts.config.replicas
    .filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY' && !isPrimaryName(facts, r.name))
    .map((r) => ({ replica: r.name, row: databaseReplicaFacts(facts, r.name, database) }));
  // A copy never joined holds nothing: the primary keeps no log for it (S6, SEED000). A copy
  // with no row is unknown only in a snapshot taken on a secondary, which shows its own rows
  // alone; the primary's shows every copy it keeps log for.
  const rows = secondaries.filter(({ row }) =>
    row === undefined ? takenOnSecondary(facts) : row.isJoined !== false,
  );
  // A copy not joined yet that the seeding views show being seeded holds the log from where the
  // seeding started, a point no view shows (SEED001).
  const seeded = secondaries
    .filter(({ row }) => row !== undefined && row.isJoined === false && row.isSeeding === true)
    .map(({ replica }) => replica);
  if (rows.length === 0)
    return seeded.length === 0
      ? null
      : {
          database,
          primary,
          primaryTruncationLsn: lsnOf(primaryRow),
          copies: [],
          status: 'known',
          heldAtLsn: null,
          holders: seeded,
          reasons: [seedingHolds(primary, database, seeded, null)],
        };
  const held = heldByCopies(facts, database, primary, primaryRow, rows);
  return seeded.length === 0
    ? held
    : {
        ...held,
        status: 'unknown',
        reasons: [...held.reasons, seedingHolds(primary, database, seeded, held.heldAtLsn)],
      };
};

/**
 * 'Use automatic seeding to initialize a secondary replica' (SEED001), Performance and transaction
 * log impact on the primary replica: "During seeding, the transaction log on the database at the
 * primary replica continues to grow and cannot be truncated until automatic seeding of that
 * database is complete. The transaction log can then be truncated using a transaction log backup."
 * Beside joined copies, which point is the lower, theirs or the seeding's start, is not shown.
 */
const seedingHolds = (
  primary: string,
  database: string,
  seeded: readonly string[],
  copiesLsn: bigint | null,
): Reason => {
  const message = `automatic seeding of ${database} to ${seeded.join(', ')} is running: "During seeding, the transaction log on the database at the primary replica continues to grow and cannot be truncated until automatic seeding of that database is complete. The transaction log can then be truncated using a transaction log backup." The primary ${primary} keeps ${database}'s log from where the seeding started, a point neither sys.dm_hadr_physical_seeding_stats nor sys.dm_hadr_automatic_seeding shows`;
  return copiesLsn === null
    ? reason('LOG_TRUNCATION_HELD_BY_SEEDING', message, SEEDING_REASONS.SEEDING_LOG_HELD)
    : unknownReason(
        'LOG_TRUNCATION_HELD_BY_SEEDING',
        `${message}, so whether it holds the log below LSN ${copiesLsn}, where the joined copies hold it, is unknown`,
        SEEDING_REASONS.SEEDING_LOG_HELD,
        [
          `the end of the seeding of ${database} to ${seeded.join(', ')} (sys.dm_hadr_physical_seeding_stats.end_time_utc, sys.dm_hadr_automatic_seeding.completion_time), after which a log backup truncates the log`,
        ],
      );
};

const heldByCopies = (
  facts: ClusterFacts,
  database: string,
  primary: string,
  primaryRow: DatabaseReplicaFacts | undefined,
  rows: readonly { replica: string; row: DatabaseReplicaFacts | undefined }[],
): LogTruncationHolder => {
  const copies = rows.map(({ replica, row }) => ({ replica, truncationLsn: lsnOf(row) }));
  const known = copies.filter((c) => c.truncationLsn !== null);
  const missing = copies.filter((c) => c.truncationLsn === null).map((c) => c.replica);
  let heldAtLsn: bigint | null = null;
  for (const c of known)
    if (heldAtLsn === null || (c.truncationLsn as bigint) < heldAtLsn) heldAtLsn = c.truncationLsn;
  const holders = known.filter((c) => c.truncationLsn === heldAtLsn).map((c) => c.replica);
  const primaryTruncationLsn = lsnOf(primaryRow);
  const others = known
    .filter((c) => c.truncationLsn !== heldAtLsn)
    .map((c) => `${c.replica} at ${c.truncationLsn}`);
  // S6: the primary's row is the lowest of its copies'; lower still, the primary holds it itself.
  const lower =
    primaryTruncationLsn !== null && heldAtLsn !== null && primaryTruncationLsn < heldAtLsn
      ? `, lower than every copy: the log is held on the primary itself before any copy holds it`
      : '';
  const read = `read from ${COLUMN} of each secondary copy${primaryTruncationLsn === null ? '' : ` (the primary's own row: ${primaryTruncationLsn}${lower})`}`;
  if (missing.length > 0) {
    const lowest =
      heldAtLsn === null
        ? 'no copy shows one'
        : `the lowest shown is ${heldAtLsn} (${holders.join(', ')})`;
    return {
      database,
      primary,
      primaryTruncationLsn,
      copies,
      status: 'unknown',
      heldAtLsn,
      holders,
      reasons: [
        unknownReason(
          'LOG_TRUNCATION_HOLDER_UNKNOWN',
          `which copy holds ${database}'s log truncation on the primary ${primary} is unknown: the snapshot does not show the truncation_lsn of ${database} on ${missing.join(', ')}; ${lowest}`,
          KB,
          [
            `${COLUMN} (on the primary, is_local = 0) for ${missing.join(', ')}`,
            // Cluster-wide, so a secondary's snapshot can show it for every copy (S8).
            'sys.dm_hadr_database_replica_cluster_states.truncation_lsn',
          ],
        ),
      ],
    };
  }
  const held = rows.filter(({ replica }) => holders.includes(replica));
  const who =
    holders.length === copies.length && copies.length > 1
      ? `every secondary copy (${held.map(({ replica, row }) => `${replica}: ${row === undefined ? '' : stateText(facts, row)}`).join('; ')}): none is behind the others`
      : held
          .map(
            ({ replica, row }) => `${replica} (${row === undefined ? '' : stateText(facts, row)})`,
          )
          .join(', ');
  return {
    database,
    primary,
    primaryTruncationLsn,
    copies,
    status: 'known',
    heldAtLsn,
    holders,
    reasons: [
      reason(
        'LOG_TRUNCATION_HELD_BY_COPY',
        `the primary ${primary} can reuse ${database}'s log only up to LSN ${heldAtLsn}, held by ${who}${others.length === 0 ? '' : `; then ${others.join(', ')}`}; ${read}. Whether this is what keeps the log now (log_reuse_wait_desc AVAILABILITY_REPLICA, error 9002) is in sys.databases.log_reuse_wait_desc on the primary, which the snapshot does not hold`,
        KB,
      ),
    ],
  };
};

/** The holder of each database asked that has one. */
export const logTruncationHolders = (
  facts: ClusterFacts,
  databases: readonly string[],
): readonly LogTruncationHolder[] =>
  databases.flatMap((db) => logTruncationHolder(facts, db) ?? []);
