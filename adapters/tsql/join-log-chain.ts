import type { BackupType } from '../../core/model/enums.js';
import { instanceKey } from '../../core/validation/codes.js';
import { copyKey } from './names.js';
import type { StatementResult } from './result.js';

/** A join the script runs on a copy whose restores do not preserve the log backup chain. */
export interface UnchainedJoin {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface BackupSet {
  readonly seq: number;
  readonly type: BackupType;
  readonly database: string;
  readonly file: string;
  /** Its place in the file (RESTORE … WITH FILE = n). */
  readonly position: number;
}

const named = (b: BackupSet): string => `${b.file} (FILE = ${b.position})`;

interface Restored {
  /** The full or differential set the copy was last restored from. */
  readonly base: BackupSet;
  /** The last set restored: the base, or a log backup restored over it since. */
  readonly last: BackupSet;
  /** The full set a differential over the copy must be based on; absent: not in the script. */
  readonly full?: BackupSet;
}

const ERROR_3136 =
  'error 3136, "This differential backup cannot be restored because the database has not been restored to the correct earlier state."';

/**
 * RESTORE DATABASE of a differential over a copy the script restored from another full backup
 * than the differential's base (the last full, not copy-only, backup of the database the script
 * took before it): SQL Server refuses it with error 3136 (S72). A COPY_ONLY full is never a base:
 * "The COPY_ONLY backup gets a different 'differential base GUID' which will not match any
 * subsequent differential backups" (S151). Null when the restore is not known to fail.
 */
const differentialMismatch = (
  diff: BackupSet,
  before: Restored,
  base: BackupSet | undefined,
  at: string,
): string | null => {
  const full = before.full;
  if (full === undefined) return null;
  if (full.type === 'FULL_COPY_ONLY')
    return `RESTORE DATABASE of ${at} from the differential ${named(diff)} over a copy restored from the copy-only full backup ${named(full)}: SQL Server refuses it (${ERROR_3136}); a COPY_ONLY full backup gets its own differential base GUID and is never the base of a differential; restore ${base === undefined ? 'the full backup the differential is based on' : named(base)} and the differential over it, or the log backups taken since ${named(full)}`;
  if (base === undefined || base === full) return null;
  return `RESTORE DATABASE of ${at} from the differential ${named(diff)}, based on the full backup ${named(base)}, over a copy restored from the full backup ${named(full)}: SQL Server refuses it (${ERROR_3136}); restore ${named(base)} first`;
};

const isLog = (t: BackupType): boolean => t === 'LOG' || t === 'LOG_COPY_ONLY';

/**
 * RESTORE LOG of a set a BACKUP DATABASE made, or RESTORE DATABASE of one a BACKUP LOG made:
 * SQL Server refuses it with error 3135 (S72), "The backup set in file '%ls' was created by %hs
 * and cannot be used for this restore operation", and the copy stays as it was. Null when the
 * statement's kind fits the set, or is not written.
 */
const wrongKind = (set: BackupSet, log: boolean | undefined, at: string): string | null => {
  if (log === undefined || log === isLog(set.type)) return null;
  const made = isLog(set.type) ? 'BACKUP LOG' : 'BACKUP DATABASE';
  const statement = log ? 'RESTORE LOG' : 'RESTORE DATABASE';
  const takes = log ? 'BACKUP LOG' : 'BACKUP DATABASE';
  return `${statement} of ${at} from ${named(set)}, a set that ${made} made: SQL Server refuses it (error 3135, "The backup set in file '${set.file}' was created by ${made} and cannot be used for this restore operation.") and the copy stays as it was; ${statement} restores a set that ${takes} made (WITH FILE = n names it where a file holds several)`;
};

const isBase = (t: BackupType): boolean =>
  t === 'FULL' || t === 'FULL_COPY_ONLY' || t === 'DIFFERENTIAL';

/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP on a copy the script last restored from a full or
 * differential backup it took after a log backup of that database, with no log backup restored
 * over it since: SQL Server refuses the join with error 1478 (S69), "The mirror database, "%.*ls",
 * has insufficient transaction log data to preserve the log backup chain of the principal
 * database. This may happen if a log backup from the principal database has not been taken or has
 * not been restored on the mirror database." andreasjordan/demos (manual seeding on SQL Server
 * 2014 to 2019): "What I am not allowed to do: Restore these full backups to the secondary";
 * "The last log backup must be restored on the secondary". A RESTORE LOG that skips the log
 * backup taken after the last set restored is refused with error 4305 (S142), "The log in this
 * backup set begins at LSN %.*ls, which is too recent to apply to the database". The model's log
 * moves only with commits, which a script does not show, so this reads the order of the backups
 * instead; a copy restored from a backup the script does not take, or once a restore the check
 * cannot follow (a copy-only log backup, a refused one) ran on it, is not judged.
 */
