import { source, unknownReason } from '../../core/model/source.js';
import { instanceKey } from '../../core/validation/codes.js';
import { PRIMARY_ONLY } from './configs-after.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

const key = (group: string, instance: string): string =>
  `${instanceKey(group)}\u0000${instanceKey(instance)}`;

/**
 * GRANT CREATE ANY DATABASE on a group the script does not create, run on an instance the script
 * neither joins to that group before (JOIN) nor has run a primary-only statement of it on. S3,
 * GRANT CREATE ANY DATABASE: 'Run this parameter on every secondary replica that supports direct
 * seeding after that secondary joins the availability group'. On an instance that has not joined,
 * the group does not exist there and SQL Server refuses it (Msg 15151, as S129, Chris Lumnah's
 * 'Automatic Seeding Error', shows); the script does not say whether it has joined.
 */
export const grantBeforeJoinUnknowns = (statements: readonly StatementResult[]): PlacedReason[] => {
  const known = new Set<string>();
  const found: PlacedReason[] = [];
  for (const s of statements) {
    if (s.outcome.kind !== 'events' || s.group === null || s.server === null) continue;
    const here = key(s.group, s.server);
    for (const e of s.outcome.events) {
      if (e.type === 'replica.join' || PRIMARY_ONLY.has(e.type)) known.add(here);
      else if (e.type === 'replica.grantCreateDatabase' && !known.has(here))
        found.push({
          line: s.line,
          column: s.column,
          reason: unknownReason(
            'GRANT_CREATE_DATABASE_JOIN_UNKNOWN',
            `GRANT CREATE ANY DATABASE for '${s.group}' runs on ${s.server}, which the script does not join to '${s.group}' (ALTER AVAILABILITY GROUP [${s.group}] JOIN) before it: it runs on a secondary replica after that secondary joins the group, and on an instance that has not joined SQL Server refuses it (Msg 15151, "Cannot alter the availability group '${s.group}', because it does not exist or you do not have permission"), so automatic seeding to ${s.server} does not start; whether ${s.server} has joined is unknown`,
            source(
              'S3',
              'GRANT CREATE ANY DATABASE: run on every secondary replica that supports direct seeding after that secondary joins the availability group',
            ),
            [
              `sys.availability_groups and sys.dm_hadr_availability_replica_states (is_local = 1) on ${s.server}`,
              `ALTER AVAILABILITY GROUP [${s.group}] JOIN on ${s.server} earlier in the script`,
            ],
          ),
        });
    }
  }
  return found;
};
