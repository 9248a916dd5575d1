import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import { BUILD_SETTLED_BY, BUILDS, describeBuild } from '../validation/builds.js';
import { describeRelease } from '../validation/limits.js';
import { backupUnknown } from './codes.js';

/** A replica as the preference weighs it. */
export interface TieEntrant {
  readonly name: string;
  readonly priority: number;
  readonly role: 'PRIMARY' | 'SECONDARY';
}

/**
 * Under AUTOMATED_BACKUP_PREFERENCE = NONE the primary can tie at the top BACKUP_PRIORITY with
 * secondaries. KB4480650 (S12) says only that before it the function returned 1 on "more than one
 * secondary replica" with identical priorities; Ola Hallengren's issue #24 (S54), SQL Server 2016,
 * Any Replica, "left the backup priority at the default 50 on all three nodes", saw the opposite:
 * "it skips all databases in the AG", until "I change the backup priority so they are not equal".
 * What a build without the fix answers on each tied replica is therefore not known: the replicas
 * so tied, on such a build or one that may be (`tieFixed` false or 'unknown'); none otherwise.
 */
export const tiedWithPrimaryBeforeFix = (
  config: Config,
  known: readonly TieEntrant[],
  tieFixed: boolean | 'unknown',
): readonly TieEntrant[] => {
  if (config.automatedBackupPreference !== 'NONE' || tieFixed === true) return [];
  const top = Math.max(...known.map((e) => e.priority));
  const tied = known.filter((e) => e.priority === top);
  return tied.length > 1 && tied.some((e) => e.role === 'PRIMARY') ? tied : [];
};

export const tieWithPrimaryReason = (
  config: Config,
  name: string,
  tied: readonly TieEntrant[],
  tieFixed: boolean | 'unknown',
): Reason => {
  const others = tied.filter((e) => e.name !== name).map((e) => e.name);
  const primary = tied.find((e) => e.role === 'PRIMARY')?.name ?? '';
  const fix = `KB4480650 (${describeBuild(BUILDS.SQL2016_SP2_CU5)}, ${describeBuild(BUILDS.SQL2017_CU14)})`;
  const build =
    tieFixed === 'unknown'
      ? `only the major version (${config.version}) is known: from ${fix} the tie has one winner, the lowest name (hypothesis H1), and before it`
      : `${describeRelease(config)} predates ${fix}, and before it`;
  return backupUnknown(
    'BACKUP_TIE_WITH_PRIMARY_BEFORE_FIX',
    `${name} ties with ${others.join(', ')} at BACKUP_PRIORITY ${tied[0]?.priority ?? 0} under AUTOMATED_BACKUP_PREFERENCE NONE, the primary ${primary} among them; ${build} what the function answers on each tied replica is not documented: KB4480650 has it return 1 on more than one secondary, while on three SQL Server 2016 replicas all at 50 the log backups did not run ("The job runs, but it skips all databases in the AG", Ola Hallengren's issue #24); agstate does not prefer ${name} on a guess`,
    [
      `sys.fn_hadr_backup_is_preferred_replica (the database's name) on ${name}`,
      ...(tieFixed === 'unknown' ? BUILD_SETTLED_BY : []),
    ],
  );
};
