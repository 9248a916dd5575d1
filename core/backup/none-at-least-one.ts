import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { replicaStanding } from '../rules/replica-availability.js';
import { backupUnknown } from './codes.js';

/**
 * Under AUTOMATED_BACKUP_PREFERENCE NONE, the replicas shown online (and connected) that only
 * BACKUP_PRIORITY 0 keeps out; under SECONDARY, the primary at 0 when it is the only one online. Where no replica is a candidate and these exist, the documentation
 * says both that priority 0 is "never chosen" and that the function "always returns 1 for at
 * least one of the replicas, even when AUTOMATED_BACKUP_PREFERENCE = NONE" (S3, S4): which one
 * holds is unknown, so "no replica is preferred" is not answered.
 */
export const onlineOnlyAtPriorityZero = (facts: ClusterFacts): readonly string[] => {
  const preference = facts.config.automatedBackupPreference;
  if (preference !== 'NONE' && preference !== 'SECONDARY') return [];
  const online = facts.config.replicas.filter((r) => {
    if (r.availabilityMode === 'CONFIGURATION_ONLY') return false;
    const standing = replicaStanding(facts, r.name);
    return (
      (standing.role === 'PRIMARY' || standing.role === 'SECONDARY') &&
      standing.shortfalls.length === 0 &&
      standing.unknowns.length === 0
    );
  });
  if (preference === 'NONE') return online.filter((r) => r.backupPriority === 0).map((r) => r.name);
  // SECONDARY: "except when the primary replica is the only replica online. In that case, the
  // backup should occur on the primary replica" (S3), against priority 0's "never chosen".
  const [only] = online;
  return online.length === 1 &&
    only !== undefined &&
    only.backupPriority === 0 &&
    replicaStanding(facts, only.name).role === 'PRIMARY'
    ? [only.name]
    : [];
};

export const atLeastOneUnderNone = (
  facts: ClusterFacts,
  database: string,
  replica: string,
  zeroes: readonly string[],
): Reason =>
  facts.config.automatedBackupPreference === 'SECONDARY'
    ? backupUnknown(
        'BACKUP_PREFERENCE_SECONDARY_ONLY_PRIMARY_AT_ZERO',
        `AUTOMATED_BACKUP_PREFERENCE is SECONDARY and the primary ${replica}, at BACKUP_PRIORITY 0, is the only replica online: the documentation says that backups then "should occur on the primary replica", and also that priority 0 means a replica is "never chosen for performing backups"; whether sys.fn_hadr_backup_is_preferred_replica returns 1 for ${database} on ${replica} is unknown`,
        [`sys.fn_hadr_backup_is_preferred_replica('${database}') run on ${replica}`],
      )
    : backupUnknown(
        'BACKUP_PREFERENCE_NONE_AT_LEAST_ONE',
        `AUTOMATED_BACKUP_PREFERENCE is NONE and every replica online is at BACKUP_PRIORITY 0 (${zeroes.join(', ')}): the documentation says that priority 0 means a replica is "never chosen for performing backups", and also that sys.fn_hadr_backup_is_preferred_replica "always returns 1 for at least one of the replicas, even when AUTOMATED_BACKUP_PREFERENCE = NONE"; whether it returns 1 for ${database} on ${replica} is unknown`,
        [`sys.fn_hadr_backup_is_preferred_replica('${database}') run on ${replica}`],
      );
