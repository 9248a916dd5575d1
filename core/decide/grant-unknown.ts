import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { reason, source, unknownReason } from '../model/source.js';
import { isReplicaUp, replicaConfig, sameName } from '../rules/facts-access.js';
import { behindPrimaryVersion } from '../rules/mixed-versions.js';
import { seedingPermissionMessage } from '../seeding/seeding.js';
import { failureStateText } from '../seeding/seen.js';
import type { RecommendedAction } from './recommended-action.js';
import { NEWER_BACKUP, seedingBeforeUpgrade } from './seeding-restart.js';

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
    const waiting = facts.databaseReplicas.filter(
      (d) =>
        sameName(d.replica, f.name) &&
        d.isJoined === false &&
        d.isSeeding !== true &&
        !grantShownBySeeding(d.seeding),
    );
    if (waiting.length === 0) return [];
    const copies = waiting.map((d) => d.database).join(', ');
    const seen = waiting.flatMap((d) => seenWithoutGrant(d));
    const unread = (view: 'automaticSeedingRead' | 'physicalSeedingStatsRead') =>
      waiting.some((d) => d.seeding?.[view] !== true);
    // During a rolling upgrade the grant alone does not make the seeding succeed (S266).
    const older = behindPrimaryVersion(facts, f.name);
    return [
      {
        event: { type: 'replica.grantCreateDatabase', replica: f.name },
        why: [
          unknownReason(
            'GRANT_FOR_SEEDING_UNKNOWN',
            `${f.name} has SEEDING_MODE AUTOMATIC and its copy of ${copies} is not joined: automatic seeding creates it there only once the group may create databases on ${f.name} ("In order for automatic seeding to work, the availability group needs permission to create a database"), which no view of this snapshot shows; ${seen.length > 0 ? `${seen.join('; ')}, which does not say whether the grant was given` : 'the same rows show a seeding still running, or one that failed'}`,
            GRANT,
            [
              `${f.name}'s SQL Server Log: "${seedingPermissionMessage(facts.config.name)}"`,
              ...(unread('automaticSeedingRead')
                ? [
                    `sys.dm_hadr_automatic_seeding on the primary ${primary} (current_state and failure_state_desc of ${copies} to ${f.name})`,
                  ]
                : []),
              ...(unread('physicalSeedingStatsRead')
                ? [
                    `sys.dm_hadr_physical_seeding_stats on ${primary} (a running stream of ${copies})`,
                  ]
                : []),
            ],
          ),
          ...(older === null
            ? []
            : [
                reason(
                  'SEEDING_AFTER_UPGRADE',
                  `granted or not, ${seedingBeforeUpgrade(copies, f.name, primary, older)}, so the seeding fails there until ${f.name}'s instance is upgraded to SQL Server ${older.primaryVersion}`,
                  NEWER_BACKUP,
                ),
              ]),
        ],
      },
    ];
  });
};

/**
 * The seeding views settle that the group could create the database there: an attempt COMPLETED
 * or still running, streaming begun (performed_seeding, "Database streaming for seeding is
 * initialized", S20), or a stream row (S21) all come after the secondary accepted the database.
 * A FAILED attempt does not: the secondary's message is the only sign of a missing grant (SEED001).
 */
const grantShownBySeeding = (s: DatabaseReplicaFacts['seeding']): boolean =>
  s !== undefined &&
  (s.attempt?.anyCompleted === true ||
    s.attempt?.ongoing === true ||
    s.attempt?.performedSeeding === true ||
    s.stream !== null);

/** What the read views show of a copy the grant may be missing for. */
const seenWithoutGrant = (d: DatabaseReplicaFacts): readonly string[] => {
  const s = d.seeding;
  if (s === undefined || !s.automaticSeedingRead) return [];
  const a = s.attempt;
  if (a === null) return [`sys.dm_hadr_automatic_seeding shows no attempt for ${d.database}`];
  return [
    `sys.dm_hadr_automatic_seeding shows the last attempt for ${d.database} ${a.currentState ?? 'with current_state NULL'}${a.failureState === null && a.failureStateDesc === null ? '' : `, ${failureStateText(a.failureState, a.failureStateDesc)}`}`,
  ];
};
