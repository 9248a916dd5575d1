import { type Reason, reason, source, unknownReason } from '../model/source.js';

/**
 * Every reason code the backup decisions emit, each with the one source it cites.
 * docs/decisions-backup-routing.md lists them, and a test keeps the two in step.
 */
export const BACKUP_REASONS = {
  // sys.fn_hadr_backup_is_preferred_replica (ag-rules §5.4–5.5)
  BACKUP_DATABASE_NOT_IN_GROUP: source('S9', 'a database that is not in an availability group'),
  BACKUP_DATABASE_MISSING: source(
    'S9',
    'a database that does not exist: 0 from SQL Server 2019 CU 20 and 2022 CU 2',
  ),
  BACKUP_DATABASE_MISSING_BEFORE_FIX: source(
    'S9',
    'a database that does not exist: 1 before SQL Server 2019 CU 20 and 2022 CU 2',
  ),
  BACKUP_DATABASE_MISSING_BUILD_UNKNOWN: source(
    'S9',
    'a database that does not exist: 0 from SQL Server 2019 CU 20 and 2022 CU 2, 1 before',
  ),
  BACKUP_REPLICA_NOT_IN_GROUP: source('S9', 'the database on the current instance'),
  BACKUP_PREFERENCE_PRIMARY: source('S3', 'AUTOMATED_BACKUP_PREFERENCE = PRIMARY'),
  BACKUP_PREFERENCE_SECONDARY_ONLY: source('S3', 'AUTOMATED_BACKUP_PREFERENCE = SECONDARY_ONLY'),
  BACKUP_PREFERENCE_SECONDARY: source('S3', 'AUTOMATED_BACKUP_PREFERENCE = SECONDARY'),
  BACKUP_PREFERENCE_SECONDARY_FALLBACK: source(
    'S3',
    'AUTOMATED_BACKUP_PREFERENCE = SECONDARY: the primary when it is the only replica online',
  ),
  BACKUP_PREFERENCE_SECONDARY_FALLBACK_PRIORITY_ZERO: source(
    'MODEL',
    'docs/decisions-backup-routing.md, hypothesis H2: under SECONDARY, the primary when every secondary online is at priority 0',
  ),
  BACKUP_PRIORITY_ZERO: source('S3', 'BACKUP_PRIORITY: 0 means never chosen for backups'),
  BACKUP_CANDIDATE_CONFIGURATION_ONLY: source(
    'S32',
    'availability_mode 4 CONFIGURATION_ONLY: user data is not transmitted to the replica',
  ),
  BACKUP_CANDIDATE_DOWN: source('S34', 'backup priority with online and connected states'),
  BACKUP_CANDIDATE_RESOLVING: source('S34', 'backup priority with online and connected states'),
  BACKUP_CANDIDATE_NOT_ONLINE: source('S34', 'backup priority with online and connected states'),
  BACKUP_CANDIDATE_DISCONNECTED: source('S34', 'backup priority with online and connected states'),
  BACKUP_CANDIDATE_UNKNOWN: source('S34', 'backup priority with online and connected states'),
  BACKUP_CANDIDATE_PRIMARY_SPLIT: source(
    'S44',
    'Perform a forced manual failover: forcing while the old primary still runs',
  ),
  BACKUP_OUTRANKED: source('S3', 'BACKUP_PRIORITY: the highest available priority wins'),
  BACKUP_TIE_LOST: source(
    'MODEL',
    'docs/decisions-backup-routing.md, hypothesis H1: ties go to the lowest replica name',
  ),
  BACKUP_PREFERRED: source('S3', 'BACKUP_PRIORITY: the highest available priority wins'),
  BACKUP_PREFERRED_BY_TIE_BREAK: source(
    'MODEL',
    'docs/decisions-backup-routing.md, hypothesis H1: ties go to the lowest replica name',
  ),
  BACKUP_PREFERRED_TIE_BUG: source(
    'S12',
    'KB4480650: TRUE for more than one secondary replica with identical priorities',
  ),
  BACKUP_TIE_BUILD_UNKNOWN: source(
    'S12',
    'KB4480650: fixed in SQL Server 2016 SP2 CU5 (13.0.5264.1) and 2017 CU14 (14.0.3076.1)',
  ),
  BACKUP_TIE_WITH_PRIMARY_BEFORE_FIX: source(
    'S54',
    'issue #24: SQL Server 2016, Any Replica (NONE), every backup priority 50 on three nodes: "it skips all databases in the AG"',
  ),
  BACKUP_NO_CANDIDATE: source('S3', 'BACKUP_PRIORITY: only currently available replicas'),
  BACKUP_REPLICAS_UNSEEN: source(
    'S32',
    'a local server instance that cannot connect to the WSFC (quorum lost) returns only rows for local availability replicas',
  ),
  BACKUP_SERVERNAME_CASE_UNKNOWN: source(
    'S113',
    'issue #619: names that differ in case only, the function 0 on one instance and working on another',
  ),
  BACKUP_SERVERNAME_MISMATCH: source(
    'S113',
    "sys.fn_hadr_backup_is_preferred_replica returns 0 where @@SERVERNAME does not match SERVERPROPERTY('ServerName')",
  ),
  BACKUP_PREFERENCE_UNDETERMINED: source(
    'MODEL',
    'docs/decisions-backup-routing.md, hypothesis H3: an unknown replica may be preferred',
  ),
  BACKUP_PREFERENCE_COPY_NOT_SYNCHRONIZING: source(
    'MODEL',
    'docs/decisions-backup-routing.md, hypothesis H2: whether the function passes over a copy neither SYNCHRONIZED nor SYNCHRONIZING is not documented',
  ),
  BACKUP_CONTAINED_GROUP_ANSWER_REPORTED_ONE: source(
    'S372',
    'a contained availability group: the function reported to return 1 as for a database outside any group',
  ),
  BACKUP_PREFERENCE_NONE_AT_LEAST_ONE: source(
    'S4',
    'AUTOMATED_BACKUP_PREFERENCE: the function "always returns 1 for at least one of the replicas, even when AUTOMATED_BACKUP_PREFERENCE = NONE"',
  ),
  BACKUP_PREFERENCE_SECONDARY_ONLY_PRIMARY_AT_ZERO: source(
    'S3',
    'AUTOMATED_BACKUP_PREFERENCE = SECONDARY: the primary when it is the only replica online, against BACKUP_PRIORITY 0: never chosen',
  ),
  // the backup decision (ag-rules §5.1–5.2, Ola Hallengren's DatabaseBackup in peers.md §2.4)
  BACKUP_REPLICA_DOWN: source(
    'MODEL',
    'docs/decisions-backup-routing.md: a backup job runs only on a running instance',
  ),
  BACKUP_REPLICA_RESOLVING: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rule 1: skip a role other than PRIMARY or SECONDARY",
  ),
  BACKUP_TYPE_ALLOWED_ON_PRIMARY: source(
    'SEED003',
    'Availability databases: any type of backup of a primary database',
  ),
  BACKUP_TYPE_ALLOWED_ON_SECONDARY: source('S10', 'Backup types supported on secondary replicas'),
  BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY: source(
    'S10',
    'Backup types supported on secondary replicas',
  ),
  BACKUP_BASIC_GROUP_SECONDARY: source('S41', 'Limitations: no backups on the secondary replica'),
  BACKUP_TYPE_PRIMARY_ONLY: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rule 3: a type unsupported on secondaries runs on the primary",
  ),
  BACKUP_SECONDARY_DISCONNECTED: source(
    'SEED002',
    'a secondary replica must be able to communicate with the primary replica',
  ),
  BACKUP_SECONDARY_NOT_SYNCHRONIZING: source(
    'SEED002',
    'a secondary database must be SYNCHRONIZED or SYNCHRONIZING',
  ),
  BACKUP_SECONDARY_REDO_BEHIND_LOG_BACKUP: source(
    'S135',
    '35295: the last backup LSN from the primary database is greater than the current local redo LSN',
  ),
  BACKUP_SECONDARY_DATABASE_UNAVAILABLE: source(
    'S80',
    'RECOVERING, RECOVERY PENDING, SUSPECT, OFFLINE: the database is unavailable',
  ),
  BACKUP_PRIMARY_NOT_ONLINE: source(
    'S7',
    'Roles and operational states: a primary not ONLINE is not ready to process client requests',
  ),
  BACKUP_PRIMARY_DATABASE_UNAVAILABLE: source(
    'S80',
    'RECOVERING, RECOVERY PENDING, SUSPECT, OFFLINE: the database is unavailable',
  ),
  BACKUP_SECONDARY_UPGRADED: source(
    'S64',
    'Rolling Upgrade Best Practices: during a version upgrade no replicas are available for backups',
  ),
  BACKUP_DATABASE_NOT_JOINED: source(
    'SEED002',
    'a secondary database must be SYNCHRONIZED or SYNCHRONIZING',
  ),
  BACKUP_SECONDARY_READY: source(
    'SEED002',
    'a secondary replica must be able to communicate with the primary and be SYNCHRONIZED or SYNCHRONIZING',
  ),
  BACKUP_PREFERENCE_FOLLOWED: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rule 4: run where sys.fn_hadr_backup_is_preferred_replica = 1",
  ),
  BACKUP_NOT_PREFERRED: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rule 4: run where sys.fn_hadr_backup_is_preferred_replica = 1",
  ),
  BACKUP_PREFERENCE_OVERRIDDEN: source(
    'S53',
    "Ola Hallengren's @OverrideBackupPreference: copy-only full and regular log backups only",
  ),
  BACKUP_OVERRIDE_NOT_APPLICABLE: source(
    'S53',
    "Ola Hallengren's @OverrideBackupPreference: copy-only full and regular log backups only",
  ),
  // what each job convention does (docs/decisions-backup-routing.md, backup jobs by convention)
  BACKUP_JOB_OLA_TAKES: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rules 1–4 (docs/sql-server-backup.md, OverrideBackupPreference)",
  ),
  BACKUP_JOB_OLA_SKIPS: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rules 1–4: the database is skipped and the job succeeds",
  ),
  BACKUP_JOB_OLA_DATABASE_NOT_ONLINE: source(
    'S53',
    "Ola Hallengren's DatabaseBackup: a database is backed up only when its state is ONLINE",
  ),
  BACKUP_JOB_PLAN_PREFERRED: source(
    'S11',
    'Follow Up: a Maintenance Plan Wizard backup job checks sys.fn_hadr_backup_is_preferred_replica',
  ),
  BACKUP_JOB_PLAN_NOT_PREFERRED: source(
    'S11',
    'Follow Up: a Maintenance Plan Wizard backup job checks sys.fn_hadr_backup_is_preferred_replica',
  ),
  BACKUP_JOB_FAILS_ON_SECONDARY: source('S10', 'Backup types supported on secondary replicas'),
  BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX: source(
    'S167',
    'Symptoms: on SQL Server 2017 or 2019 a differential backup on a secondary replica reports "BACKUP DATABASE WITH DIFFERENTIAL successfully processed {X} pages"; Msg 3059 after the fix',
  ),
  BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN: source(
    'S167',
    'Resolution: fixed in SQL Server 2017 CU 20 (14.0.3294.2) and 2019 CU 6 (15.0.4053.23), Msg 3059 from them on',
  ),
  BACKUP_JOB_PLAN_NOT_ONLINE_OPTION_UNKNOWN: source(
    'MODEL',
    'docs/decisions-backup-routing.md: the Back Up Database task can ignore databases that are not online',
  ),
  BACKUP_JOB_PLAN_CONTAINED_GROUP: source(
    'S42',
    'SSIS packages & maintenance plans: "Using SSIS packages, including maintenance plans, is not supported with contained availability groups"',
  ),
  BACKUP_JOB_PRIMARY_DATABASE_UNAVAILABLE: source(
    'S80',
    'RECOVERING, RECOVERY PENDING, SUSPECT, OFFLINE: the database is unavailable',
  ),
  BACKUP_JOB_PRIMARY_NOT_ONLINE: source(
    'S7',
    'Roles and operational states: a primary not ONLINE is not ready to process client requests',
  ),
  BACKUP_JOB_SECONDARY_REDO_BEHIND: source(
    'S135',
    '35295: log backup on a secondary replica failed because the last backup LSN is greater than the current local redo LSN',
  ),
  BACKUP_JOB_SECONDARY_NOT_READY: source(
    'SEED002',
    'a secondary replica must be able to communicate with the primary replica and be SYNCHRONIZED or SYNCHRONIZING',
  ),
  BACKUP_JOB_DBATOOLS_STATUS_NOT_NORMAL: source(
    'S53',
    "dbatools' Backup-DbaDatabase: a database whose status is not Normal is skipped",
  ),
  BACKUP_JOB_DBATOOLS_NO_PREFERENCE: source(
    'S53',
    'dbatools Backup-DbaDatabase: does not consult the backup preference; CopyOnly is a switch',
  ),
  BACKUP_JOB_DBATOOLS_NOT_READABLE: source(
    'S75',
    'Backup-DbaDatabase on a secondary with ALLOW_CONNECTIONS = NO: "Backup Failed | … not accessible for queries" (Msg 976)',
  ),
  BACKUP_JOB_OLA_SERVERNAME_MISMATCH: source(
    'S113',
    "DatabaseBackup: 'The @@SERVERNAME does not match SERVERPROPERTY(''ServerName'')', severity 16, before any backup",
  ),
  BACKUP_JOB_OLA_SERVERNAME_CASE: source(
    'S113',
    "DatabaseBackup compares @@SERVERNAME with SERVERPROPERTY('ServerName') in the instance's collation (issue #692)",
  ),
  BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN: source(
    'S133',
    'Backup-DbaDatabase: no log or differential backup without a full backup in the msdb of the instance it runs on',
  ),
  BACKUP_JOB_DBATOOLS_LAST_FULL_RECORDED: source(
    'S133',
    "Backup-DbaDatabase: SMO LastBackupDate is set by a full backup (copy-only included, backupset type 'D') in the msdb of the instance it runs on",
  ),
  BACKUP_JOB_DBATOOLS_CONNECTION_FAILS: source(
    'S53',
    'dbatools Backup-DbaDatabase: Connect-DbaInstance fails, the command stops with a connection error',
  ),
  BACKUP_WHATEVER_THE_ROLE: source(
    'MODEL',
    'docs/decisions-backup-routing.md, the backup decision: every role the replica could have gives one answer',
  ),
  BACKUP_JOB_WHATEVER_THE_ROLE: source(
    'MODEL',
    'docs/decisions-backup-routing.md, backup jobs by convention: every role the replica could have gives one answer',
  ),
  BACKUP_JOB_RESOLVING_FAILS: source(
    'MODEL',
    'docs/decisions-backup-routing.md, backup jobs by convention: a RESOLVING replica serves no database, so BACKUP fails there',
  ),
} as const;
export type BackupReasonCode = keyof typeof BACKUP_REASONS;

/** A backup reason: the code fixes its source. */
export const backupReason = (code: BackupReasonCode, message: string): Reason =>
  reason(code, message, BACKUP_REASONS[code]);

/** A backup reason that says "unknown": `settledBy` names the columns that would settle it. */
export const backupUnknown = (
  code: BackupReasonCode,
  message: string,
  settledBy: readonly string[],
): Reason => unknownReason(code, message, BACKUP_REASONS[code], settledBy);
