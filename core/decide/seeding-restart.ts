import type { ClusterFacts, DatabaseReplicaFacts, SeedingAttemptSeen } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { replicaConfig, sameName } from '../rules/facts-access.js';
import { behindPrimaryVersion, type UpgradedSecondary } from '../rules/mixed-versions.js';
import { mayBeRetriedByServer, serverRetryUnknown } from '../seeding/retry.js';
import { SEEDING_REASONS } from '../seeding/seeding.js';
import { errorCodeText, failureStateText, isFailedAttempt } from '../seeding/seen.js';
import type { RecommendedAction } from './recommended-action.js';

const RESTART = source(
  'S19',
  'Enable automatic seeding on an existing availability group: "This will force a database to restart seeding if needed"',
);

export const NEWER_BACKUP = source(
  'S266',
  'Limitations and restrictions: "Backups that are created by more recent version of SQL Server cannot be restored in earlier versions of SQL Server"',
);

/** The attempt's failure as the row gives it: failure_state and failure_state_desc, and when. */
export const failedAttemptText = (a: SeedingAttemptSeen): string =>
  `${a.currentState ?? 'FAILED'}: ${failureStateText(a.failureState, a.failureStateDesc)}${errorCodeText(a)}${a.completionTime === null ? '' : `, completed ${a.completionTime}`}${a.numberOfAttempts === null ? '' : `, number_of_attempts ${a.numberOfAttempts}`}`;

/**
 * A copy whose last automatic seeding attempt the snapshot shows FAILED and that is not joined:
 * SEEDING_MODE = AUTOMATIC, run on the primary, restarts it ('Automatically initialize Always On
 * availability group' (S19): "This will force a database to restart seeding if needed. For
 * example, if seeding fails because of insufficient disk space on the secondary replica, the you
 * can run ALTER AVAILABILITY GROUP ... WITH (SEEDING_MODE=AUTOMATIC) to restart seeding after you
 * have added free space"). The failure_state_desc says what to remove first (SEED001: "If the
 * value is FAILED, use the value in failure_state_desc to help in diagnosing the problem").
 * Whether SQL Server restarts it by itself (Msg 19494) or waits for this statement (Msg 19495,
 * S66) the row does not say: the action carries SEEDING_RETRY_BY_SERVER_UNKNOWN.
 */
export const restartFailedSeedings = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null || facts.config.version < 2016) return [];
  return facts.config.replicas.flatMap((r): RecommendedAction[] => {
    if (sameName(r.name, primary) || replicaConfig(facts, r.name)?.seedingMode !== 'AUTOMATIC')
      return [];
    const failed = facts.databaseReplicas.filter(
      (d) =>
        sameName(d.replica, r.name) && d.isJoined !== true && isFailedAttempt(d.seeding?.attempt),
    );
    if (failed.length === 0) return [];
    return [
      {
        event: { type: 'replica.setSeedingMode', replica: r.name, mode: 'AUTOMATIC' },
        why: failed.flatMap((d) =>
          whyRestart(d, r.name, primary, facts.config.name, behindPrimaryVersion(facts, r.name)),
        ),
      },
    ];
  });
};

/**
 * A secondary still on an earlier major version than the primary during a rolling upgrade (both
 * versions known from merged snapshots): the seeding streams a backup of the primary's database,
 * restored on the secondary (SEED001: "stream the backup using VDI to the secondary replica"), and
 * a backup of a later version cannot be restored there (S266), so no seeding, restarted or first
 * granted, succeeds until that instance is upgraded. A published error log of a seeding from SQL
 * Server 2022 to an instance of an earlier database version (S267): "That version is
 * incompatible with this server ... RESTORE DATABASE is terminating abnormally ... Reason = 215
 * [Seeding]".
 */
export const seedingBeforeUpgrade = (
  databases: string,
  replica: string,
  primary: string,
  older: UpgradedSecondary,
): string =>
  `${replica} runs SQL Server ${older.version} while the primary ${primary} runs ${older.primaryVersion}: automatic seeding restores a backup of the primary's ${databases} on ${replica}, and "Backups that are created by more recent version of SQL Server cannot be restored in earlier versions of SQL Server"`;

const restartReason = (
  d: DatabaseReplicaFacts,
  replica: string,
  primary: string,
  older: UpgradedSecondary | null,
): Reason => {
  const seen = `the last automatic seeding of ${d.database} to ${replica} shown in sys.dm_hadr_automatic_seeding is ${failedAttemptText(d.seeding!.attempt!)}`;
  return older === null
    ? reason(
        'SEEDING_FAILED_RESTART',
        `${seen}: run on the primary ${primary}, SEEDING_MODE = AUTOMATIC for ${replica} restarts it ("This will force a database to restart seeding if needed"), once the cause that failure_state_desc and the SQL Server Log name is removed, or it fails again`,
        RESTART,
      )
    : reason(
        'SEEDING_RESTART_AFTER_UPGRADE',
        `${seen}; ${seedingBeforeUpgrade(d.database, replica, primary, older)}, so restarting it now fails again; upgrade ${replica}'s instance to SQL Server ${older.primaryVersion} first, then run SEEDING_MODE = AUTOMATIC for ${replica} on the primary`,
        NEWER_BACKUP,
      );
};

const whyRestart = (
  d: DatabaseReplicaFacts,
  replica: string,
  primary: string,
  group: string,
  older: UpgradedSecondary | null,
): Reason[] => {
  const a = d.seeding!.attempt!;
  const left = a.performedSeeding === true || (a.failureState ?? 0) % 100 === 23;
  return [
    restartReason(d, replica, primary, older),
    ...(left
      ? [
          unknownReason(
            'SEEDING_RETRY_DATABASE_MAY_EXIST',
            `${a.performedSeeding === true ? `the failed attempt had begun streaming (performed_seeding 1)` : `the attempt failed because a database named ${d.database} already exists there`}: if a partly seeded ${d.database} is still on ${replica}, the restart fails with failure_state 23 (Database With Name Already Exists); drop it with its data and log files first ("If automatic seeding fails, remember to drop the unsuccessfully seeded database on the secondary replica")`,
            SEEDING_REASONS.SEEDING_FAILED_DATABASE_MAY_REMAIN,
            [`sys.databases on ${replica} (a row for ${d.database})`],
          ),
        ]
      : []),
    // S66: SQL Server may start it again itself (Msg 19494); the row does not say.
    ...(mayBeRetriedByServer(a.failureState)
      ? [serverRetryUnknown(group, d.database, replica, primary)]
      : []),
  ];
};
