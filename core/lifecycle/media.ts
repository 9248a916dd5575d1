import type { BackupSet } from './lifecycle.js';

/**
 * The backup sets a backup file holds (S70 BACKUP: NOINIT, the default, appends a backup set to
 * the media and keeps the others; INIT or FORMAT overwrites them). `backups` is every backup
 * taken, in order (msdb backupset), so a file holds the sets since the last one written at
 * position 1.
 */
export const setsInFile = (backups: readonly BackupSet[], file: string): readonly BackupSet[] => {
  let sets: BackupSet[] = [];
  for (const b of backups) if (b.file === file) sets = b.position === 1 ? [b] : [...sets, b];
  return sets;
};

/** Where a new backup set goes in `file`: after the ones it holds, or first when it overwrites them. */
export const nextPosition = (backups: readonly BackupSet[], file: string, init: boolean): number =>
  init ? 1 : setsInFile(backups, file).length + 1;

/** The backup set RESTORE … FROM `file` WITH FILE = `position` reads (S71: 1 by default). */
export const backupSetAt = (
  backups: readonly BackupSet[],
  file: string,
  position = 1,
): BackupSet | null => setsInFile(backups, file).find((b) => b.position === position) ?? null;
