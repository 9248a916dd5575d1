import * as E from 'fp-ts/lib/Either.js';
import type { SeedingMode } from '../model/enums.js';
import { type Reason, type RuleSource, reason, source } from '../model/source.js';
import {
  describeRelease,
  describeSince,
  featureEntry,
  hasFeature,
  type Release,
} from '../validation/limits.js';
import { SEEDING_TRACE_FLAGS } from './layout.js';

/**
 * Automatic seeding (SQL Server 2016 and later; ag-rules §6.2–6.4, SEED001): who may be seeded,
 * the permission, the seeding thread's limit, the time-outs, the failure states of
 * sys.dm_hadr_automatic_seeding, and the duration estimate. docs/seeding.md lists every code.
 */

export const SEEDING_REASONS = {
  AUTOMATIC_SEEDING_NOT_IN_VERSION: featureEntry('AUTOMATIC_SEEDING').rule,
  SEEDING_MODE_MANUAL: source(
    'SEED001',
    'Create an availability group with automatic seeding: the default SEEDING_MODE is MANUAL',
  ),
  SEEDING_TARGET_CONFIGURATION_ONLY: source(
    'S32',
    'availability_mode 4 CONFIGURATION_ONLY: user data is not transmitted to the replica',
  ),
  SEEDING_MODE_ON_PRIMARY: source(
    'SEED001',
    'Setting SEEDING_MODE on a primary replica has no effect until another replica is primary',
  ),
  SEEDING_NOT_PERMITTED: source(
    'SEED001',
    'Create an availability group with automatic seeding: the SQL Server Log message on a secondary without CREATE ANY DATABASE',
  ),
  SEEDING_DENIED: source(
    'SEED001',
    'Prevent automatic seeding after an availability group is created',
  ),
  SEEDING_QUEUED: source(
    'SEED001',
    'Performance: automatic seeding is a single-threaded process that can handle up to five databases',
  ),
  SEEDING_STARTED: source(
    'SEED001',
    'SQL Server Log: the start and completion of automatic seeding',
  ),
  SEEDING_COMPLETED: source('SEED001', 'Verify automatic seeding'),
  SEEDING_COMPLETED_JOIN_NEEDED: source(
    'S58',
    'Join the database on the secondary of the second availability group',
  ),
  SEEDING_FAILED: source(
    'S20',
    'sys.dm_hadr_automatic_seeding: current_state FAILED, failure_state',
  ),
  SEEDING_FAILED_DATABASE_MAY_REMAIN: source(
    'S93',
    'If automatic seeding fails, drop the unsuccessfully seeded database on the secondary replica, with its data and log files, before retrying',
  ),
  SEEDING_RETRY_DATABASE_MAY_EXIST: source(
    'S20',
    'failure_state 23 = Database With Name Already Exists; S93: drop the unsuccessfully seeded database on the secondary replica before retrying',
  ),
  SEEDING_OVER_RESTORED_COPY_UNKNOWN: source(
    'S20',
    'failure_state 23 = Database With Name Already Exists; SEED001 catches up only a copy restored with all available transaction logs',
  ),
  SEEDING_RETRY_BY_SERVER_UNKNOWN: source(
    'S66',
    'Msg 19494 "Automatic seeding of availability database \'%ls\' in availability group \'%.*ls\' failed with a transient error. The operation will be retried." and Msg 19495 "... failed with an unrecoverable error. Correct the problem, then issue an ALTER AVAILABILITY GROUP command to set SEEDING_MODE = AUTOMATIC on the replica to restart seeding."',
  ),
  SEEDING_CANCELLED: source('S19', 'SEEDING_MODE = MANUAL cancels any seeding in progress'),
  SEEDING_RESTARTED: source('S19', 'SEEDING_MODE = AUTOMATIC restarts a failed seeding'),
  SEEDING_CATCH_UP: source('SEED001', 'Combine backup and restore with automatic seeding'),
  SEEDING_LOG_HELD: source(
    'SEED001',
    'Performance and transaction log impact: the log cannot be truncated until automatic seeding of that database is complete',
  ),
  SEEDING_RUNNING_AT_DENY_UNKNOWN: source(
    'SEED001',
    'Prevent automatic seeding after an availability group is created: a new database added; a seeding under way is not spoken of',
  ),
  SEEDING_AFTER_LOG_BACKUP_UNKNOWN: source(
    'S120',
    'a log backup taken while a database is seeded: the seeding reported failing, or the seeded copy needing the log backups restored before it joins',
  ),
  SEEDING_CHECK_TIMEOUT: source(
    'MODEL',
    'docs/seeding.md, time-outs: failure_state 21 after 3 minutes without an answer (dbatools #8603: "after a few minutes")',
  ),
  SEEDING_TRANSPORT_TIMEOUT: source(
    'MODEL',
    'docs/seeding.md, time-outs: failure_state 6 after 3 minutes without a transport to the secondary',
  ),
  NO_SEEDING_IN_PROGRESS: source(
    'S21',
    'sys.dm_hadr_physical_seeding_stats: running operations only',
  ),
  NO_SEEDING_TRANSPORT: source(
    'SEED001',
    'Automatic seeding streams the backup over the database mirroring endpoints',
  ),
  BAD_SEEDING_BYTES: source('S21', 'transferred_size_bytes, database_size_bytes'),
  UNKNOWN_FAILURE_STATE: source('S20', 'failure_state and failure_state_desc'),
  SEEDING_ESTIMATE: source(
    'SEED001',
    'Performance and transaction log impact: 5 TB over 1 Gb/sec (125 MB/sec) takes just over 11 hours',
  ),
  SEEDING_ESTIMATE_UNITS: source(
    'MODEL',
    'docs/seeding.md, the estimate: decimal units (1 TB = 10^12 bytes, 1 Gb/s = 10^9 bit/s = 125 MB/s)',
  ),
  SEEDING_ESTIMATE_COMPRESSED: source(
    'SEED001',
    'Compression can be used for automatic seeding (trace flag 9567); it is disabled by default',
  ),
  SEEDING_ESTIMATE_RATIO_ASSUMED: source(
    'MODEL',
    'docs/seeding.md, the estimate: a compression ratio of 2 when none is given',
  ),
  SEEDING_SLOWER_IN_PRACTICE: source(
    'SEED001',
    'In practice, automatic seeding is slower: signals degrade over distance and the link is shared',
  ),
  BAD_ESTIMATE_INPUT: source('MODEL', 'docs/seeding.md, the estimate: positive sizes and rates'),
  SEEDING_FILES_NOT_PLACED: source(
    'SEED001',
    'Disk layout; Monitor automatic seeding: FAILED with failure_state_desc, combined with the SQL Server Log',
  ),
  SEEDING_ERRORLOG_WORDING: source(
    'MODEL',
    'docs/seeding.md, observability: SEED001 shows the start and completion lines only as a picture; the model words them',
  ),
} as const satisfies Record<string, RuleSource>;
export type SeedingReasonCode = keyof typeof SEEDING_REASONS;