export const unchainedJoins = (statements: readonly StatementResult[]): UnchainedJoin[] => {
  const files = new Map<string, BackupSet[]>();
  const copies = new Map<string, Restored | null>();
  const logs: BackupSet[] = [];
  const fulls: BackupSet[] = [];
  const found: UnchainedJoin[] = [];
  let seq = 0;
  for (const s of statements) {
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      if (e.type === 'db.backup' && e.file !== undefined) {
        seq += 1;
        const key = instanceKey(e.file);
        const kept = e.init === true ? [] : (files.get(key) ?? []);
        const set = {
          seq,
          type: e.backupType,
          database: e.database,
          file: e.file,
          position: kept.length + 1,
        };
        files.set(key, [...kept, set]);
        if (e.backupType === 'LOG') logs.push(set);
        if (e.backupType === 'FULL') fulls.push(set);
      } else if (e.type === 'db.restore') {
        const copy = copyKey(e.replica, e.database);
        const set = files.get(instanceKey(e.file))?.[(e.position ?? 1) - 1];
        const before = copies.get(copy);
        const refusedKind =
          set === undefined ? null : wrongKind(set, e.log, `${e.database} on ${e.replica}`);
        if (set === undefined || instanceKey(set.database) !== instanceKey(e.database))
          copies.set(copy, null);
        else if (refusedKind !== null)
          found.push({ line: s.line, column: s.column, text: refusedKind });
        else if (set.type === 'DIFFERENTIAL') {
          const of = (b: BackupSet) => instanceKey(b.database) === instanceKey(set.database);
          const base = [...fulls].reverse().find((f) => f.seq < set.seq && of(f));
          const refused =
            before === undefined || before === null
              ? null
              : differentialMismatch(set, before, base, `${e.database} on ${e.replica}`);
          if (refused !== null) found.push({ line: s.line, column: s.column, text: refused });
          // A refused restore leaves the copy as it was.
          else
            copies.set(copy, {
              base: set,
              last: set,
              ...(base === undefined ? {} : { full: base }),
            });
        } else if (isBase(set.type)) copies.set(copy, { base: set, last: set, full: set });
        else if (set.type !== 'LOG' || before === undefined || before === null)
          copies.set(copy, null);
        else {
          // The next log backup of the chain is the first one taken after the last set restored.
          const next = logs.find(
            (l) => l.seq > before.last.seq && instanceKey(l.database) === instanceKey(set.database),
          );
          if (next !== undefined && next.seq < set.seq)
            found.push({
              line: s.line,
              column: s.column,
              text: `RESTORE LOG of ${e.database} on ${e.replica} from ${named(set)} skips the log backup ${named(next)}, taken after ${named(before.last)} and not restored: SQL Server refuses it (error 4305, "The log in this backup set begins at LSN %.*ls, which is too recent to apply to the database. An earlier log backup that includes LSN %.*ls can be restored."); restore ${named(next)} WITH NORECOVERY first`,
            });
          copies.set(copy, next === set ? { ...before, last: set } : null);
        }
      } else if (e.type === 'db.join') {
        const key = copyKey(e.replica, e.database);
        const restored = copies.get(key);
        if (restored === undefined || restored === null) continue;
        const { base, last } = restored;
        const ofDatabase = (l: BackupSet) => instanceKey(l.database) === instanceKey(base.database);
        const before =
          last === base ? logs.find((l) => l.seq < base.seq && ofDatabase(l)) : undefined;
        if (before !== undefined)
          found.push({
            line: s.line,
            column: s.column,
            text: `${e.database} on ${e.replica} was last restored from ${named(base)}, a ${base.type} backup taken after the log backup ${named(before)}, and no log backup is restored over it before this join: SQL Server refuses the join (error 1478, "The mirror database, "${e.database}", has insufficient transaction log data to preserve the log backup chain of the principal database. This may happen if a log backup from the principal database has not been taken or has not been restored on the mirror database."); take a log backup on the primary and restore it WITH NORECOVERY on ${e.replica} first`,
          });
        // A log backup taken after the last set restored on the copy, and not restored there,
        // lets the primary truncate the log the copy still needs (error 1412, S69); S68: "If any
        // additional log backups occur before the database joins the secondary replica, you must
        // also restore all of those log backups, in sequence".
        const after = logs.find((l) => l.seq > last.seq && ofDatabase(l));
        if (after !== undefined)
          found.push({
            line: s.line,
            column: s.column,
            text: `${e.database} on ${e.replica} was last restored from ${named(last)}, and the log backup ${named(after)} taken after it is not restored before this join: that backup lets the primary truncate the log the copy still needs, and SQL Server then refuses the join (error 1412, "The remote copy of database "${e.database}" has not been rolled forward to a point in time that is encompassed in the local copy of the database log."); restore ${named(after)} and every log backup after it WITH NORECOVERY on ${e.replica} first`,
          });
        // A join SQL Server takes puts the copy in the group: later backups do not concern it.
        if (before === undefined && after === undefined) copies.set(key, null);
      }
    }
  }
  return found;
};
