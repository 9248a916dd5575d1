import type { ClusterFacts } from '../model/facts.js';
import { source, unknownReason } from '../model/source.js';
import { isReplicaUp, replicaConfig, sameName } from '../rules/facts-access.js';
import { seedingPermissionMessage } from '../seeding/seeding.js';
import type { RecommendedAction } from './recommended-action.js';

const GRANT = source(
  'SEED001',
  'Grant create database permission on secondary replica to availability group',
);

/**
 * A secondary with SEEDING_MODE AUTOMATIC whose copy of a group database is shown not joined
 * (is_database_joined 0), where the input does not say whether the group may create databases
 * there (a DMV snapshot: no view shows the grant). 'Use automatic seeding to initialize a secondary
 * replica' (SEED001): "In order for automatic seeding to work, the availability group needs
 * permission to create a database"; without it the secondary logs the message below and no copy is
 * created. dataplat/dbatools#7775 (fixed by #7776, "Fix missing grants for automatic seeding") met
 * exactly this: "IsJoined is False, SynchronizationState is NotSynchronizing, waiting for
 * Synchronized". The same rows show a seeding still running or one that failed, so the GRANT is
 * offered as unknown, naming what settles it. A simulated cluster knows the grant and is judged by
 * GRANT_FOR_SEEDING alone.
 */
export const grantForSeedingUnknown = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null || facts.config.version < 2016) return [];
  return facts.replicas.flatMap((f): RecommendedAction[] => {
    if (f.canCreateDatabase !== null || sameName(f.name, primary)) return [];
    if (replicaConfig(facts, f.name)?.seedingMode !== 'AUTOMATIC') return [];
    // JOIN comes first (the grant is run on a joined replica), and a stopped instance takes none.
    if (f.isJoined === false || isReplicaUp(f) === false) return [];
    const waiting = facts.databaseReplicas
      .filter((d) => sameName(d.replica, f.name) && d.isJoined === false && d.isSeeding !== true)
      .map((d) => d.database);
    if (waiting.length === 0) return [];
    const copies = waiting.join(', ');
    return [
      {
        event: { type: 'replica.grantCreateDatabase', replica: f.name },
        why: [
          unknownReason(
            'GRANT_FOR_SEEDING_UNKNOWN',
            `${f.name} has SEEDING_MODE AUTOMATIC and its copy of ${copies} is not joined: automatic seeding creates it there only once the group may create databases on ${f.name} ("In order for automatic seeding to work, the availability group needs permission to create a database"), which no view of this snapshot shows; the same rows show a seeding still running, or one that failed`,
            GRANT,
            [
              `${f.name}'s SQL Server Log: "${seedingPermissionMessage(facts.config.name)}"`,
              `sys.dm_hadr_automatic_seeding on the primary ${primary} (current_state and failure_state_desc of ${copies} to ${f.name})`,
              `sys.dm_hadr_physical_seeding_stats on ${primary} (a running stream of ${copies})`,
            ],
          ),
        ],
      },
    ];
  });
};
