import { describe, expect, it } from 'vitest';
import type { BackupSet } from './lifecycle.js';
import { backupSetAt, nextPosition, setsInFile } from './media.js';

/** S70 BACKUP (INIT / NOINIT) and S71 RESTORE Arguments (FILE = backup_set_file_number). */

const set = (file: string, position: number, lastLsn: bigint): BackupSet => ({
  file,
  position,
  database: 'MyDB1',
  replica: 'INSTANCE01',
  backupType: 'LOG',
  firstLsn: 0n,
  lastLsn,
  fork: 0,
  differentialBaseLsn: null,
  atMs: 0,
});

describe('the backup sets of a file', () => {
  it('NOINIT, the default, appends after the sets the file holds', () => {
    const backups = [set('a.trn', 1, 1n), set('b.trn', 1, 2n), set('a.trn', 2, 3n)];
    expect(nextPosition(backups, 'a.trn', false)).toBe(3);
    expect(nextPosition(backups, 'new.trn', false)).toBe(1);
    expect(setsInFile(backups, 'a.trn').map((b) => b.lastLsn)).toEqual([1n, 3n]);
  });

  it('INIT overwrites them: the file holds only the sets written since', () => {
    const backups = [set('a.trn', 1, 1n), set('a.trn', 2, 3n), set('a.trn', 1, 5n)];
    expect(nextPosition(backups, 'a.trn', true)).toBe(1);
    expect(setsInFile(backups, 'a.trn').map((b) => b.lastLsn)).toEqual([5n]);
    expect(backupSetAt(backups, 'a.trn', 2)).toBeNull();
  });

  it('RESTORE reads the set at FILE = n, the first by default', () => {
    const backups = [set('a.trn', 1, 1n), set('a.trn', 2, 3n), set('a.trn', 3, 4n)];
    expect(backupSetAt(backups, 'a.trn')?.lastLsn).toBe(1n);
    expect(backupSetAt(backups, 'a.trn', 3)?.lastLsn).toBe(4n);
    expect(backupSetAt(backups, 'a.trn', 4)).toBeNull();
  });
});
