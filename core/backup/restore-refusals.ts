import { position } from '../cluster/ops.js';
import { copyPhase } from '../cluster/select.js';
import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import { forksOf } from '../lifecycle/access.js';
import { restoreRefusals } from '../lifecycle/lifecycle.js';
import { backupSetAt } from '../lifecycle/media.js';
import {
  copyDifferentialBase,
  copyOnlyFullRestored,
  endsAtDataBackup,
} from '../lifecycle/restores.js';
import { commonLsn } from '../log/lineage.js';
import type { EventOf } from '../model/events.js';

/**
 * The backup a RESTORE names, where its log ends, and every refusal of that restore on `replica`'s
 * copy: one reading for a joined replica and for the instance of one not joined yet (S148).
 */
export const judgeRestore = (
  c: Cluster,
  replica: string,
  copy: DatabaseCopy | undefined,
  e: EventOf<'db.restore'>,
  where: { readonly isPrimary: boolean; readonly replicaUp: boolean },
) => {
  const backup = backupSetAt(c.backups, e.file, e.position);
  const backupEnd = backup === null ? null : position(backup.fork, backup.lastLsn);
  const refusals = restoreRefusals({
    replica,
    database: e.database,
    file: e.file,
    ...(e.position === undefined ? {} : { position: e.position }),
    ...(e.log === undefined ? {} : { log: e.log }),
    backup,
    isPrimary: where.isPrimary,
    replicaUp: where.replicaUp,
    recovery: e.recovery === true,
    phase: copy === undefined ? 'ABSENT' : copyPhase(copy),
    copyLsn: copy?.hardened.lsn ?? 0n,
    sharedLsn:
      copy === undefined || backupEnd === null
        ? 0n
        : commonLsn(forksOf(c, e.database), copy.hardened, backupEnd),
    endsAtDataBackup: endsAtDataBackup(c, replica, e.database),
    copyDifferentialBase: copyDifferentialBase(c, replica, e.database),
    copyOnlyFull: copyOnlyFullRestored(c, replica, e.database)?.file ?? null,
  });
  return { backup, backupEnd, refusals };
};
