import type { BackupType, RecoveryModel } from '../model/enums.js';
import type { Reason } from '../model/source.js';
import { type LifecycleReasonCode, lifecycleReason } from './codes.js';

export {
  LIFECYCLE_REASONS,
  type LifecycleReasonCode,
  lifecycleReason,
} from './codes.js';
export { logShippingMigration } from './log-shipping.js';

/**
 * The life of an availability database (ag-rules §6.1, R-CFG-11, §3.4, §5.1; SEED000, SEED003):
 * who may be added, the backups that prepare a secondary copy and their log chain, what joining
 * needs, and how far the primary may truncate its log. docs/seeding.md lists every code.
 */

const when = (condition: boolean, code: LifecycleReasonCode, message: string): Reason[] =>
  condition ? [lifecycleReason(code, message)] : [];

/** A database of the primary replica's instance, as its catalog describes it. */
export interface CatalogFacts {
  readonly online: boolean;
  readonly readOnly: boolean;
  readonly recoveryModel: RecoveryModel;
  readonly hasFullBackup: boolean;
}

export interface AddDatabaseInput {
  readonly group: string;
  readonly database: string;
  readonly primary: string | null;
  readonly inGroup: boolean;
  /** The database on the primary replica's instance, or null when that instance has none. */
  readonly catalog: CatalogFacts | null;
}

/** ALTER AVAILABILITY GROUP … ADD DATABASE: an online read-write FULL database with a full backup, on the primary (R-CFG-11). */
export const addDatabaseRefusals = (i: AddDatabaseInput): readonly Reason[] => {
  if (i.primary === null)
    return when(
      true,
      'NO_PRIMARY',
      `${i.group} has no primary replica online to add ${i.database}`,
    );
  if (i.inGroup)
    return when(true, 'DATABASE_ALREADY_IN_GROUP', `${i.database} is already in ${i.group}`);
  const c = i.catalog;
  if (c === null)
    return when(
      true,
      'DATABASE_NOT_FOUND',
      `${i.database} does not exist on ${i.primary}, the instance of the primary replica`,
    );
  return [
    ...when(!c.online, 'DATABASE_NOT_ONLINE', `${i.database} on ${i.primary} is not ONLINE`),
    ...when(c.readOnly, 'DATABASE_READ_ONLY', `${i.database} on ${i.primary} is read-only`),
    ...when(
      c.recoveryModel !== 'FULL',
      'RECOVERY_MODEL_NOT_FULL',
      `${i.database} uses the ${c.recoveryModel} recovery model; an availability database needs FULL`,
    ),
    ...when(
      !c.hasFullBackup,
      'NO_FULL_BACKUP',
      `${i.database} has never had a full backup; take one before adding it`,
    ),
  ];
};

export type CopyPhase = 'ABSENT' | 'RESTORING' | 'SEEDING' | 'JOINED';

export interface JoinInput {
  readonly group: string;
  readonly database: string;
  readonly replica: string;
  readonly inGroup: boolean;
  /** The primary replica, when the group is online and its database is there. */
  readonly primary: string | null;
  readonly primaryHasDatabase: boolean;
  readonly replicaJoined: boolean;
  readonly replicaUp: boolean;
  readonly connected: boolean;
  readonly phase: CopyPhase;
  readonly restoredLsn: bigint;
  readonly truncatedLsn: bigint;
  readonly onPrimaryLineage: boolean;
  /** Where the log the restores left in the copy starts; null when no restore says (restoredLogFrom). */
  readonly logFromLsn: bigint | null;
  /** Where the primary's next log backup starts (the log backup chain); null before any log backup. */
  readonly logChainLsn: bigint | null;
}

