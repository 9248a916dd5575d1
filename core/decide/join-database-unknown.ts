import type { ClusterFacts } from '../model/facts.js';
import { source, unknownReason } from '../model/source.js';
import { isReplicaUp, replicaConfig, replicaFacts, sameName } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

const PREREQUISITES = source('S50', 'SET HADR AVAILABILITY GROUP = group_name: prerequisites');

/**
 * A secondary database in the group but shown not joined (is_database_joined 0) on a secondary
 * seeded by hand, in a snapshot, which holds neither the copy's restores nor the primary's log
 * backups. The policy 'Secondary database is not joined' (S115's row): "The configuration of this
 * secondary database is incomplete", its solution to join it; S115: "you need to join the
 * database to the availability group as soon as possible". SQL Server takes the join only where
 * "The secondary database must have been restored using WITH NORECOVERY from recent database and
 * log backups of the primary database" (S50; Msg 1412, 1478 otherwise), which no view shows: the
 * join is offered as unknown, naming what settles it. dataplat/dbatools#7487 waited on such a copy
 * ("IsJoined is False, SynchronizationState is NotSynchronizing") until #7488 made the tool join
 * it. A simulated cluster knows the log and is judged by JOIN_PREPARED_DATABASE alone. A secondary
 * that cannot take the join now (not joined itself, stopped, DISCONNECTED: Msg 35250, RESOLVING,
 * configuration-only) gets none; automatic seeding joins its copies by itself.
 */
export const joinDatabaseUnknown = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null || facts.logs !== undefined) return [];
  const primaryOnline = replicaFacts(facts, primary)?.operationalState;
  if (primaryOnline !== null && primaryOnline !== undefined && primaryOnline !== 'ONLINE')
    return [];
  return facts.databaseReplicas.flatMap((row): RecommendedAction[] => {
    if (row.isJoined !== false || row.isSeeding === true || sameName(row.replica, primary))
      return [];
    const replica = replicaFacts(facts, row.replica);
    if (replica === undefined || replica.isJoined === false || isReplicaUp(replica) === false)
      return [];
    if (replica.connectedState === 'DISCONNECTED' || replica.role === 'RESOLVING') return [];
    const spec = replicaConfig(facts, row.replica);
    if (spec?.seedingMode === 'AUTOMATIC' || spec?.availabilityMode === 'CONFIGURATION_ONLY')
      return [];
    const onPrimary = facts.databaseReplicas.find(
      (d) => sameName(d.replica, primary) && d.database === row.database,
    );
    const primaryState = onPrimary?.databaseState ?? null;
    if (primaryState !== null && primaryState !== 'ONLINE') return [];
    const connected = replica.connectedState === 'CONNECTED';
    const unseen = [
      ...(connected ? [] : [`whether ${row.replica} is connected to the primary`]),
      ...(primaryOnline === 'ONLINE' ? [] : [`whether the primary ${primary} is online`]),
      ...(primaryState === null ? [`whether ${row.database} is ONLINE on ${primary}`] : []),
    ];
    return [
      {
        event: { type: 'db.join', replica: row.replica, database: row.database },
        why: [
          unknownReason(
            'JOIN_DATABASE_UNKNOWN',
            `${row.database} is in ${facts.config.name} but not joined on ${row.replica} (is_database_joined 0): "The configuration of this secondary database is incomplete", and joining it starts data movement; SQL Server takes the join only where a copy of ${row.database} restored WITH NORECOVERY is on ${row.replica}, "ending with a log backup that is recent enough to permit the secondary database to catch up" (otherwise restore a full backup and the log backups after it there first; Msg 1412 or 1478), which this snapshot does not show${unseen.length > 0 ? `, nor ${unseen.join(', nor ')}` : ''}`,
            PREREQUISITES,
            [
              `sys.databases.state_desc of ${row.database} on ${row.replica} (RESTORING)`,
              `msdb.dbo.restorehistory on ${row.replica} against msdb.dbo.backupset on ${primary} (the last log backup restored, and the log backups taken since)`,
              ...(connected
                ? []
                : [
                    `sys.dm_hadr_availability_replica_states.connected_state_desc of ${row.replica} (CONNECTED)`,
                  ]),
              ...(primaryOnline === 'ONLINE'
                ? []
                : [
                    `sys.dm_hadr_availability_replica_states.operational_state_desc of ${primary} (ONLINE, in a snapshot taken there)`,
                  ]),
              ...(primaryState === null
                ? [
                    `sys.dm_hadr_database_replica_states.database_state_desc of ${row.database} in ${primary}'s row (ONLINE)`,
                  ]
                : []),
            ],
          ),
        ],
      },
    ];
  });
};
