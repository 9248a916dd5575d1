import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason as r, unknownReason } from '../model/source.js';
import {
  isReplicaUp,
  primaryConfig,
  replicaFacts,
  replicaRowsByDatabase,
  sameName,
} from '../rules/facts-access.js';
import { FAILOVER_RULES } from './failover-rules.js';
import {
  clusterRecoveryUnknownBeforeForcing,
  primaryRunningUnknown,
  primaryUnseenBeforeForcing,
} from './primary-running-unknown.js';
import { readScaleSequenceNumberBehind } from './read-scale-checks.js';
import { targetCopiesNotRecovered } from './target-not-recovered.js';

/**
 * What qualifies a forced failover that is allowed, or would be where the input leaves it unknown:
 * whether it behaves as a planned one or loses data, whether the primary still runs (split brain),
 * and each database that cannot start, or may not, as a primary database (S44, S6).
 */
export const forcedNotes = (
  facts: ClusterFacts,
  target: string,
  plannedAllowed: boolean,
): readonly Reason[] => {
  const notes: Reason[] = [];
  if (plannedAllowed) {
    notes.push(
      r(
        'FORCED_BEHAVES_AS_PLANNED',
        `${target} is synchronized: a forced failover here behaves like a planned one, without data loss`,
        FAILOVER_RULES.matrix,
      ),
    );
  } else {
    notes.push(
      r(
        'POSSIBLE_DATA_LOSS',
        'a forced failover starts a new recovery fork: other secondaries are suspended and log the target lacks is lost',
        FAILOVER_RULES.forced,
      ),
    );
  }
  const primary = primaryConfig(facts);
  // A secondary's connected_state is its session with the primary (S6): CONNECTED on a secondary's
  // row, the target's or another's, shows the primary running as surely as its own row does.
  const connected =
    primary === undefined
      ? undefined
      : [target, ...facts.replicas.map((x) => x.name)].find(
          (name) =>
            !sameName(name, primary.name) &&
            replicaFacts(facts, name)?.connectedState === 'CONNECTED',
        );
  if (
    primary !== undefined &&
    (isReplicaUp(replicaFacts(facts, primary.name)) === true || connected !== undefined) &&
    !notes.some((n) => n.code === 'FORCED_BEHAVES_AS_PLANNED')
  ) {
    notes.push(
      r(
        'PRIMARY_STILL_RUNNING',
        `the primary ${primary.name} is still running${isReplicaUp(replicaFacts(facts, primary.name)) === true ? '' : ` (${connected} is CONNECTED to it)`}: forcing now risks two copies updated independently (split brain)`,
        FAILOVER_RULES.forced,
      ),
    );
  } else if (!notes.some((n) => n.code === 'FORCED_BEHAVES_AS_PLANNED'))
    // A primary named but not shown running, or no primary shown and none said to be absent.
    notes.push(
      ...(primary === undefined
        ? [
            ...primaryUnseenBeforeForcing(facts),
            ...clusterRecoveryUnknownBeforeForcing(facts, target),
          ]
        : primaryRunningUnknown(facts, target)),
    );
  notes.push(...readScaleSequenceNumberBehind(facts, target));
  const rows = replicaRowsByDatabase(facts, target);
  const { databases } = facts.config;
  for (let i = 0; i < databases.length; i++) {
    const db = databases[i]!;
    const row = rows[i];
    const state = row?.synchronizationState;
    // A joined copy whose state the snapshot leaves out may be one that cannot start (S44): say so.
    if (row !== undefined && row.isJoined !== false && state === null)
      notes.push(
        unknownReason(
          'DATABASE_START_UNKNOWN',
          `the synchronization state of ${db} on ${target} is not shown: whether it can start as a primary database is unknown (a REVERTING or INITIALIZING copy cannot, and needs a restore)`,
          FAILOVER_RULES.syncStates,
          ['sys.dm_hadr_database_replica_states.synchronization_state_desc'],
        ),
      );
    if (state === 'REVERTING' || state === 'INITIALIZING')
      notes.push(
        r(
          'DATABASE_CANNOT_COME_ONLINE',
          `${db} is ${state} on ${target}: it cannot start as a primary database and needs a restore`,
          FAILOVER_RULES.syncStates,
        ),
      );
  }
  notes.push(...targetCopiesNotRecovered(target, databases, rows));
  return notes;
};
