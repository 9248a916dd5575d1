import { type Reason, type RuleSource, reason, source } from '../model/source.js';

/**
 * Every reason code of the database lifecycle, each with the one source it cites.
 * docs/seeding.md lists them, and a test keeps the two in step.
 */

export const LIFECYCLE_REASONS = {
  NO_PRIMARY: source('S3', 'ADD DATABASE and REMOVE DATABASE run on the primary replica'),
  UNKNOWN_REPLICA: source('S3', 'the replica is part of the availability group'),
  REPLICA_DOWN: source('MODEL', 'a statement runs only on a running instance'),
  REPLICA_RESOLVING: source('S7', 'role RESOLVING: the replica is neither primary nor secondary'),
  DATABASE_NOT_FOUND: source(
    'SEED003',
    'Availability Databases: the database exists on the server instance that hosts the primary replica',
  ),
  DATABASE_ALREADY_IN_GROUP: source('S5', 'a database belongs to at most one availability group'),
  DATABASE_NOT_ONLINE: source('SEED003', 'Availability Databases: an online database'),
  DATABASE_READ_ONLY: source('SEED003', 'Availability Databases: a read-write database'),
  RECOVERY_MODEL_NOT_FULL: source(
    'S5',
    'Availability database prerequisites: the FULL recovery model',
  ),
  NO_FULL_BACKUP: source('S5', 'Availability database prerequisites: at least one full backup'),
  DATABASE_NOT_IN_GROUP: source(
    'S50',
    'SET HADR AVAILABILITY GROUP: the database was already added on the primary replica',
  ),
  PRIMARY_DATABASE_MISSING: source(
    'S50',
    'SET HADR AVAILABILITY GROUP: the primary replica is online and active',
  ),
  REPLICA_NOT_JOINED: source('S50', 'SET HADR AVAILABILITY GROUP: the secondary replica is joined'),
  REPLICA_NOT_CONNECTED: source(
    'S50',
    'SET HADR AVAILABILITY GROUP: the secondary replica is connected to the primary',
  ),
  IS_PRIMARY_REPLICA: source('S50', 'SET HADR runs on the secondary replica'),
  NO_RESTORED_COPY: source(
    'SEED003',
    'Availability Databases: the new secondary database is RESTORING until it is joined',
  ),
  DATABASE_ALREADY_JOINED: source(
    'S135',
    '41145 (severity 10): "Cannot join database … The database has already joined the availability group. This is an informational message. No user action is required."',
  ),
  DATABASE_NOT_JOINED: source(
    'S50',
    'SET HADR OFF removes a joined secondary database from the group',
  ),
  SEEDING_IN_PROGRESS: source('SEED001', 'Automatic seeding creates the secondary database itself'),
  LOG_TRUNCATED_PAST_COPY: source(
    'S50',
    'SET HADR AVAILABILITY GROUP: the restore chain ends with a log backup recent enough for the secondary to catch up',
  ),
  LOG_CHAIN_NOT_PRESERVED: source(
    'S69',
    'error 1478: the secondary database has insufficient transaction log data to preserve the log backup chain of the primary database',
  ),
  COPY_NOT_ON_PRIMARY_LINEAGE: source(
    'S6',
    'recovery_lsn: a copy past the primary’s recovery fork must be reinitialized',
  ),
  DATABASE_LEFT_GROUP: source(
    'S50',
    'SET HADR OFF and REMOVE DATABASE leave the secondary database RESTORING',
  ),
  RESTORING_COPY_KEPT: source(
    'S50',
    'OFF: a secondary database taken out of the group stays RESTORING; restore the log backups taken since and join it again',
  ),
  RESTORED_BEFORE_REPLICA_JOIN: source(
    'S148',
    'Prerequisites: prepare the secondary databases manually before or after running the wizard; Join only joins the databases prepared on the instances of the new secondary replicas',
  ),
  PENDING_COMMITS_COMPLETED: source(
    'MODEL',
    'docs/seeding.md: commits waiting on a removed database complete on the former primary alone',
  ),
  COMMIT_OUTSIDE_GROUP: source('S77', 'Follow Up: "The former primary database remains online"'),
  COMMIT_BEFORE_ADD: source(
    'S68',
    'restore "every log backup created since the last restored data backup": the primary database takes writes while its secondary is prepared',
  ),
  BACKUP_FILE_NOT_FOUND: source('SEED000', 'Restore current backups of each primary database'),
  BACKUP_OF_OTHER_DATABASE: source('SEED000', 'Restore current backups of each primary database'),
  BACKUP_SET_WRONG_KIND: source(
    'S72',
    'error 3135: the backup set was created by BACKUP DATABASE or BACKUP LOG and cannot be used for this restore operation',
  ),
  RESTORE_ON_PRIMARY: source(
    'S10',
    'RESTORE onto a database of the availability group is not supported',
  ),
  RESTORE_ON_AVAILABILITY_DATABASE: source(
    'S10',
    'RESTORE onto a database of the availability group is not supported',
  ),
  RESTORE_WITH_RECOVERY: source(
    'SEED000',
    'Restore current backups of each primary database and its transaction log using RESTORE WITH NORECOVERY',
  ),
  RESTORE_NEEDS_FULL_BACKUP: source(
    'SEED000',
    'Restore a recent database backup WITH NORECOVERY, then each subsequent log backup',
  ),
  LOG_CHAIN_GAP: source(
    'SEED000',
    'Restore each subsequent log backup using RESTORE WITH NORECOVERY',
  ),
  LOG_BACKUP_TOO_EARLY: source(
    'SEED000',
    'Restore each subsequent log backup using RESTORE WITH NORECOVERY',
  ),
  BACKUP_ON_OTHER_FORK: source('S44', 'a forced failover starts a new recovery fork'),
  DIFFERENTIAL_BASE_MISMATCH: source(
    'S10',
    'differential backups and the differential bitmap of the last full backup',
  ),
  DIFFERENTIAL_OVER_COPY_ONLY: source(
    'S151',
    'a COPY_ONLY full backup gets a different differential base GUID and cannot be the base for restoring a differential',
  ),
  NO_LOG_CHAIN: source(
    'S5',
    'Availability database prerequisites: at least one full backup starts the log chain',
  ),
  LOG_BACKUP_SIMPLE_RECOVERY: source(
    'S5',
    'Availability database prerequisites: the FULL recovery model',
  ),
  SECONDARY_NOT_READY_FOR_BACKUP: source(
    'SEED002',
    'a secondary replica must communicate with the primary and its database be SYNCHRONIZED or SYNCHRONIZING',
  ),
  SECONDARY_LOG_BEHIND_CHAIN: source(
    'S135',
    '35295: log backup on a secondary replica failed because the last backup LSN from the primary database is greater than the current local redo LSN',
  ),
  BACKUP_TAKEN: source(
    'S10',
    'the log chain is consistent across log backups taken on any replica',
  ),
  LOG_TRUNCATED: source('S10', 'a log backup lets the primary truncate its log'),
  LOG_TRUNCATION_HELD: source(
    'S6',
    'truncation_lsn: the minimum log truncation LSN across the secondaries',
  ),
  CONFIGURATION_ONLY_REPLICA: source('S29', 'a configuration-only replica holds no user databases'),
  CONFIGURATION_ONLY_NO_CREATE_DATABASE: source(
    'S111',
    'Msg 47111: a configuration-only replica cannot be granted permission to create databases',
  ),
  REMOVE_PRIMARY_REPLICA: source('S3', 'REMOVE REPLICA ON cannot remove the primary replica'),
  REPLICA_EXISTS: source('S3', 'ADD REPLICA ON: an instance hosts one replica of a group'),
  REPLICA_ALREADY_JOINED: source(
    'S3',
    'JOIN: supported only on a secondary replica that has not yet been joined to the availability group',
  ),
  JOIN_GROUP_NOT_ONLINE: source(
    'S135',
    'Msg 41136: Failed to join the availability replica to availability group because the group is not online',
  ),
  LOG_SHIPPING_SECONDARY_RESTORING: source(
    'SEED000',
    'Migrating a log shipping secondary: it uses the primary database’s name on a secondary replica’s instance',
  ),
  LOG_SHIPPING_NOT_A_REPLICA: source(
    'SEED000',
    'Migrating a log shipping secondary: it resides on an instance that hosts a secondary replica',
  ),
  LOG_SHIPPING_PREFERENCE_PRIMARY: source(
    'SEED000',
    'Migrating a log shipping secondary: the primary replica is preferred for backups',
  ),
  LOG_SHIPPING_PREFERENCE_NOT_PRIMARY: source(
    'SEED000',
    'Migrating a log shipping secondary: the primary replica is preferred for backups',
  ),
  LOG_SHIPPING_PRIMARY_PRIORITY_ZERO: source(
    'SEED000',
    'Migrating a log shipping secondary: the primary is a candidate for backups (backup priority > 0)',
  ),
  LOG_SHIPPING_BACKUP_JOB_SKIPS: source(
    'S53',
    "Ola Hallengren's DatabaseBackup rule 4: run where the replica is preferred",
  ),
  LOG_SHIPPING_AFTERWARDS: source(
    'SEED000',
    'Disable the backup and restore jobs once they ran; re-configure the backup preference afterwards',
  ),
  SEEDING_FAILURE_KEEPS_RESTORED_COPY: source(
    'MODEL',
    'docs/seeding.md: a failed catch-up seeding leaves the restored copy RESTORING',
  ),
} as const satisfies Record<string, RuleSource>;
export type LifecycleReasonCode = keyof typeof LIFECYCLE_REASONS;

/** A lifecycle reason: the code fixes its source. */
export const lifecycleReason = (code: LifecycleReasonCode, message: string): Reason =>
  reason(code, message, LIFECYCLE_REASONS[code]);