/** A seeding reason: the code fixes its source. */
export const seedingReason = (code: SeedingReasonCode, message: string): Reason =>
  reason(code, message, SEEDING_REASONS[code]);

/** failure_state codes of sys.dm_hadr_automatic_seeding and their failure_state_desc (S20). */
export const SEEDING_FAILURE_STATES: Readonly<Record<number, string>> = {
  0: 'Internal Error',
  1: 'User Cancellation',
  2: 'SQL Error',
  3: 'Request Denied',
  4: 'Thread Abort',
  5: 'Primary Failure',
  6: 'Transport',
  7: 'Transport Replica',
  8: 'Check If Seeding Needed',
  9: 'Send Database File Info',
  10: 'Create Callback',
  11: 'Create Operation',
  12: 'Create VDI Client',
  13: 'Open VDI Client',
  14: 'Create USC Session',
  15: 'Seeding',
  16: 'Restore String Creation',
  17: 'Database ID Lookup',
  18: 'Create Async Task',
  19: 'Create Timeout Task',
  20: 'Async Task Failure',
  21: 'Seeding Check Message Timeout',
  22: 'File Message Timeout',
  23: 'Database With Name Already Exists',
  24: 'Secondary Catchup Timeout',
  25: 'Secondary Restore Stream Ready Timeout',
};

