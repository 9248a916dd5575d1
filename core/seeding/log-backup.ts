import type { Observation } from '../cluster/observation.js';
import type { Cluster } from '../cluster/types.js';
import { truncationHolds } from '../lifecycle/access.js';
import { unknownReason } from '../model/source.js';
import { SEEDING_REASONS } from './seeding.js';

/**
 * A log backup of a database while it is being seeded. SEED001 says only that the log "cannot be
 * truncated until automatic seeding of that database is complete", which the backup step follows
 * (SEEDING_LOG_HELD). Users report more (S120): olahallengren/sql-server-maintenance-solution#983,
 * "the automatic seeding fails because the transaction log backup run in the middle of seeding
 * the database" (labelled SQL Server Bug; DatabaseBackup gained ExcludeSeedingFromLogBackup,
 * "Exclude databases from log backups while they are being seeded"), and MicrosoftDocs/sql-docs
 * #6848, "Automatic Seeding does not take care of any log backup taken on Primary database after
 * seeding has initialized ... we have to apply tose t-log backups manually in order to join
 * database into AG". Neither gives a version or an error, so the seeding's end is unknown; the
 * model goes on as SEED001 says.
 */
export const logBackupDuringSeeding = (c: Cluster, database: string): Observation[] =>
  truncationHolds(c, database)
    .filter((h) => h.kind === 'seeding')
    .map((h) => ({
      type: 'note',
      reason: unknownReason(
        'SEEDING_AFTER_LOG_BACKUP_UNKNOWN',
        `a log backup of ${database} was taken while it is seeded to ${h.holder}: the documentation says only that the log is kept until the seeding completes, but users report the seeding failing after such a backup, or the seeded copy on ${h.holder} needing that log backup restored before it joins; which, if either, is not known`,
        SEEDING_REASONS.SEEDING_AFTER_LOG_BACKUP_UNKNOWN,
        [
          `sys.dm_hadr_automatic_seeding on the primary (current_state, failure_state) for ${database} to ${h.holder}`,
          `sys.dm_hadr_database_replica_states on ${h.holder} (is the seeded ${database} joined)`,
        ],
      ),
    }));
