import { backupDecision } from '../backup/backup.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts, primaryConfig, replicaConfig } from '../rules/facts-access.js';
import { type LifecycleReasonCode, lifecycleReason } from './codes.js';

const when = (condition: boolean, code: LifecycleReasonCode, message: string): Reason[] =>
  condition ? [lifecycleReason(code, message)] : [];

/**
 * Whether a log-shipping secondary of `database` on `secondary` can be migrated into the group
 * (SEED000): same name, on a replica's instance, and while preparing, backups preferred on the
 * primary with a priority above 0, so that the log-shipping backup job, which consults the backup
 * preference, keeps running there. Every reason, blocking or not.
 */
export const logShippingMigration = (
  facts: ClusterFacts,
  database: string,
  secondary: string,
): { readonly ready: boolean; readonly reasons: readonly Reason[] } => {
  const replica = replicaConfig(facts, secondary);
  const primary = primaryConfig(facts);
  const row = databaseReplicaFacts(facts, secondary, database);
  const preference = facts.config.automatedBackupPreference;
  const blocking: Reason[] = [
    ...when(
      replica === undefined,
      'LOG_SHIPPING_NOT_A_REPLICA',
      `${secondary} hosts no replica of ${facts.config.name}`,
    ),
    ...when(
      replica !== undefined && row?.databaseState !== 'RESTORING',
      'LOG_SHIPPING_SECONDARY_RESTORING',
      `${secondary} has no RESTORING database named ${database}: the log-shipping secondary must keep the primary database's name`,
    ),
    ...when(
      preference !== 'PRIMARY',
      'LOG_SHIPPING_PREFERENCE_NOT_PRIMARY',
      `AUTOMATED_BACKUP_PREFERENCE is ${preference}: set PRIMARY while log-shipping secondaries are migrated, or the log-shipping backup job skips the primary`,
    ),
    ...when(
      primary !== undefined && primary.backupPriority === 0,
      'LOG_SHIPPING_PRIMARY_PRIORITY_ZERO',
      `the primary ${primary?.name} has BACKUP_PRIORITY 0 and is never a backup candidate`,
    ),
  ];
  const job = primary === undefined ? null : backupDecision(facts, database, 'LOG', primary.name);
  const jobReasons =
    job === null
      ? []
      : job.action === 'skip'
        ? [
            lifecycleReason(
              'LOG_SHIPPING_BACKUP_JOB_SKIPS',
              `a backup job on the primary ${primary?.name} would skip the log backup of ${database}, breaking the log-shipping chain`,
            ),
            ...job.reasons,
          ]
        : job.reasons;
  const granted = [
    ...when(
      blocking.length === 0,
      'LOG_SHIPPING_PREFERENCE_PRIMARY',
      `backups of ${database} are preferred on the primary ${primary?.name ?? ''}: the log-shipping backup job keeps running there while ${secondary} is prepared`,
    ),
    lifecycleReason(
      'LOG_SHIPPING_AFTERWARDS',
      'disable the log-shipping backup job once it ran on the primary and the restore job once it ran on the secondary; re-configure the backup preference after every secondary database joined',
    ),
  ];
  // A job that might skip (the facts cannot say) leaves the chain unsure: not ready either.
  const skips = job !== null && job.action !== 'run';
  return {
    ready: blocking.length === 0 && !skips,
    reasons: [...blocking, ...jobReasons, ...granted],
  };
};