/** The failure states the model raises by itself. */
export const SEEDING_FAILURE = {
  USER_CANCELLATION: 1,
  PRIMARY_FAILURE: 5,
  TRANSPORT: 6,
  SEEDING: 15,
  SEEDING_CHECK_MESSAGE_TIMEOUT: 21,
  /** 2 SQL Error on the target: the restore cannot create the database's files (docs/seeding.md). */
  SQL_ERROR_ON_TARGET: 202,
} as const;

/** The side a failure_state names by its hundreds digit (S20): 2xx the target, else the source. */
export const seedingFailureSide = (code: number): 'source' | 'target' =>
  Math.floor(code / 100) === 2 ? 'target' : 'source';

/**
 * failure_state_desc for a code, or null when the code is not documented. A three-digit code
 * carries the side in its hundreds digit: 1 the source (primary), 2 the target (S20).
 */
export const seedingFailureDescription = (code: number): string | null => {
  if (!Number.isInteger(code) || code < 0) return null;
  if (code < 100) return SEEDING_FAILURE_STATES[code] ?? null;
  const side = Math.floor(code / 100);
  const base = SEEDING_FAILURE_STATES[code % 100];
  if (base === undefined || (side !== 1 && side !== 2)) return null;
  return `${base} (on the ${side === 1 ? 'source' : 'target'})`;
};

/**
 * The failure_state_desc column itself: the name of the code without its side. A three-digit code
 * keeps the side only in failure_state; MicrosoftDocs/sql-docs#7270 (S92) lists a row "215 Seeding".
 */
export const seedingFailureStateDesc = (code: number): string | null =>
  seedingFailureDescription(code) === null ? null : (SEEDING_FAILURE_STATES[code % 100] ?? null);

/** current_state of sys.dm_hadr_automatic_seeding: COMPLETED and FAILED are documented (S18); SEEDING is read by monitoring scripts (ag-rules §10 question 7). */
export const AUTOMATIC_SEEDING_CURRENT_STATES = ['SEEDING', 'COMPLETED', 'FAILED'] as const;
export type AutomaticSeedingCurrentState = (typeof AUTOMATIC_SEEDING_CURRENT_STATES)[number];

/** "Automatic seeding is a single-threaded process that can handle up to five databases" (SEED001; D13). */
export const MAX_DATABASES_PER_SEEDING_THREAD = 5;

/** The seeding-check and transport time-outs the model applies (MODEL, docs/seeding.md). */
export const SEEDING_TIMEOUTS_MS = {
  seedingCheck: 180_000,
  transport: 180_000,
} as const;

/** Whether a release has automatic seeding; a reason when it does not (S18: SQL Server 2016). */
export const automaticSeedingRefusal = (release: Release): Reason | null => {
  if (hasFeature(release, 'AUTOMATIC_SEEDING')) return null;
  const entry = featureEntry('AUTOMATIC_SEEDING');
  return seedingReason(
    'AUTOMATIC_SEEDING_NOT_IN_VERSION',
    `${describeRelease(release)} has no automatic seeding: it first appeared in ${describeSince(entry.since)}; before it, a secondary database is prepared by backup, copy and restore WITH NORECOVERY`,
  );
};

export interface SeedingTarget {
  readonly release: Release;
  readonly replica: string;
  readonly database: string;
  readonly seedingMode: SeedingMode;
  readonly isPrimary: boolean;
  /** A configuration-only replica holds no user database (absent: not one). */
  readonly configurationOnly?: boolean;
}

/** Why a database cannot be seeded automatically to a replica (every reason), or nothing when it can. */
export const seedingRefusals = (t: SeedingTarget): readonly Reason[] => {
  const reasons: Reason[] = [];
  const version = automaticSeedingRefusal(t.release);
  if (version !== null) reasons.push(version);
  if (t.configurationOnly === true)
    reasons.push(
      seedingReason(
        'SEEDING_TARGET_CONFIGURATION_ONLY',
        `${t.replica} is a configuration-only replica: it holds only the group's metadata, never a copy of ${t.database}, whatever its SEEDING_MODE`,
      ),
    );
  else if (t.isPrimary)
    reasons.push(
      seedingReason(
        'SEEDING_MODE_ON_PRIMARY',
        `${t.replica} is the primary: it holds the read-write copy of ${t.database}, and its SEEDING_MODE applies only once another replica is primary`,
      ),
    );
  else if (t.seedingMode !== 'AUTOMATIC')
    reasons.push(
      seedingReason(
        'SEEDING_MODE_MANUAL',
        `${t.replica} has SEEDING_MODE = MANUAL: ${t.database} is prepared there by backup and restore WITH NORECOVERY, then joined`,
      ),
    );
  return reasons;
};

