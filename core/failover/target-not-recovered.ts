import type { DatabaseState } from '../model/enums.js';
import type { DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';

const NOT_RECOVERED = source(
  'S102',
  'More information: after the failover the database "is still in the Recovery Pending state"',
);

/** The copy states "Database states" (S80) calls unavailable until the user acts. */
export const isNotRecoveredState = (state: DatabaseState | null | undefined): boolean =>
  state === 'RECOVERY_PENDING' || state === 'SUSPECT';

/** What settles it, the same for every database of one target (a fleet folds them by code). */
export const notRecoveredSettledBy = (target: string): readonly string[] => [
  `the SQL Server error log on ${target}: the error that left the database in that state`,
  `sys.databases.state_desc on ${target} once that cause is cleared`,
];

/**
 * A forced failover onto a replica whose copy of a group database is RECOVERY_PENDING or SUSPECT:
 * "The database is unavailable. Additional action by the user is required" (S80), and a role
 * change does not recover it: KB2857849 (S102) fails a Recovery Pending primary over and its copy,
 * now secondary, "is still in the Recovery Pending state" (Msg 921). No document says whether
 * the copy comes online when its replica takes the primary role, nor whether a RESOLVING
 * replica's copy shows the state only for want of a role (a forum account after forced quorum:
 * "resolving status and all the DBs were in 'Not synchronizing, Recovery pending' mode"), so it
 * is unknown, one reason per database; the verdict is unchanged.
 */
export const targetCopiesNotRecovered = (
  target: string,
  databases: readonly string[],
  rows: readonly (DatabaseReplicaFacts | undefined)[],
): readonly Reason[] =>
  databases.flatMap((db, i) => {
    const row = rows[i];
    if (row === undefined || row.isJoined === false || !isNotRecoveredState(row.databaseState))
      return [];
    return [
      unknownReason(
        'TARGET_DATABASE_NOT_RECOVERED',
        `${db} is ${row.databaseState} on ${target} ("The database is unavailable. Additional action by the user is required"): a failover away from the primary role leaves such a copy in that state, and no document says whether taking the primary role brings it online, so whether ${db} is available on ${target} after this failover is unknown`,
        NOT_RECOVERED,
        notRecoveredSettledBy(target),
      ),
    ];
  });
