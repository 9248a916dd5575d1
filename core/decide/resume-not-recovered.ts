import type { DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, source, unknownReason } from '../model/source.js';

/** The copy states KB2857849 (S102) treats: the database has not been recovered there. */
export const NOT_RECOVERED: ReadonlySet<string> = new Set(['RECOVERY_PENDING', 'SUSPECT']);

/**
 * A RESUME offered for a secondary copy that is RECOVERY_PENDING or SUSPECT. "Database states"
 * (S80): such a database "is unavailable. Additional action by the user is required". KB2857849
 * (S102) shows ALTER DATABASE … SET HADR OFF refused on such a secondary copy with Msg 921 ("has not
 * been recovered yet") and resolves it by removing the replica, fixing the cause and adding the
 * replica back; it says nothing of SET HADR RESUME there, so whether the RESUME is accepted and moves
 * data again is unknown, not settled. The primary's own copy is not judged here: no RESUME is
 * offered while the primary's database is not online (S67).
 */
export const resumeCopyNotRecovered = (
  row: Pick<DatabaseReplicaFacts, 'replica' | 'database' | 'databaseState'>,
): readonly Reason[] => {
  const state = row.databaseState;
  if (state === null || state === undefined || !NOT_RECOVERED.has(state)) return [];
  return [
    unknownReason(
      'RESUME_COPY_NOT_RECOVERED',
      `${row.database} is ${state} on ${row.replica}: that copy has not been recovered ("The database is unavailable. Additional action by the user is required"). On such a secondary copy ALTER DATABASE … SET HADR OFF is refused with Msg 921 "Database ${row.database} has not been recovered yet. Wait and try again", and the documented resolution is to remove ${row.replica} from the group on the primary (ALTER AVAILABILITY GROUP … REMOVE REPLICA ON '${row.replica}'), resolve what made the database fail there, and add the replica back; whether this RESUME is accepted and moves data again is unknown until that cause is found and cleared`,
      source(
        'S102',
        'More information: Msg 921 at the secondary replica; Resolution when the database is in the secondary role',
      ),
      [
        `${row.replica}'s error log (the error that left ${row.database} ${state}: a missing or inaccessible file, no disk space, a failed recovery)`,
        `sys.databases.state_desc of ${row.database} on ${row.replica} once that cause is cleared`,
      ],
    ),
  ];
};