/** The SQL Server Log message on a secondary with SEEDING_MODE = AUTOMATIC and no CREATE ANY DATABASE (SEED001). */
export const seedingPermissionMessage = (group: string): string =>
  `Local availability replica for availability group '${group}' has not been granted permission to create databases, but has a SEEDING_MODE of AUTOMATIC. Use ALTER AVAILABILITY GROUP ... GRANT CREATE ANY DATABASE to allow the creation of databases seeded by the primary availability replica.`;

/** What identifies one seeding in a SQL Server Log line: the database, the group, the target. */
export interface SeedingLogSubject {
  readonly group: string;
  readonly database: string;
  readonly replica: string;
}

const subject = (s: SeedingLogSubject): string =>
  `Automatic seeding of availability database '${s.database}' in availability group '${s.group}' to replica '${s.replica}'`;

/** The start of automatic seeding in the SQL Server Log (SEED001; the wording is the model's). */
export const seedingStartedLogLine = (s: SeedingLogSubject, attempt: number): string =>
  `${subject(s)} has started (attempt ${attempt}).`;

/** The completion of automatic seeding in the SQL Server Log (SEED001; the wording is the model's). */
export const seedingCompletedLogLine = (s: SeedingLogSubject): string =>
  `${subject(s)} has completed.`;

/** A failed seeding in the SQL Server Log, with the failure_state the DMV shows (the model's wording). */
export const seedingFailedLogLine = (s: SeedingLogSubject, failureState: number): string =>
  `${subject(s)} has failed: failure_state ${failureState} (${seedingFailureDescription(failureState) ?? 'undocumented'}).`;

/** The target's line when it cannot create the seeded database's files (the model's wording). */
export const seedingFilesNotPlacedLogLine = (
  s: SeedingLogSubject,
  problems: readonly string[],
): string => `${subject(s)} cannot create the database's files: ${problems.join('; ')}.`;

/** The group needs CREATE ANY DATABASE on the secondary to create a seeded database (SEED001). */
export const hasCreateDatabasePermission = (granted: boolean): boolean => granted;

/** The seeding thread takes a database while fewer than five are being seeded (SEED001; D13). */
export const hasFreeSeedingSlot = (running: number): boolean =>
  running < MAX_DATABASES_PER_SEEDING_THREAD;

export interface SeedingClock {
  /** When the phase began: the seeding's start, or its last progress. */
  readonly sinceMs: number;
  readonly nowMs: number;
  /** The secondary is running and has a session with the primary. */
  readonly reachable: boolean;
}

/** failure_state 21: the secondary never answered the seeding check; no physical-seeding row exists (dbatools #8603). */
export const hasSeedingCheckTimedOut = (c: SeedingClock): boolean =>
  !c.reachable && c.nowMs - c.sinceMs >= SEEDING_TIMEOUTS_MS.seedingCheck;

/** failure_state 6: the stream lost its transport to the secondary for the time-out (MODEL). */
export const hasSeedingTransportTimedOut = (c: SeedingClock): boolean =>
  !c.reachable && c.nowMs - c.sinceMs >= SEEDING_TIMEOUTS_MS.transport;

/** The stream is done once every byte of the backup reached the secondary (S21 transferred_size_bytes). */
export const isSeedingTransferComplete = (transferred: number, total: number): boolean =>
  transferred >= total;

export interface RestoredCopy {
  /** Where the restored copy's log ends. */
  readonly restoredLsn: bigint;
  /** The primary's log holds records above this LSN only. */
  readonly truncatedLsn: bigint;
  /** The copy's log is a prefix of the primary's (no recovery fork between them). */
  readonly onPrimaryLineage: boolean;
}

/**
 * A copy restored WITH NORECOVERY lets automatic seeding "catch up" as if a tail-log backup were
 * restored, when the primary still holds the log after it; otherwise the whole database streams
 * (SEED001 "Combine backup and restore with automatic seeding").
 */
export const canCatchUpRestoredCopy = (c: RestoredCopy): boolean =>
  c.onPrimaryLineage && c.restoredLsn >= c.truncatedLsn;

