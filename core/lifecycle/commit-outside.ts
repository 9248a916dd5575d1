import { position, withLog } from '../cluster/ops.js';
import { accepted, type StepResult } from '../cluster/result.js';
import { findReplica, isReplicaUp } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { inGroup } from './access.js';
import { lifecycleReason } from './codes.js';

/**
 * A commit on a database of the catalog that is not in the group, so it takes writes on its
 * instance alone and no commit waits for a secondary. Either REMOVE DATABASE took it out: "The
 * former primary database remains online" (S77, Follow Up), its log going on from where the group
 * left it (the end its RESTORING secondary copies must reach to join again once it is added
 * back). Or it was never added: the database a secondary is prepared from goes on taking writes
 * between its backups, which is why S68 asks for "every log backup created since the last restored
 * data backup"; ADD DATABASE then adds it at the end these commits reached. Undefined for any other
 * database: the commit is judged as a commit on the group.
 */
export const commitOutsideGroup = (
  c: Cluster,
  database: string,
  count: bigint,
): StepResult | undefined => {
  const entry = c.catalog[database];
  const log = c.logs[database];
  if (count < 1n || inGroup(c, database) || entry === undefined) return undefined;
  const holder = findReplica(c, entry.instance);
  if (holder === undefined || !isReplicaUp(holder) || !entry.online || entry.readOnly)
    return undefined;
  const end = position(entry.end.fork, entry.end.lsn + count);
  const catalog = { ...c.catalog, [database]: { ...entry, end } };
  if (log === undefined)
    return accepted({ ...c, catalog }, [
      {
        type: 'note',
        reason: lifecycleReason(
          'COMMIT_BEFORE_ADD',
          `${database} is not in ${c.config.name} yet: the commit is acknowledged on ${holder.name} alone (LSN ${end.lsn}); a secondary copy restored from an earlier backup needs the log backups that hold it, or this log from the primary once ${database} is added`,
        ),
      },
    ]);
  const next: Cluster = {
    ...c,
    catalog,
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
