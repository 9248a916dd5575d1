import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { sameNameAs } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';
import { NOT_RECOVERED } from './resume-not-recovered.js';

const RESOLUTION = source(
  'S102',
  'Resolution when the database is in the secondary role: remove the replica, resolve the issues, restore the replica to the group',
);

/**
 * A secondary whose joined copy of a group database is RECOVERY_PENDING or SUSPECT: it can be
 * neither dropped nor restored while joined (Msg 3752, 3104), ALTER DATABASE … SET HADR OFF there
 * fails with Msg 921 while RECOVERY_PENDING, and KB2857849's resolution for the secondary role is "Remove
 * from the availability group the replica that's hosting the damaged database ... Resolve any
 * issues ... Restore the replica to the availability group" (S102). One action per replica, on the
 * primary, naming each damaged copy and what the removal stops besides.
 */
export const removeDamagedReplicas = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const isPrimary = sameNameAs(primary);
  const damaged = new Map<string, string[]>();
  for (const row of facts.databaseReplicas) {
    const state = row.databaseState;
    if (isPrimary(row.replica) || row.isJoined === false) continue;
    if (state === null || state === undefined || !NOT_RECOVERED.has(state)) continue;
    damaged.set(row.replica, [...(damaged.get(row.replica) ?? []), `${row.database} (${state})`]);
  }
  return [...damaged].map(([replica, copies]) => {
    const others = facts.config.databases.length - copies.length;
    return {
      event: { type: 'replica.remove', replica },
      why: [
        reason(
          'REMOVE_REPLICA_DAMAGED_COPY',
          `${copies.join(', ')} on the secondary ${replica} ${copies.length === 1 ? 'has' : 'have'} not been recovered, and a joined database can be neither dropped nor restored there (Msg 3752, 3104)${copies.some((c) => c.endsWith('(RECOVERY_PENDING)')) ? ', nor taken out of the group while RECOVERY_PENDING (ALTER DATABASE … SET HADR OFF fails with Msg 921, "has not been recovered yet")' : ''}; the documented resolution is to remove ${replica} from ${facts.config.name} on the primary ${primary}, resolve what made the database fail there (the error log of ${replica}: a missing file, a full disk, a failed recovery), then add the replica back (ADD REPLICA on the primary, JOIN on ${replica}, its databases restored and joined again)${others > 0 ? `; meanwhile ${replica} keeps no copy of the group's ${others} other database${others === 1 ? '' : 's'} either` : ''}`,
          RESOLUTION,
        ),
      ],
    };
  });
};
