import type {
  DatabaseReplicaFacts,
  SeedingAttemptSeen,
  SeedingSeen,
  SeedingStreamSeen,
} from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';

const ATTEMPTS = source(
  'S20',
  'completion_time "NULL if ongoing"; current_state, failure_state, failure_state_desc',
);
const STREAMS = source(
  'S21',
  'internal_state_desc, transferred_size_bytes, database_size_bytes, estimate_time_complete_utc',
);
const HUNG = source(
  'S175',
  '"If the seeding process hangs for some reason and never completes, these DMVs make not update as expected, leaving you wondering if the process is still running"',
);

/**
 * A stream one snapshot shows flowing may have stopped where it is: mssqltips tip 5341 (S175),
 * "If the seeding process hangs for some reason and never completes, these DMVs make not update as
 * expected, leaving you wondering if the process is still running". Only a later look settles it.
 */
const progressUnknown = (where: string, s: SeedingStreamSeen): Reason =>
  unknownReason(
    'AUTOMATIC_SEEDING_PROGRESS_UNKNOWN',
    `one snapshot does not show whether the seeding of ${where} still moves or stalled at ${s.transferredSizeBytes === null ? 'where it is' : `${s.transferredSizeBytes} bytes`}: a seeding that hangs can leave its sys.dm_hadr_physical_seeding_stats row as it was`,
    HUNG,
    [
      `sys.dm_hadr_physical_seeding_stats (${s.roleDesc}) read again later: transferred_size_bytes grows, or end_time_utc is set`,
    ],
  );

/**
 * failure_state with its failure_state_desc, and for a three-digit code the side it names (S20:
 * "a value of 1 in the hundred place digit indicates the error occurred on the seeding source. A
 * value of 2 in the hundred place digit indicates an error occurred on the seeding target"), which
 * failure_state_desc leaves out (S92: a primary showed "215 Seeding").
 */
export const failureStateText = (state: number | null, desc: string | null): string => {
  if (state === null) return `failure_state not shown${desc === null ? '' : ` (${desc})`}`;
  const side = Math.floor(state / 100);
  const where =
    state >= 100 && (side === 1 || side === 2)
      ? `, an error on the seeding ${side === 1 ? 'source' : 'target'} (hundreds digit ${side})`
      : '';
  return `failure_state ${state}${desc === null ? '' : ` (${desc})`}${where}`;
};

/**
 * The SQL error the row gives, after its failure_state: 'Automatically initialize Always On
 * availability group' (S19), "Troubleshoot why a database fails to appear in an availability group
 * configured for automatic seeding", selects failure_state, failure_state_desc and error_code from
 * sys.dm_hadr_automatic_seeding "on both the primary and secondary replicas"; S20: error_code is
 * "Any SQL error code encountered during seeding". 0 names no SQL error.
 */
export const errorCodeText = (a: SeedingAttemptSeen): string =>
  a.errorCode === undefined || a.errorCode === 0
    ? ''
    : `, error_code ${a.errorCode} (the SQL error encountered during seeding; its text is sys.messages message_id ${a.errorCode}, and the SQL Server Log where it was raised gives it in full)`;

/** An attempt sys.dm_hadr_automatic_seeding shows ended FAILED (current_state, S20). */
export const isFailedAttempt = (
  a: SeedingAttemptSeen | null | undefined,
): a is SeedingAttemptSeen =>
  a?.currentState?.trim().toUpperCase() === 'FAILED' && a.ongoing !== true;

/** "190849536 of 219799552 bytes (86.8 %)", or what of it the row gives. */
const progressOf = (s: SeedingStreamSeen): string => {
  const moved = s.transferredSizeBytes;
  const size = s.databaseSizeBytes;
  const bytes =
    moved === null
      ? 'transferred_size_bytes not shown'
      : size === null || size <= 0
        ? `${moved} bytes transferred`
        : `${moved} of ${size} bytes transferred (${((moved * 100) / size).toFixed(1)} %)`;
  return `${s.internalStateDesc ?? 'internal_state_desc not shown'}, ${bytes}${s.estimateTimeCompleteUtc === null ? '' : `, estimate_time_complete_utc ${s.estimateTimeCompleteUtc}`}`;
};

/**
 * What the seeding views of a snapshot say of a copy that is not joined: a seeding that runs, with
 * its progress, or a last attempt that FAILED, with its failure_state_desc (SEED001: "If the value
 * is FAILED, use the value in failure_state_desc to help in diagnosing the problem"). Nothing
 * where the views were not read or show no row for the copy.
 */
export const seedingSeenReasons = (row: DatabaseReplicaFacts): readonly Reason[] => {
  const s = row.seeding;
  if (s === undefined) return [];
  const where = `${row.database} to ${row.replica}`;
  const a = s.attempt;
  const stream = s.stream;
  if (stream?.flowing === true)
    return [
      reason(
        'AUTOMATIC_SEEDING_RUNNING',
        `automatic seeding of ${where} is running: sys.dm_hadr_physical_seeding_stats (${stream.roleDesc}) shows ${progressOf(stream)}`,
        STREAMS,
      ),
      progressUnknown(where, stream),
    ];
  if (a?.ongoing === true)
    return [
      reason(
        'AUTOMATIC_SEEDING_RUNNING',
        `automatic seeding of ${where} is running: sys.dm_hadr_automatic_seeding shows an attempt${a.startTime === null ? '' : ` started ${a.startTime}`} with completion_time NULL${stream !== null ? `; its last stream: ${progressOf(stream)}` : s.physicalSeedingStatsRead ? ', and sys.dm_hadr_physical_seeding_stats no stream yet' : ''}`,
        ATTEMPTS,
      ),
    ];
  if (isFailedAttempt(a))
    return [
      reason(
        'AUTOMATIC_SEEDING_FAILED',
        `the last automatic seeding of ${where} FAILED: ${failureStateText(a.failureState, a.failureStateDesc)}${errorCodeText(a)}${stream?.failureMessage == null ? '' : `; its stream's failure_message: ${stream.failureMessage}`}`,
        ATTEMPTS,
      ),
    ];
  return [];
};

const ENDED = ['COMPLETED', 'FAILED'];

/**
 * Whether a seeding of the copy runs, as the rows say: an attempt without completion_time ("NULL if
 * ongoing", S20) or a stream without end_time_utc (S21) runs; an ended attempt with no flowing
 * stream does not; otherwise unknown (no row, or a state the columns selected do not settle).
 */
export const seedingRuns = (s: SeedingSeen | undefined): boolean | null => {
  if (s === undefined) return null;
  if (s.attempt?.ongoing === true || s.stream?.flowing === true) return true;
  const state = s.attempt?.currentState?.trim().toUpperCase();
  const ended = s.attempt?.ongoing === false || (state !== undefined && ENDED.includes(state));
  return ended ? false : null;
};