/** ALTER DATABASE … SET HADR AVAILABILITY GROUP on a secondary: every prerequisite of S50 (ag-rules §6.1 step 2). */
export const joinDatabaseRefusals = (i: JoinInput): readonly Reason[] => {
  const { database: db, replica } = i;
  if (!i.replicaJoined)
    return when(
      true,
      'REPLICA_NOT_JOINED',
      `${replica} has not joined ${i.group}: join the replica first`,
    );
  if (i.primary !== null && i.primary === replica)
    return when(
      true,
      'IS_PRIMARY_REPLICA',
      `${replica} is the primary: SET HADR AVAILABILITY GROUP runs on a secondary`,
    );
  const copy: Reason[] =
    i.phase === 'ABSENT'
      ? when(
          true,
          'NO_RESTORED_COPY',
          `${replica} has no copy of ${db}: restore a full backup and the log backups after it WITH NORECOVERY first`,
        )
      : i.phase === 'SEEDING'
        ? when(
            true,
            'SEEDING_IN_PROGRESS',
            `automatic seeding is creating ${db} on ${replica}; it joins by itself`,
          )
        : i.phase === 'JOINED'
          ? when(
              true,
              'DATABASE_ALREADY_JOINED',
              `${db} is already joined on ${replica}: SQL Server answers with message 41145 (severity 10), "The database has already joined the availability group. This is an informational message. No user action is required.", and nothing changes`,
            )
          : [];
  const canCatchUp =
    i.phase === 'RESTORING' && i.primaryHasDatabase
      ? [
          ...when(
            !i.onPrimaryLineage,
            'COPY_NOT_ON_PRIMARY_LINEAGE',
            `${db} on ${replica} holds log the primary does not (a recovery fork lies between them): restore it again from a current backup`,
          ),
          // Error 1478: the copy must hold the log from where the primary's next log backup
          // starts, or, once it were primary, its log backups could not continue the chain (S69).
          ...when(
            i.onPrimaryLineage &&
              i.logFromLsn !== null &&
              i.logChainLsn !== null &&
              i.logFromLsn > i.logChainLsn,
            'LOG_CHAIN_NOT_PRESERVED',
            `${db} on ${replica} was restored from a backup at LSN ${i.logFromLsn} and holds no log before it, but the primary's next log backup starts at LSN ${i.logChainLsn}: SQL Server refuses the join (error 1478, insufficient transaction log data to preserve the log backup chain); take a log backup on the primary and restore it WITH NORECOVERY first`,
          ),
          ...when(
            i.onPrimaryLineage && i.restoredLsn < i.truncatedLsn,
            'LOG_TRUNCATED_PAST_COPY',
            `${db} on ${replica} ends at LSN ${i.restoredLsn}, but the primary truncated its log up to LSN ${i.truncatedLsn}: restore the log backups holding LSN ${i.restoredLsn + 1n} to ${i.truncatedLsn} first`,
          ),
        ]
      : [];
  return [
    ...when(
      !i.inGroup,
      'DATABASE_NOT_IN_GROUP',
      `${db} is not in ${i.group}: add it on the primary first`,
    ),
    ...when(i.primary === null, 'NO_PRIMARY', `${i.group} has no primary replica online`),
    ...when(
      i.inGroup && i.primary !== null && !i.primaryHasDatabase,
      'PRIMARY_DATABASE_MISSING',
      `${db} is not an online primary database on ${i.primary}`,
    ),
    ...when(!i.replicaUp, 'REPLICA_DOWN', `${replica} is not running`),
    ...when(
      i.replicaUp && !i.connected,
      'REPLICA_NOT_CONNECTED',
      `${replica} is not connected to the primary replica`,
    ),
    ...copy,
    ...canCatchUp,
  ];
};

/** One backup set, as msdb.dbo.backupset records it (first and last LSN of what it holds). */
export interface BackupSet {
  readonly file: string;
  /** Its place among the backup sets of `file` (RESTORE … WITH FILE = n), from 1. */
  readonly position: number;
  readonly database: string;
  readonly replica: string;
  readonly backupType: BackupType;
  /** Full: the database as of lastLsn (firstLsn = lastLsn). Differential: since its base. Log: the records above firstLsn up to lastLsn. */
  readonly firstLsn: bigint;
  readonly lastLsn: bigint;
  /** The recovery fork of lastLsn. */
  readonly fork: number;
  /** A differential's base: the last full (not copy-only) backup's LSN. */
  readonly differentialBaseLsn: bigint | null;
  readonly atMs: number;
}

const isFull = (t: BackupType) => t === 'FULL' || t === 'FULL_COPY_ONLY';
const isLog = (t: BackupType) => t === 'LOG' || t === 'LOG_COPY_ONLY';