/** 1 TB and 1 Gb/s in the decimal units of the SEED001 example. */
export const BYTES_PER_TERABYTE = 10 ** 12;
export const BITS_PER_GIGABIT = 10 ** 9;
/** The compression ratio assumed when a caller gives none (MODEL). */
export const ASSUMED_COMPRESSION_RATIO = 2;

export interface SeedingEstimateInput {
  readonly databaseBytes: number;
  readonly bandwidthBitsPerSecond: number;
  /** The seeding stream is compressed; by default, whether the primary has trace flag 9567. */
  readonly compression?: boolean;
  /** The primary instance's global trace flags (9567 turns compression on). */
  readonly primaryTraceFlags?: readonly number[];
  /** Database bytes per byte on the wire when compressed; defaults to 2 (MODEL). */
  readonly compressionRatio?: number;
}

export interface SeedingEstimate {
  readonly seconds: number;
  /** Whether the stream is compressed (is_compression_enabled). */
  readonly compression: boolean;
  readonly bytesPerSecond: number;
  readonly bytesOnWire: number;
  readonly compressionRatio: number;
  readonly reasons: readonly Reason[];
}

const hours = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h} h ${m} min ${s} s`;
};

/**
 * How long automatic seeding takes with the full bandwidth available: the bytes on the wire over
 * the link's byte rate. SEED001: 5 TB over 1 Gb/s (125 MB/s) is 40,000 s, 11 h 6 min 40 s, "just
 * over 11 hours" (decimal units). A lower bound: in practice seeding is slower.
 */
export const estimateSeeding = (
  input: SeedingEstimateInput,
): E.Either<readonly Reason[], SeedingEstimate> => {
  const compression =
    input.compression ?? (input.primaryTraceFlags ?? []).includes(SEEDING_TRACE_FLAGS.compression);
  const ratio = compression ? (input.compressionRatio ?? ASSUMED_COMPRESSION_RATIO) : 1;
  const bad: Reason[] = [];
  if (!(input.databaseBytes >= 0))
    bad.push(seedingReason('BAD_ESTIMATE_INPUT', 'the database size must be 0 bytes or more'));
  if (!(input.bandwidthBitsPerSecond > 0))
    bad.push(seedingReason('BAD_ESTIMATE_INPUT', 'the bandwidth must be above 0 bit/s'));
  if (!(ratio >= 1))
    bad.push(seedingReason('BAD_ESTIMATE_INPUT', 'a compression ratio is 1 or more'));
  if (bad.length > 0) return E.left(bad);
  const bytesPerSecond = input.bandwidthBitsPerSecond / 8;
  const bytesOnWire = input.databaseBytes / ratio;
  const seconds = bytesOnWire / bytesPerSecond;
  const reasons: Reason[] = [
    seedingReason(
      'SEEDING_ESTIMATE',
      `${input.databaseBytes} bytes at ${bytesPerSecond / 10 ** 6} MB/s take ${seconds} s (${hours(seconds)}) with the full bandwidth available`,
    ),
    seedingReason(
      'SEEDING_ESTIMATE_UNITS',
      'sizes and rates are decimal: 1 TB = 10^12 bytes, 1 MB = 10^6 bytes, 1 Gb/s = 10^9 bit/s = 125 MB/s',
    ),
  ];
  if (compression) {
    reasons.push(
      seedingReason(
        'SEEDING_ESTIMATE_COMPRESSED',
        `compression (trace flag 9567) sends ${bytesOnWire} bytes instead of ${input.databaseBytes}, at the cost of processor time`,
      ),
    );
    if (input.compressionRatio === undefined)
      reasons.push(
        seedingReason(
          'SEEDING_ESTIMATE_RATIO_ASSUMED',
          `no compression ratio was given: ${ASSUMED_COMPRESSION_RATIO} is assumed; measure your own`,
        ),
      );
  }
  reasons.push(
    seedingReason(
      'SEEDING_SLOWER_IN_PRACTICE',
      'a lower bound: over long distances and shared links, seeding is slower',
    ),
  );
  return E.right({
    seconds,
    bytesPerSecond,
    bytesOnWire,
    compression,
    compressionRatio: ratio,
    reasons,
  });
};
