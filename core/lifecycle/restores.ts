import { findReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { BackupSet } from './lifecycle.js';

const NOTHING_RESTORED: readonly BackupSet[] = [];

/**
 * What the restores of a copy left in it (msdb restorehistory, `Cluster.restores`): the backups
 * restored onto it since its last full or differential backup, while the copy has not moved since
 * (it did not join and receive log). Empty otherwise: the copy holds the log the group kept for it.
 */
const restoredChain = (c: Cluster, replica: string, database: string): readonly BackupSet[] => {
  if (c.restores === undefined || c.restores.length === 0) return NOTHING_RESTORED;
  // A replica not joined yet keeps its restored copies on its instance (restoreOnInstance).
  const copy = findReplica(c, replica)?.databases[database] ?? c.instances?.[replica]?.[database];
  let chain: BackupSet[] = [];
  for (const r of c.restores ?? []) {
    if (r.replica !== replica || r.database !== database) continue;
    chain = isLog(r.backup) ? [...chain, r.backup] : [r.backup];
  }
  const last = chain[chain.length - 1];
  return copy !== undefined && last !== undefined && last.lastLsn === copy.hardened.lsn
    ? chain
    : [];
};

const isLog = (b: BackupSet) => b.backupType === 'LOG' || b.backupType === 'LOG_COPY_ONLY';

/**
 * Where the log of a RESTORING copy starts: a full or differential backup brings the database as
 * of its LSN and no log before it; each log backup restored after it brings its log from its first
 * LSN. Null when the restores do not say (restoredChain is empty).
 */
export const restoredLogFrom = (c: Cluster, replica: string, database: string): bigint | null => {
  let from: bigint | null = null;
  for (const b of restoredChain(c, replica, database))
    from = !isLog(b) ? b.lastLsn : from === null || b.firstLsn < from ? b.firstLsn : from;
  return from;
};

/** The copy ends where a full or differential backup left it, no log restored after it. */
export const endsAtDataBackup = (c: Cluster, replica: string, database: string): boolean => {
  const chain = restoredChain(c, replica, database);
  return chain.length === 1 && !isLog(chain[0]!);
};

/**
 * The full backup a RESTORING copy was restored from, by its LSN: a full backup is its own base, a
 * differential names its base; log backups restored after them keep it. Null when the restores do
 * not say (a copy-only full, whose base the model does not record, or a copy that moved since).
 */
export const copyDifferentialBase = (
  c: Cluster,
  replica: string,
  database: string,
): bigint | null => {
  const data = restoredChain(c, replica, database)[0];
  if (data === undefined) return null;
  if (data.backupType === 'FULL') return data.lastLsn;
  return data.backupType === 'DIFFERENTIAL' ? data.differentialBaseLsn : null;
};

/** The copy-only full backup set the copy's restores start from, or null (S151). */
export const copyOnlyFullRestored = (
  c: Cluster,
  replica: string,
  database: string,
): BackupSet | null => {
  const data = restoredChain(c, replica, database)[0];
  return data?.backupType === 'FULL_COPY_ONLY' ? data : null;
};
