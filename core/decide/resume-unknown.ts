import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import {
  databaseReplicaFacts,
  isReplicaUp,
  primaryRowGap,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';

/**
 * A secondary copy NOT SYNCHRONIZING on a replica not known down or DISCONNECTED whose row does not show
 * is_suspended: S6 gives three causes for that state on a secondary, "a connection issue, is being
 * suspended, or is going through transition states during startup or a role switch", and a worker
 * that could not be scheduled asks for "manual intervention" (35276, S135), which no view shows.
 * Only a suspended copy is resumed by SET HADR RESUME (S50), so whether that statement is the one
 * to run is unknown. The primary's own copy is not judged here: S6 gives it another meaning. Nor is
 * a copy shown not joined (is_database_joined = 0, as while automatic seeding creates it): RESUME
 * "Resumes suspended data movement on the specified secondary database", and a database becomes
 * one when it is joined (S50, Database States); no data movement was started there to resume.
 */
export const suspensionUnknown = (facts: ClusterFacts, row: DatabaseReplicaFacts): boolean => {
  if (row.isSuspended !== null || row.synchronizationState !== 'NOT SYNCHRONIZING') return false;
  if (row.isJoined === false) return false;
  if (facts.primary === null || sameName(row.replica, facts.primary)) return false;
  const replica = replicaFacts(facts, row.replica);
  return isReplicaUp(replica) !== false && replica?.connectedState !== 'DISCONNECTED';
};

export const resumeIfSuspended = (row: {
  readonly replica: string;
  readonly database: string;
}): readonly Reason[] => [
  unknownReason(
    'RESUME_SUSPENSION_UNKNOWN',
    `whether ${row.database} is suspended on ${row.replica} is not in this snapshot: if it is, the primary keeps its log until this RESUME, but only a suspended copy is resumed by it; a secondary database NOT SYNCHRONIZING "has not started log synchronization because of a connection issue, is being suspended, or is going through transition states during startup or a role switch"; and error 35276 in the error log, which no view shows, says "Failed to allocate and schedule an Always On Availability Groups task for database ... Manual intervention may be required to resume synchronization of the database. If the problem persists, you might need to restart the local instance of SQL Server"`,
    source('S6', 'synchronization_state: 0 = Not synchronizing; is_suspended; suspend_reason'),
    [
      `sys.dm_hadr_database_replica_states.is_suspended and suspend_reason_desc of ${row.database} on ${row.replica}`,
      `${row.replica}'s error log (35264 "data movement ... has been suspended", 35276)`,
    ],
  ),
];

/**
 * A secondary copy shown suspended (is_suspended = 1) whose suspend_reason_desc the snapshot does not
 * show: the RESUME is given, but whether it moves data again depends on why the copy stopped (S6
 * lists the reasons). A failed add-file suspends the secondary and is repaired by leaving the group,
 * restoring and joining again (S139); a redo error is hit again unless repaired first (S116); a
 * secondary behind an upgraded primary's version receives no log until upgraded (S64).
 */
const resumeReasonUnknown = (row: {
  readonly replica: string;
  readonly database: string;
}): Reason =>
  unknownReason(
    'RESUME_SUSPEND_REASON_UNKNOWN',
    `${row.database} is suspended on ${row.replica} and the snapshot does not show why (suspend_reason_desc): whether resuming moves data again is unknown. A copy suspended by an error in its redo (SUSPEND_FROM_REDO) hits it again unless it is repaired first; a secondary still on an earlier version than an upgraded primary receives no log until it is upgraded; "If the file path of an add-file operation does not exist on a secondary replica, the add-file operation will succeed on the primary database. But the add-file operation will cause the secondary database to be suspended", and the resolution is to remove the secondary database from the group, restore the filegroup that holds the added file WITH NORECOVERY and WITH MOVE, restore the log backup that holds the add-file and every later one, and join it again`,
    source(
      'S139',
      'If the file path of an add-file operation does not exist on a secondary replica ... the secondary database to be suspended; Problem Resolution',
    ),
    [
      `sys.dm_hadr_database_replica_states.suspend_reason_desc of ${row.database} on ${row.replica}`,
      `${row.replica}'s error log (35264 "data movement ... has been suspended for the following reason", with its Source string, and the error before it)`,
    ],
  );

/**
 * SUSPEND_FROM_APPLY: "An error occurred while writing the log to file (see error log)" (S6). The
 * copy received the log and could not write it; resuming moves data again only once that error is
 * cleared, which no view here shows. A DBA's notes (S138) give the case: 35264 with Source ID 4,
 * 'SUSPEND_FROM_APPLY', because "we ran out of space on the log disk", and "Until there is enough
 * space on the log drive on replica, db on there will be unhealthy and not synchronizing".
 */
const applyErrorUnknown = (row: { readonly replica: string; readonly database: string }): Reason =>
  unknownReason(
    'RESUME_AFTER_APPLY_ERROR',
    `${row.database} on ${row.replica} was suspended by an error writing the log it received to its log file (SUSPEND_FROM_APPLY: "An error occurred while writing the log to file (see error log)"), which no view here names: whether resuming moves data again is unknown until that error is cleared. A DBA's notes give 35264 (Source ID 4; Source string: 'SUSPEND_FROM_APPLY') when "we ran out of space on the log disk", and "Until there is enough space on the log drive on replica, db on there will be unhealthy and not synchronizing": space is added first, then the RESUME`,
    source('S6', 'suspend_reason_desc: SUSPEND_FROM_APPLY'),
    [
      `${row.replica}'s error log before message 35264 (the error that stopped the log write)`,
      `free space of ${row.database}'s log file volume on ${row.replica} (sys.dm_os_volume_stats)`,
    ],
  );

/**
 * RESUME needs "The primary database must be online and available" (S67, Prerequisites). A
 * snapshot taken on a secondary shows the primary's copy without its state (its row comes from
 * the cluster view only), and after a failover that copy may still be in recovery while every
 * secondary shows NOT SYNCHRONIZING (the dbaunfiltered.com account in
 * adapters/dmv/resume-primary-state-unknown.test.ts): whether the RESUME takes is then unknown.
 */
export const primaryDatabaseStateUnknown = (
  facts: ClusterFacts,
  database: string,
): readonly Reason[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const row = databaseReplicaFacts(facts, primary, database);
  if (row === undefined || row.databaseState !== null) return [];
  return [
    unknownReason(
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
      `whether ${database} is online and available on the primary ${primary} is not in this snapshot ${primaryRowGap(facts, primary)}: a RESUME needs it ("The primary database must be online and available"), and after a failover or a restart the primary's copy may still be in recovery`,
      source('S67', 'Prerequisites'),
      [
        `sys.dm_hadr_database_replica_states.database_state_desc of ${database} on ${primary} (the primary's row, in a snapshot taken on the primary)`,
      ],
    ),
  ];
};

/** The other suspend reasons S6 gives as errors, each with its own words. */
const ERROR_SUSPENSIONS: Readonly<Record<string, string>> = {
  SUSPEND_FROM_CAPTURE: 'an error occurred while capturing log on the primary',
  SUSPEND_FROM_UNDO: 'an error occurred during undo',
  SUSPEND_FROM_REVALIDATION: 'a log change mismatch was detected on reconnection',
  SUSPEND_FROM_XRF_UPDATE: 'the common log point could not be found',
};

/**
 * A copy suspended by one of the other errors S6 lists, each "(see error log)": as after a redo or
 * apply error, the RESUME is the statement, but whether it moves data again depends on that error,
 * which no view names (a mismatch of the log or no common log point is not cleared by resuming).
 */
const errorSuspensionUnknown = (row: {
  readonly replica: string;
  readonly database: string;
  readonly suspendReason?: string | null | undefined;
}): Reason[] => {
  const what =
    row.suspendReason === null || row.suspendReason === undefined
      ? undefined
      : ERROR_SUSPENSIONS[row.suspendReason];
  if (what === undefined) return [];
  return [
    unknownReason(
      'RESUME_AFTER_ERROR_UNKNOWN',
      `${row.database} on ${row.replica} was suspended by an error (${row.suspendReason}: ${what}), which no view here names: whether resuming moves data again is unknown until that error is cleared`,
      source('S6', `suspend_reason_desc: ${row.suspendReason}`),
      [
        `${row.replica}'s error log before message 35264 (its Source string names ${row.suspendReason}, and the error before it names the cause)`,
      ],
    ),
  ];
};

const PAGE_REPAIR = source(
  'S116',
  'Handling I/O Errors on the Mirror/Secondary Database: the secondary database remains suspended',
);

/**
 * SUSPEND_FROM_REDO: the copy's redo stopped on an error (S6), which no view names. After a page
 * I/O error automatic page repair resumes the copy itself once the primary sends every page it
 * asked for; otherwise it stays suspended and a manual resume hits the same pages again (S116).
 * Whether the RESUME moves data again is so unknown until the error log or the page-repair view
 * says what stopped redo.
 */
const redoErrorUnknown = (row: { readonly replica: string; readonly database: string }): Reason =>
  unknownReason(
    'RESUME_AFTER_REDO_ERROR',
    `${row.database} on ${row.replica} was suspended by an error in its redo (SUSPEND_FROM_REDO), which no view here names: whether resuming moves data again is unknown. After a page I/O error (823, 824 or 829) automatic page repair asks the primary for the page and resumes the copy itself once every page it asked for arrives; if one does not, the copy "remains suspended" and, resumed manually, "the corrupted pages will be hit again during the synchronization phase" (the page is restored or repaired first); after 9001 (its log unavailable) "Resolve the errors that precede 9001 first. Then attempt to restart the SQL Server instance"; the error log on ${row.replica} before message 35264, sys.dm_hadr_auto_page_repair and msdb.dbo.suspect_pages there say which`,
    PAGE_REPAIR,
    [
      `${row.replica}'s error log before message 35264 (823/824/829 on a data page, 9001/17053 on the log, 3456 "Could not redo log record")`,
      `sys.dm_hadr_auto_page_repair.page_status on ${row.replica}`,
      `msdb.dbo.suspect_pages on ${row.replica}`,
    ],
  );

/**
 * Why a suspended copy stopped, where that settles whether its RESUME moves data again: an error in
 * redo (S116), in writing the log (S6, S138), the other errors S6 lists, or, on a secondary, a reason
 * the snapshot does not show (S139). A copy suspended by a user, by a forced failover or before a
 * restart adds nothing here.
 */
export const whySuspendedUnknown = (
  row: {
    readonly replica: string;
    readonly database: string;
    readonly suspendReason?: string | null | undefined;
  },
  onPrimary: boolean,
): readonly Reason[] => {
  switch (row.suspendReason ?? null) {
    case 'SUSPEND_FROM_REDO':
      return [redoErrorUnknown(row)];
    case 'SUSPEND_FROM_APPLY':
      return [applyErrorUnknown(row)];
    case null:
      return onPrimary ? [] : [resumeReasonUnknown(row)];
    default:
      return errorSuspensionUnknown(row);
  }
};