export interface RestoreInput {
  readonly replica: string;
  readonly database: string;
  readonly file: string;
  /** RESTORE … WITH FILE = n: the backup set's place in the file (1 when absent). */
  readonly position?: number;
  /** RESTORE LOG (true) or RESTORE DATABASE (false); absent: the statement is not known. */
  readonly log?: boolean;
  readonly backup: BackupSet | null;
  readonly isPrimary: boolean;
  readonly replicaUp: boolean;
  readonly recovery: boolean;
  readonly phase: CopyPhase;
  /** Where the copy's log ends now (meaningful when RESTORING). */
  readonly copyLsn: bigint;
  /** The highest LSN up to which the copy and the backup hold the same log. */
  readonly sharedLsn: bigint;
  /** The copy ends where a full or differential backup left it, no log backup restored after it. */
  readonly endsAtDataBackup?: boolean;
  /** The full backup the copy was restored from (its LSN), as msdb restorehistory says; null: unknown. */
  readonly copyDifferentialBase?: bigint | null;
  /** The copy-only full backup (its file) the copy was restored from, if it was; null: not one. */
  readonly copyOnlyFull?: string | null;
}

/** RESTORE … WITH NORECOVERY on a secondary: a full backup, then an unbroken chain of log backups (SEED000, ag-rules §6.1). */
export const restoreRefusals = (i: RestoreInput): readonly Reason[] => {
  const { replica, database: db, backup: b } = i;
  const where: Reason[] = [
    ...when(!i.replicaUp, 'REPLICA_DOWN', `${replica} is not running`),
    ...when(
      i.isPrimary,
      'RESTORE_ON_PRIMARY',
      `${replica} hosts the primary database ${db}: the model restores secondary copies only`,
    ),
    ...when(
      !i.isPrimary && i.phase === 'JOINED',
      'RESTORE_ON_AVAILABILITY_DATABASE',
      `${db} is joined on ${replica}: remove it from the group (SET HADR OFF) before restoring over it`,
    ),
    ...when(
      i.phase === 'SEEDING',
      'SEEDING_IN_PROGRESS',
      `automatic seeding is creating ${db} on ${replica}`,
    ),
    ...when(
      i.recovery,
      'RESTORE_WITH_RECOVERY',
      `RESTORE WITH RECOVERY would bring ${db} online on ${replica}, and it could no longer be joined: restore WITH NORECOVERY`,
    ),
  ];
  if (b === null)
    return [
      ...where,
      ...when(
        true,
        'BACKUP_FILE_NOT_FOUND',
        (i.position ?? 1) === 1
          ? `no backup file ${i.file} exists`
          : `the backup file ${i.file} holds no backup set at FILE = ${i.position}`,
      ),
    ];
  if (b.database !== db)
    return [
      ...where,
      ...when(
        true,
        'BACKUP_OF_OTHER_DATABASE',
        `${i.file} is a backup of ${b.database}, not of ${db}`,
      ),
    ];
  // Error 3135: RESTORE LOG reads log backups only, RESTORE DATABASE full and differential ones.
  if (i.log !== undefined && i.log !== isLog(b.backupType))
    return [
      ...where,
      ...when(
        true,
        'BACKUP_SET_WRONG_KIND',
        `the backup set in ${i.file}${(i.position ?? 1) === 1 ? '' : ` (FILE = ${i.position})`} was created by ${isLog(b.backupType) ? 'BACKUP LOG' : 'BACKUP DATABASE'} and cannot be used for RESTORE ${i.log ? 'LOG' : 'DATABASE'} (error 3135)`,
      ),
    ];
  if (isFull(b.backupType)) return where;
  if (i.phase !== 'RESTORING')
    return [
      ...where,
      ...when(
        i.phase === 'ABSENT',
        'RESTORE_NEEDS_FULL_BACKUP',
        `${replica} has no copy of ${db} to roll forward: restore a full backup WITH NORECOVERY first`,
      ),
    ];
  const p = i.copyLsn;
  if (b.backupType === 'DIFFERENTIAL') return [...where, ...differentialRefusals(i, b)];
  const low = p < b.lastLsn ? p : b.lastLsn;
  const chain: Reason[] =
    i.sharedLsn < low
      ? when(
          true,
          'BACKUP_ON_OTHER_FORK',
          `${i.file} and ${db} on ${replica} part at LSN ${i.sharedLsn}: they lie on different recovery forks`,
        )
      : b.firstLsn > p
        ? when(
            true,
            'LOG_CHAIN_GAP',
            `the log backup ${i.file} holds LSN ${b.firstLsn + 1n} to ${b.lastLsn}, but ${db} on ${replica} ends at LSN ${p}: the log from LSN ${p + 1n} to ${b.firstLsn} is missing; restore the log backup holding LSN ${p + 1n} first`,
          )
        : // A log backup that ends where the copy ends was applied already, unless it holds no
          // log at all, or the copy ends at a full or differential backup that the log backup
          // spans: SQL Server's log backup then holds records past it (S68 example, S69 1478).
          b.lastLsn < p ||
            (b.lastLsn === p && b.firstLsn < b.lastLsn && i.endsAtDataBackup !== true)
          ? when(
              true,
              'LOG_BACKUP_TOO_EARLY',
              `the log backup ${i.file} ends at LSN ${b.lastLsn}, and ${db} on ${replica} already holds the log to LSN ${p}: restore a later log backup`,
            )
          : [];
  return isLog(b.backupType) ? [...where, ...chain] : where;
};

