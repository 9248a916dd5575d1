import type { BackupType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { BACKUP_TYPE_NAMES, backupTypeOnSecondary } from './backup.js';
import { backupUnknown, backupReason as because } from './codes.js';
import {
  type BackupJobOptions,
  backupOnSecondary,
  downStep,
  type JobContext,
  notOnlineStep,
  OLA_PREFERENCE_BY_TYPE,
  passes,
  primaryNotOnline,
  type ReplicaAt,
  redoBehindStep,
  remember,
  typeAllowed,
} from './job-context.js';
import { isUnknown, type JobAnswer, pass, run, type Step, stop } from './job-steps.js';
import { isPreferredBackupReplica } from './preference.js';
import { serverNameMismatch } from './server-names.js';

/**
 * Ola Hallengren's DatabaseBackup on an availability group's database: the preference check and its
 * override, the server-name check, then BACKUP (core/backup/conventions.ts).
 */

/** The types @OverrideBackupPreference applies to. */
const OVERRIDABLE_TYPES: readonly BackupType[] = ['FULL_COPY_ONLY', 'LOG'];

/** Ola rule 4: run where the function answers 1, or where @OverrideBackupPreference lifts it. */
const olaPreferenceStep = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step => {
  // Without the override the step does not depend on the type.
  const key =
    ctx.options.overrideBackupPreference === true ? OLA_PREFERENCE_BY_TYPE[type] : 'ola preference';
  return (
    at.steps.get(key) ??
    remember(at.steps, key, olaPreference(ctx.facts, ctx.database, type, at.name, ctx.options))
  );
};

const olaPreference = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
  options: BackupJobOptions,
): Step => {
  const overridden = options.overrideBackupPreference === true && OVERRIDABLE_TYPES.includes(type);
  const verdict = isPreferredBackupReplica(facts, database, name, options);
  if (verdict.preferred)
    return pass(
      because(
        'BACKUP_PREFERENCE_FOLLOWED',
        `${name} is the preferred backup replica for ${database}`,
      ),
      ...verdict.reasons,
    );
  if (overridden)
    return pass(
      because(
        'BACKUP_PREFERENCE_OVERRIDDEN',
        `${name} is not the preferred backup replica for ${database}, but @OverrideBackupPreference = 'Y' lifts the preference for ${BACKUP_TYPE_NAMES[type]}`,
      ),
    );
  const notPreferred = because(
    'BACKUP_NOT_PREFERRED',
    `skipped: sys.fn_hadr_backup_is_preferred_replica('${database}') is not 1 on ${name} (AUTOMATED_BACKUP_PREFERENCE ${facts.config.automatedBackupPreference})`,
  );
  const notApplicable =
    options.overrideBackupPreference === true
      ? [
          because(
            'BACKUP_OVERRIDE_NOT_APPLICABLE',
            `@OverrideBackupPreference applies to copy-only full and regular log backups only, not to ${BACKUP_TYPE_NAMES[type]}`,
          ),
        ]
      : [];
  return verdict.reasons.some(isUnknown)
    ? { kind: 'open', unless: 'skip', reasons: verdict.reasons }
    : stop('skip', notPreferred, ...verdict.reasons, ...notApplicable);
};

/**
 * DatabaseBackup first compares @@SERVERNAME with SERVERPROPERTY('ServerName') and stops with an
 * error, before any backup, where they differ (S113). It compares them in the instance's
 * collation (issue #692): a case-only difference stops it on a case-sensitive instance only, and
 * the snapshot does not show the collation.
 */
const olaServerNameStep = (ctx: JobContext, at: ReplicaAt): Step | undefined => {
  const mismatch = serverNameMismatch(ctx.facts, at.name);
  if (mismatch === null) return undefined;
  return (
    at.steps.get('ola server name') ??
    remember(
      at.steps,
      'ola server name',
      mismatch === 'NAME'
        ? stop(
            'fail',
            because(
              'BACKUP_JOB_OLA_SERVERNAME_MISMATCH',
              `DatabaseBackup on ${at.name} stops with the error 'The @@SERVERNAME does not match SERVERPROPERTY(''ServerName'')' before any backup`,
            ),
          )
        : {
            kind: 'open',
            unless: 'fail',
            reasons: [
              backupUnknown(
                'BACKUP_JOB_OLA_SERVERNAME_CASE',
                `unknown: @@SERVERNAME and SERVERPROPERTY('ServerName') differ in case only on ${at.name}; DatabaseBackup stops with an error there if the instance's collation is case-sensitive, which the snapshot does not show`,
                [`SERVERPROPERTY('Collation') on ${at.name}`],
              ),
            ],
          },
    )
  );
};

/**
 * Ola Hallengren's DatabaseBackup (peers.md §2.4): skip a role other than PRIMARY or SECONDARY
 * (rule 1); a type a secondary cannot take runs on the primary only (rule 3); a type it can take
 * runs only where the function answers 1 (rule 4); then BACKUP, which SQL Server may refuse.
 */
export const olaHallengren = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
  const { facts, database } = ctx;
  const { name, role } = at;
  if (at.down) return run([downStep(at)]);
  const names = olaServerNameStep(ctx, at);
  if (role === 'RESOLVING')
    return run([
      names,
      stop(
        'skip',
        because(
          'BACKUP_REPLICA_RESOLVING',
          `${name} is RESOLVING: DatabaseBackup skips a database whose replica is neither PRIMARY nor SECONDARY`,
        ),
      ),
    ]);
  const onSecondary = backupTypeOnSecondary(facts.config, type);
  const steps: readonly (Step | undefined)[] =
    role === 'PRIMARY'
      ? [
          names,
          notOnlineStep(ctx, at, 'OLA_HALLENGREN'),
          onSecondary.allowed
            ? olaPreferenceStep(ctx, type, at)
            : pass(
                because(
                  'BACKUP_TYPE_PRIMARY_ONLY',
                  `${BACKUP_TYPE_NAMES[type]} cannot run on a secondary of this group, so DatabaseBackup runs it on the primary ${name} whatever the backup preference`,
                ),
                onSecondary.reason,
              ),
          primaryNotOnline(ctx, at),
        ]
      : [
          names,
          notOnlineStep(ctx, at, 'OLA_HALLENGREN'),
          onSecondary.allowed
            ? typeAllowed(at, type, onSecondary.reason)
            : stop(
                'skip',
                because(
                  'BACKUP_JOB_OLA_SKIPS',
                  `DatabaseBackup on the secondary ${name} skips ${database}: ${BACKUP_TYPE_NAMES[type]} runs on the primary only`,
                ),
                onSecondary.reason,
              ),
          olaPreferenceStep(ctx, type, at),
          backupOnSecondary(ctx, at),
          redoBehindStep(ctx, type, at),
        ];
  // The job's first step passes; its reason is a ground, kept only when the job takes the backup.
  return steps.every(passes)
    ? run([
        pass(
          because(
            'BACKUP_JOB_OLA_TAKES',
            `DatabaseBackup on ${name} takes ${BACKUP_TYPE_NAMES[type]} of ${database}`,
          ),
        ),
        ...steps,
      ])
    : run(steps);
};
