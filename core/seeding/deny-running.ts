import type { Observation } from '../cluster/observation.js';
import { findReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { isSeedingRunning } from '../machines/seeding/selectors.js';
import { unknownReason } from '../model/source.js';
import { SEEDING_REASONS } from './seeding.js';

/**
 * DENY CREATE ANY DATABASE on a secondary while a seeding to it runs. SEED001 denies it "to
 * temporarily prevent the secondary replica from being able to automatically create databases ...
 * when a new database is added to the availability group"; no document says what becomes of a
 * seeding already under way there. The model lets it go on (MODEL) and says that
 * this is unknown, one note per running seeding.
 */
export const runningAtDeny = (c: Cluster, replica: string, group: string): Observation[] => {
  const r = findReplica(c, replica);
  if (r === undefined) return [];
  return Object.entries(r.databases)
    .filter(([, copy]) => copy.seeding !== undefined && isSeedingRunning(copy.seeding))
    .map(([database]) => ({
      type: 'note',
      reason: unknownReason(
        'SEEDING_RUNNING_AT_DENY_UNKNOWN',
        `${replica} denies the group CREATE ANY DATABASE while ${database} is being seeded to it: the documentation denies it "to temporarily prevent the secondary replica from being able to automatically create databases" when "a new database is added to the availability group", and says nothing of a seeding already under way; the model lets this one go on, and whether SQL Server does, or fails it, is not known`,
        SEEDING_REASONS.SEEDING_RUNNING_AT_DENY_UNKNOWN,
        [
          `sys.dm_hadr_automatic_seeding on the primary of ${group} (current_state and failure_state of the seeding of ${database} to ${replica})`,
          `sys.dm_hadr_physical_seeding_stats on the primary (the stream of ${database} to ${replica}, end_time_utc and failure_message)`,
        ],
      ),
    }));
};
