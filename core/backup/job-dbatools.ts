import type { BackupType } from '../model/enums.js';
import { databaseLog, replicaConfig, sameName } from '../rules/facts-access.js';
import { backupUnknown, backupReason as because } from './codes.js';
import {
  backupOnSecondary,
  type JobContext,
  notOnlineStep,
  primaryNotOnline,
  type ReplicaAt,
  redoBehindStep,
  remember,
  sqlServerOnSecondary,
} from './job-context.js';
import { type JobAnswer, pass, run, type Step, stop } from './job-steps.js';

/**
 * dbatools' Backup-DbaDatabase: no preference check, BACKUP wherever it is pointed, with the
 * tool's own checks (core/backup/conventions.ts).
 */

/** dbatools' Backup-DbaDatabase: no preference check; BACKUP runs wherever it is pointed. */
export const dbatools = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
  const { database } = ctx;
  const { name, role } = at;
  if (at.down)
    return run([
      stop(
        'fail',
        because(
          'BACKUP_JOB_DBATOOLS_CONNECTION_FAILS',
          `${name}'s instance is not running: Backup-DbaDatabase cannot connect and stops with a connection error`,
        ),
      ),
    ]);
  if (role === 'RESOLVING')
    return run([
      stop(
        'fail',
        because(
          'BACKUP_JOB_RESOLVING_FAILS',
          `${name} is RESOLVING: its copy of ${database} is neither primary nor secondary and cannot be backed up, so Backup-DbaDatabase reports an error`,
        ),
      ),
    ]);
  const noPreference =
    at.steps.get('dbatools') ??
    remember(
      at.steps,
      'dbatools',
      pass(
        because(
          'BACKUP_JOB_DBATOOLS_NO_PREFERENCE',
          `Backup-DbaDatabase does not consult the backup preference: it runs BACKUP of ${database} on ${name} whatever AUTOMATED_BACKUP_PREFERENCE and BACKUP_PRIORITY say`,
        ),
      ),
    );
  const status = notOnlineStep(ctx, at, 'DBATOOLS');
  const lastFull = dbatoolsLastFull(ctx, type, at);
  return role === 'SECONDARY'
    ? run([
        status,
        lastFull,
        noPreference,
        sqlServerOnSecondary(ctx, type, at),
        backupOnSecondary(ctx, at),
        redoBehindStep(ctx, type, at),
        dbatoolsReadable(ctx, at),
      ])
    : run([status, lastFull, noPreference, primaryNotOnline(ctx, at)]);
};

/**
 * Backup-DbaDatabase refuses a log or differential backup of a database whose SMO LastBackupDate
 * is empty ("… does not have an existing full backup, cannot take log or differentialbackup"),
 * and that date comes from the backup history in msdb of the instance it runs on (S133). Each
 * replica keeps its own msdb, so a full backup taken on another replica (the primary before a
 * failover) is not in it; no snapshot view shows that history, so the step is open, unless a
 * simulation took a full backup (copy-only or not) on that replica: then its msdb records one.
 */
const dbatoolsLastFull = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step | undefined => {
  // -Type Log, with -CopyOnly or not, and -Type Differential (the copy-only log is -Type Log too).
  if (type !== 'LOG' && type !== 'LOG_COPY_ONLY' && type !== 'DIFFERENTIAL') return undefined;
  const takenHere = databaseLog(ctx.facts, ctx.database)?.fullBackupOn?.some((r) =>
    sameName(r, at.name),
  );
  if (takenHere === true)
    return (
      at.steps.get('dbatools last full') ??
      remember(
        at.steps,
        'dbatools last full',
        pass(
          because(
            'BACKUP_JOB_DBATOOLS_LAST_FULL_RECORDED',
            `${at.name}'s msdb records a full backup of ${ctx.database} taken there (a copy-only one counts: SMO's LastBackupDate reads backupset rows of type 'D'), so Backup-DbaDatabase goes on to the log or differential backup`,
          ),
        ),
      )
    );
  return (
    at.steps.get('dbatools last full') ??
    remember(at.steps, 'dbatools last full', {
      kind: 'open',
      unless: 'fail',
      reasons: [
        backupUnknown(
          'BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN',
          `whether ${at.name}'s msdb records a full backup of ${ctx.database}: Backup-DbaDatabase takes a log or differential backup only where SMO's LastBackupDate is set, and otherwise fails with "${ctx.database} does not have an existing full backup, cannot take log or differentialbackup"; each replica keeps its own backup history, so one taken on another replica does not count there`,
          [
            `msdb.dbo.backupset on ${at.name} (a row of type 'D' for ${ctx.database})`,
            'SMO Database.LastBackupDate',
          ],
        ),
      ],
    })
  );
};

/**
 * Backup-DbaDatabase needs the database to be readable where it runs: on a secondary with
 * SECONDARY_ROLE (ALLOW_CONNECTIONS = NO) it reports "Backup Failed | The target database … is
 * currently not accessible for queries" (Msg 976), where the same BACKUP sent by Invoke-Sqlcmd
 * succeeds (S75; SQL Server itself does not need a readable secondary to back up, S11). The step
 * comes last: it is reached only when SQL Server would take the backup.
 */
const dbatoolsReadable = (ctx: JobContext, at: ReplicaAt): Step | undefined => {
  if (replicaConfig(ctx.facts, at.name)?.secondaryRole.allowConnections !== 'NO') return undefined;
  return (
    at.steps.get('dbatools readable') ??
    remember(
      at.steps,
      'dbatools readable',
      stop(
        'fail',
        because(
          'BACKUP_JOB_DBATOOLS_NOT_READABLE',
          `${at.name} does not allow connections to its secondary databases (ALLOW_CONNECTIONS = NO): Backup-DbaDatabase fails there with "Backup Failed | The target database, '${ctx.database}', is participating in an availability group and is currently not accessible for queries" (Msg 976), though SQL Server itself would take the backup`,
        ),
      ),
    )
  );
};
