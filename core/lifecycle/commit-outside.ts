import { position, withLog } from '../cluster/ops.js';
import { accepted, type StepResult } from '../cluster/result.js';
import { findReplica, isReplicaUp } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { inGroup } from './access.js';
import { lifecycleReason } from './codes.js';

/**
 * A commit on a database that REMOVE DATABASE took out of the group: "The former primary database
 * remains online" (S77, Follow Up), so it takes writes on its instance alone. Its log goes on from
 * where the group left it (the end its RESTORING secondary copies must reach to join again once it
 * is added back), and no commit waits for a secondary. Undefined for any other database: the
 * commit is judged as a commit on the group.
 */
export const commitOutsideGroup = (
  c: Cluster,
  database: string,
  count: bigint,
): StepResult | undefined => {
  const entry = c.catalog[database];
  const log = c.logs[database];
  if (count < 1n || inGroup(c, database) || log === undefined || entry === undefined)
    return undefined;
  const holder = findReplica(c, entry.instance);
  if (holder === undefined || !isReplicaUp(holder) || !entry.online || entry.readOnly)
    return undefined;
  const end = position(entry.end.fork, entry.end.lsn + count);
  const next: Cluster = {
    ...c,
    catalog: { ...c.catalog, [database]: { ...entry, end } },
    logs: { ...c.logs, [database]: withLog(log, { settledLsn: end.lsn }) },
  };
  return accepted(next, [
    {
      type: 'note',
      reason: lifecycleReason(
        'COMMIT_OUTSIDE_GROUP',
        `${database} is no longer in ${c.config.name} and stays online on ${holder.name}: the commit is acknowledged there alone (LSN ${end.lsn}); no secondary receives it, and a copy left RESTORING needs this log to join again once ${database} is added back`,
      ),
    },
  ]);
};
