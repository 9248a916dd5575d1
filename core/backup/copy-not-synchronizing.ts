import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts } from '../rules/facts-access.js';
import { roleOf } from '../rules/replica-availability.js';
import { backupUnknown } from './codes.js';

/**
 * A secondary whose copy of a database is known to be neither SYNCHRONIZED nor SYNCHRONIZING (or
 * not joined): SQL Server backs it up nowhere there (S10), but whether
 * sys.fn_hadr_backup_is_preferred_replica passes over it is not documented (hypothesis H2).
 */
export interface CopyNotSynchronizing {
  readonly replica: string;
  readonly state: string;
}

export const copiesNotSynchronizing = (
  facts: ClusterFacts,
  database: string,
): readonly CopyNotSynchronizing[] =>
  facts.config.replicas.flatMap((r): readonly CopyNotSynchronizing[] => {
    if (roleOf(facts, r.name) !== 'SECONDARY') return [];
    const row = databaseReplicaFacts(facts, r.name, database);
    if (row === undefined) return [];
    if (row.isJoined === false) return [{ replica: r.name, state: 'not joined' }];
    const state = row.synchronizationState ?? null;
    return state === null || state === 'SYNCHRONIZED' || state === 'SYNCHRONIZING'
      ? []
      : [{ replica: r.name, state }];
  });

/** Key of a set of replica names, for the evaluations kept per facts. */
export const namesKey = (copies: readonly CopyNotSynchronizing[]): string =>
  copies
    .map((c) => c.replica)
    .sort()
    .join('\n');

const listOrNone = (names: readonly string[]): string =>
  names.length === 0 ? 'no replica' : names.join(', ');

/**
 * The verdict of a replica whose answer differs as the function passes over those copies or not:
 * unknown, naming both outcomes and what settles it.
 */
export const copyStateUndecided = (
  database: string,
  replica: string,
  copies: readonly CopyNotSynchronizing[],
  ifCounted: readonly string[],
  ifPassedOver: readonly string[],
): Reason => {
  const described = copies.map((c) => `${c.replica}: ${c.state}`).join('; ');
  const failing = ifCounted.filter((w) => copies.some((c) => c.replica === w));
  return backupUnknown(
    'BACKUP_PREFERENCE_COPY_NOT_SYNCHRONIZING',
    `whether ${replica} is preferred for ${database} turns on whether sys.fn_hadr_backup_is_preferred_replica passes over a secondary whose copy is neither SYNCHRONIZED nor SYNCHRONIZING (${described}), which no documentation says: if it counts such a copy, ${listOrNone(ifCounted)} ${ifCounted.length > 1 ? 'are' : 'is'} preferred${failing.length > 0 ? ` and the backup fails on ${failing.join(', ')} (a secondary database must be SYNCHRONIZED or SYNCHRONIZING to be backed up), so no job that follows the preference backs up ${database}` : ''}; if it passes over it, ${listOrNone(ifPassedOver)} ${ifPassedOver.length > 1 ? 'are' : 'is'}; agstate does not answer on a guess`,
    [
      `sys.fn_hadr_backup_is_preferred_replica('${database}') run on ${replica}`,
      "sp_helptext 'sys.fn_hadr_backup_is_preferred_replica' (the function's text)",
    ],
  );
};
