import type { ClusterFacts } from '../model/facts.js';
import { backupUnknown } from './codes.js';
import type { BackupPreferenceVerdict } from './preference.js';

/**
 * On a contained group the function was reported to answer as for a database outside any group,
 * always 1 (S372: "this also applies for contained AGs, but this I consider a bug"), which no
 * documentation confirms or denies: a replica the reconstruction gives 0 may get 1, so its 0 is
 * unknown (its grounds kept in the message, not as reasons of a certain 0); the preferred
 * replica's 1 holds either way.
 */
export const withContainedReport = (
  facts: ClusterFacts,
  database: string,
  v: BackupPreferenceVerdict,
): BackupPreferenceVerdict =>
  facts.config.kind !== 'CONTAINED' || v.preferred
    ? v
    : {
        ...v,
        reasons: [
          backupUnknown(
            'BACKUP_CONTAINED_GROUP_ANSWER_REPORTED_ONE',
            `${facts.config.name} is a contained availability group, on which sys.fn_hadr_backup_is_preferred_replica was reported to return 1 for every database, as for one outside any group (a report calling it a bug, not the documentation): whether it returns 0 for ${database} on ${v.replica}, as the backup preference would (${v.reasons.map((r) => r.message).join('; ')}), is unknown`,
            [`sys.fn_hadr_backup_is_preferred_replica('${database}') run on ${v.replica}`],
          ),
        ],
      };
