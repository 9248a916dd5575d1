import type { BackupType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts } from '../rules/facts-access.js';
import { backupReason as because } from './codes.js';

/**
 * A log backup on a secondary fails while that secondary has redone less than where the last
 * log backup, taken on any replica, ended: 'Database engine events and errors (31000 to 41399)'
 * (S135), 35295. Only a simulated cluster knows where the last log backup ended (its msdb
 * backupset, `facts.logs`); a DMV snapshot does not show it, so there this says nothing.
 */
export const redoBehindLogBackup = (
  facts: ClusterFacts,
  database: string,
  name: string,
  type: BackupType,
): Reason | null => {
  if (type !== 'LOG') return null;
  const chain = facts.logs?.find((l) => l.database === database)?.logChain ?? null;
  const redone = databaseReplicaFacts(facts, name, database)?.lastRedoneLsn ?? null;
  if (chain === null || redone === null || redone >= chain.lsn) return null;
  return because(
    'BACKUP_SECONDARY_REDO_BEHIND_LOG_BACKUP',
    `${database} on ${name} is redone to LSN ${redone} only, below the end of the last log backup (LSN ${chain.lsn}): BACKUP LOG there fails with Msg 35295 ("the last backup LSN ... from the primary database is greater than the current local redo LSN ... No log records need to be backed up at this time. Retry the log-backup operation later.") until its redo passes that LSN`,
  );
};
