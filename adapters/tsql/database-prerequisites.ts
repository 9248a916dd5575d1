import type { IToken } from 'chevrotain';
import type { RecoveryModel } from '../../core/model/enums.js';
import { nameValue } from './lexer.js';
import type { StatementResult } from './result.js';
import { upper } from './statements.js';

/** A CREATE … FOR DATABASE or ADD DATABASE whose databases the script does not show eligible. */
export interface UnshownPrerequisite {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const MODELS: readonly RecoveryModel[] = ['FULL', 'BULK_LOGGED', 'SIMPLE'];

/** `ALTER DATABASE name SET RECOVERY FULL | BULK_LOGGED | SIMPLE`: the database and its model. */
export const setRecovery = (
  span: readonly IToken[],
): { readonly database: string; readonly model: RecoveryModel } | null => {
  const name = span[2];
  if (upper(span[0]) !== 'ALTER' || upper(span[1]) !== 'DATABASE' || name === undefined)
    return null;
  // CURRENT names the session's database, which the script does not say (USE is not followed).
  if (upper(name) === 'CURRENT' || upper(span[3]) !== 'SET' || upper(span[4]) !== 'RECOVERY')
    return null;
  const model = MODELS.find((m) => m === upper(span[5]));
  return model === undefined ? null : { database: nameValue(name.image), model };
};

/** What the script has shown of one database so far. */
interface Shown {
  readonly recovery?: { readonly model: RecoveryModel; readonly line: number };
  readonly fullBackup?: number;
  readonly copyOnly?: number;
}

const S5 =
  '\'Prerequisites, restrictions, and recommendations for Always On availability groups\' (S5), Availability database prerequisites: "To be eligible to be added to an availability group, a database must" "Use the full recovery model" and "Possess at least one full database backup" ("After setting a database to full recovery mode, a full backup is required to initiate the full-recovery log chain")';

const list = (names: readonly string[]): string => names.join(', ');

/** The sentence for databases whose recovery model or full backup the script leaves unshown. */
const unshownText = (
  what: string,
  names: readonly string[],
  shown: Shown,
  primary: string,
): string => {
  const dbs = list(names);
  const recovery =
    shown.recovery === undefined
      ? `does not show the recovery model of ${dbs}`
      : `sets the recovery model of ${dbs} to FULL at line ${shown.recovery.line}`;
  const backup =
    shown.fullBackup !== undefined
      ? `takes a full backup of ${dbs} at line ${shown.fullBackup}`
      : shown.copyOnly !== undefined
        ? `takes no full backup of ${dbs} but a COPY_ONLY one (line ${shown.copyOnly})`
        : `takes no full backup of ${dbs}`;
  const span =
    shown.recovery === undefined ? 'before this statement' : 'between that line and this statement';
  const copyOnly =
    shown.fullBackup === undefined && shown.copyOnly !== undefined
      ? '; agstate does not count a COPY_ONLY full backup as the full backup S5 asks for (docs/seeding.md, Modelling decisions)'
      : '';
  const settled = [
    ...(shown.recovery === undefined
      ? [`sys.databases.recovery_model_desc of ${dbs} on ${primary}`]
      : []),
    ...(shown.fullBackup === undefined
      ? [
          `msdb.dbo.backupset on ${primary} (a row of type 'D', not copy-only, for ${dbs}, taken since the database last went to the FULL recovery model)`,
        ]
      : []),
  ];
  return `${what}: the script ${recovery} and ${backup} ${span}${copyOnly}. ${S5}. The script does not show that ${dbs} ${names.length === 1 ? 'is' : 'are'} eligible, while validate, explain and check take ${names.length === 1 ? 'it' : 'them'} into the group; ${settled.join(', and ')} settle${settled.length === 1 ? 's' : ''} it`;
};

const notFullText = (what: string, database: string, model: RecoveryModel, line: number) =>
  `${what}: the script sets the recovery model of ${database} to ${model} at line ${line} and does not set it to FULL before this statement. ${S5}. As the script leaves it, ${database} is not eligible to be added, while validate, explain and check take it into the group; run ALTER DATABASE [${database}] SET RECOVERY FULL and then a full backup (BACKUP DATABASE) before this statement`;

/**
 * Every database a CREATE AVAILABILITY GROUP … FOR DATABASE names or an ADD DATABASE adds whose
 * eligibility the script does not show before that statement: the FULL recovery model (ALTER
 * DATABASE … SET RECOVERY FULL) and a full backup since (BACKUP DATABASE, not COPY_ONLY), as S5
 * asks ("Availability database prerequisites"). Either may have been settled before the script
 * ran, so this is a warning naming what settles it, never a refusal; a database the script sets
 * to SIMPLE or BULK_LOGGED and never back to FULL is a warning that says it is not eligible.
 */
export const unshownPrerequisites = (
  statements: readonly StatementResult[],
): UnshownPrerequisite[] => {
  const shown = new Map<string, Shown>();
  const get = (db: string): Shown => shown.get(db.toLowerCase()) ?? {};
  const backedUp = (db: string, copyOnly: boolean, line: number) => {
    const was = get(db);
    shown.set(
      db.toLowerCase(),
      copyOnly ? { ...was, copyOnly: line } : { ...was, fullBackup: line },
    );
  };
  const found: UnshownPrerequisite[] = [];
  const judge = (s: StatementResult, what: string, names: readonly string[]) => {
    const primary = s.server ?? "the primary replica's instance";
    const groups = new Map<string, { names: string[]; shown: Shown }>();
    for (const name of names) {
      const seen = get(name);
      if (seen.recovery !== undefined && seen.recovery.model !== 'FULL') {
        const text = notFullText(what, name, seen.recovery.model, seen.recovery.line);
        found.push({ line: s.line, column: s.column, text });
        continue;
      }
      if (seen.recovery !== undefined && seen.fullBackup !== undefined) continue;
      const key = JSON.stringify(seen);
      const group = groups.get(key) ?? { names: [], shown: seen };
      group.names.push(name);
      groups.set(key, group);
    }
    for (const g of groups.values())
      found.push({
        line: s.line,
        column: s.column,
        text: unshownText(what, g.names, g.shown, primary),
      });
  };
  for (const s of statements) {
    const o = s.outcome;
    if (o.kind === 'skipped' && o.recoveryModel !== undefined) {
      // A change of recovery model needs a full backup after it to start the log chain (S5).
      const { database, model } = o.recoveryModel;
      shown.set(database.toLowerCase(), { recovery: { model, line: s.line } });
    }
    if (o.kind === 'unplaced' && o.backup?.backupType.startsWith('FULL'))
      backedUp(o.backup.database, o.backup.backupType === 'FULL_COPY_ONLY', s.line);
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED' && o.config.databases.length > 0)
      judge(
        s,
        `CREATE AVAILABILITY GROUP [${o.config.name}] … FOR DATABASE ${list(o.config.databases)}`,
        o.config.databases,
      );
    if (o.kind !== 'events') continue;
    for (const e of o.events)
      if (e.type === 'db.backup' && e.backupType.startsWith('FULL'))
        backedUp(e.database, e.backupType === 'FULL_COPY_ONLY', s.line);
    const added = o.events.flatMap((e) => (e.type === 'db.add' ? [e.database] : []));
    if (added.length > 0)
      judge(s, `ALTER AVAILABILITY GROUP [${s.group ?? ''}] ADD DATABASE ${list(added)}`, added);
  }
  return found;
};