/**
 * A differential applies onto a copy restored from its base full backup, also after log backups
 * were restored over that full (S78: "restore the differential backup with NORECOVERY. This will
 * effectively catch you up"), as long as the copy has not gone past the differential. Another base
 * is SQL Server's error 3136 (S72), and so is a copy restored from a copy-only full backup, whatever
 * its LSN (S151). When the restores do not say the copy's base, only a copy that
 * ends at the base itself is known to fit.
 */
const differentialRefusals = (i: RestoreInput, b: BackupSet): readonly Reason[] => {
  const p = i.copyLsn;
  const base = i.copyDifferentialBase ?? null;
  const at = `${i.database} on ${i.replica}`;
  const diff = `the differential ${i.file} is based on the full backup at LSN ${b.differentialBaseLsn}`;
  const copyOnly = i.copyOnlyFull ?? null;
  // A COPY_ONLY full gets its own differential base GUID, whatever its LSN (S151).
  if (copyOnly !== null)
    return [
      ...when(
        true,
        'DIFFERENTIAL_OVER_COPY_ONLY',
        `${diff}, but ${at} was restored from the copy-only full backup ${copyOnly}, which is never the base of a differential: SQL Server refuses this restore (error 3136, "This differential backup cannot be restored because the database has not been restored to the correct earlier state"); restore the full backup the differential is based on instead, or go on with the log backups taken since ${copyOnly}`,
      ),
      ...when(
        p > b.lastLsn,
        'DIFFERENTIAL_BASE_MISMATCH',
        `${diff} and brings the database to LSN ${b.lastLsn}, but ${at} already holds the log to LSN ${p}: restore the next log backup instead`,
      ),
    ];
  if (base === null || i.sharedLsn < p)
    return when(
      b.differentialBaseLsn !== p || i.sharedLsn < p,
      'DIFFERENTIAL_BASE_MISMATCH',
      `${diff}, but ${at} was restored to LSN ${p}`,
    );
  if (b.differentialBaseLsn !== base)
    return when(
      true,
      'DIFFERENTIAL_BASE_MISMATCH',
      `${diff}, but ${at} was restored from the full backup at LSN ${base}: the database has not been restored to the correct earlier state (error 3136)`,
    );
  return when(
    p > b.lastLsn,
    'DIFFERENTIAL_BASE_MISMATCH',
    `${diff} and brings the database to LSN ${b.lastLsn}, but ${at} already holds the log to LSN ${p}: restore the next log backup instead`,
  );
};

export interface BackupInput {
  readonly replica: string;
  readonly database: string;
  readonly backupType: BackupType;
  readonly file: string;
  readonly replicaUp: boolean;
  readonly role: 'PRIMARY' | 'SECONDARY' | 'RESOLVING';
  /** The instance holds the database: the primary's catalog, or a joined secondary copy. */
  readonly hasDatabase: boolean;
  readonly recoveryModel: RecoveryModel;
  /** Where the next log backup starts; null before the first full backup. */
  readonly logChainLsn: bigint | null;
  readonly differentialBaseLsn: bigint | null;
  /** On a secondary: SQL Server's own limit on this backup type there, and whether it may back up now. */
  readonly secondaryTypeRefusal: Reason | null;
  readonly secondaryReady: boolean;
  /** On a secondary: how far its copy redid the log, the "current local redo LSN" of Msg 35295. */
  readonly redoneLsn: bigint;
}

/** BACKUP DATABASE / BACKUP LOG on a replica: what SQL Server refuses (ag-rules §5.1–5.2). */
export const backupRefusals = (i: BackupInput): readonly Reason[] => {
  const { replica, database: db, backupType: type } = i;
  if (!i.replicaUp) return when(true, 'REPLICA_DOWN', `${replica} is not running`);
  if (i.role === 'RESOLVING')
    return when(true, 'REPLICA_RESOLVING', `${replica} is RESOLVING: it backs up nothing`);
  if (!i.hasDatabase)
    return i.role === 'PRIMARY'
      ? when(true, 'DATABASE_NOT_FOUND', `${db} does not exist on ${replica}`)
      : when(
          true,
          'SECONDARY_NOT_READY_FOR_BACKUP',
          `${db} is not an availability database on ${replica}`,
        );
  const secondary = i.role === 'SECONDARY';
  return [
    ...(secondary && i.secondaryTypeRefusal !== null ? [i.secondaryTypeRefusal] : []),
    ...when(
      secondary && !i.secondaryReady,
      'SECONDARY_NOT_READY_FOR_BACKUP',
      `${db} on ${replica} is not backed up: the secondary must be connected and SYNCHRONIZED or SYNCHRONIZING`,
    ),
    ...when(
      isLog(type) && i.recoveryModel === 'SIMPLE',
      'LOG_BACKUP_SIMPLE_RECOVERY',
      `${db} uses the SIMPLE recovery model: it has no log backups`,
    ),
    ...when(
      (isLog(type) || type === 'DIFFERENTIAL') &&
        (type === 'DIFFERENTIAL' ? i.differentialBaseLsn === null : i.logChainLsn === null),
      'NO_LOG_CHAIN',
      `${db} has no full backup yet: ${type === 'DIFFERENTIAL' ? 'a differential' : 'a log backup'} needs one first`,
    ),
    // SQL Server compares the last log backup with the secondary's redo, not its hardened log (S135, 35295).
    ...when(
      secondary && isLog(type) && i.logChainLsn !== null && i.redoneLsn < i.logChainLsn,
      'SECONDARY_LOG_BEHIND_CHAIN',
      `${replica} has redone ${db} to LSN ${i.redoneLsn} only, below the end of the last log backup (LSN ${i.logChainLsn}), whatever it has hardened: BACKUP LOG fails with Msg 35295 ("the last backup LSN ... from the primary database is greater than the current local redo LSN ... No log records need to be backed up at this time. Retry the log-backup operation later.") until redo passes that LSN`,
    ),
  ];
};

/** Something that still needs the primary's log above an LSN: a joined secondary or a running seeding. */
export interface TruncationHold {
  readonly lsn: bigint;
  readonly holder: string;
  /** `fork`: a secondary copy whose log ran past a recovery fork, held from where it reverts to. */
  readonly kind: 'secondary' | 'fork' | 'seeding' | 'transaction';
}

/**
 * How far a log backup lets the primary truncate: up to the backup's end, but never past what a
 * joined secondary or a running automatic seeding still needs (S6 truncation_lsn, S50, SEED001).
 */
export const logTruncationPoint = (
  truncatedLsn: bigint,
  backupLastLsn: bigint,
  holds: readonly TruncationHold[],
): { readonly lsn: bigint; readonly heldBy: readonly TruncationHold[] } => {
  let lsn = backupLastLsn;
  for (const h of holds) if (h.lsn < lsn) lsn = h.lsn;
  return {
    lsn: lsn > truncatedLsn ? lsn : truncatedLsn,
    heldBy: holds.filter((h) => h.lsn < backupLastLsn),
  };
};

/** A failed catch-up seeding leaves the restored copy as it was; a streamed one leaves nothing (MODEL). */
export const keepsRestoredCopyAfterFailedSeeding = (restoredBefore: boolean): boolean =>
  restoredBefore;
