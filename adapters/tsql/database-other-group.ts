import { instanceKey } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';

/** A CREATE … FOR DATABASE or ADD DATABASE naming a database already in another group there. */
export interface DatabaseInOtherGroup {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const S5 =
  '\'Prerequisites, restrictions, and recommendations for Always On availability groups\' (S5), Checklist: Requirements (availability databases): "To be eligible to be added to an availability group, a database must" "Reside on the instance of SQL Server where you create the availability group" and "Not belong to any existing availability group" (sys.databases, group_database_id = NULL)';

const isDrop = (s: StatementResult): boolean =>
  s.outcome.kind === 'skipped' && /^DROP\s+AVAILABILITY\s+GROUP\b/i.test(s.text);

/** Where each database is in a group, as the script has it: instance → database → group. */
type Membership = Map<string, Map<string, { readonly group: string; readonly line: number }>>;

/** Takes a group's databases (or one of them) out, everywhere or on one instance. */
const forget = (held: Membership, group: string | null, database?: string, instance?: string) => {
  for (const [at, dbs] of held) {
    if (instance !== undefined && at !== instance) continue;
    for (const [db, entry] of dbs)
      if (
        (group === null || instanceKey(entry.group) === instanceKey(group)) &&
        (database === undefined || db === instanceKey(database))
      )
        dbs.delete(db);
  }
};

/**
 * Every CREATE AVAILABILITY GROUP … FOR DATABASE and ALTER AVAILABILITY GROUP … ADD DATABASE that
 * names a database which, on the instance the statement runs on, the script has already put in
 * another availability group (by that group's CREATE or ADD DATABASE there, or by joining its copy
 * there with SET HADR AVAILABILITY GROUP) and not taken out since (REMOVE DATABASE, SET HADR OFF
 * there, DROP AVAILABILITY GROUP). S5 asks of a database to be added that it "Not belong to any
 * existing availability group". Only statements a server places are judged, each on its own
 * instance: the member groups of a distributed group hold the same database on different
 * instances, which is how that group works (S58). validate, explain and check still take the
 * database into both groups, so this is a warning at the statement, as for a database the script
 * leaves in the SIMPLE recovery model (database-prerequisites.ts).
 */
export const databasesInOtherGroups = (
  statements: readonly StatementResult[],
): DatabaseInOtherGroup[] => {
  const held: Membership = new Map();
  const found: DatabaseInOtherGroup[] = [];
  const on = (instance: string) => {
    const key = instanceKey(instance);
    const dbs = held.get(key) ?? new Map();
    held.set(key, dbs);
    return dbs;
  };
  const judge = (s: StatementResult, what: string, group: string, databases: readonly string[]) => {
    if (s.server === null) return;
    const dbs = on(s.server);
    const taken = databases.flatMap((d) => {
      const entry = dbs.get(instanceKey(d));
      return entry !== undefined && instanceKey(entry.group) !== instanceKey(group)
        ? [{ database: d, ...entry }]
        : [];
    });
    for (const t of taken)
      found.push({
        line: s.line,
        column: s.column,
        text: `${what}: on ${s.server}, ${t.database} is already in the availability group ${t.group} (line ${t.line}), and the script does not take it out of ${t.group} before this statement (ALTER AVAILABILITY GROUP [${t.group}] REMOVE DATABASE [${t.database}] on its primary, or DROP AVAILABILITY GROUP [${t.group}]). ${S5}. As the script leaves it, ${t.database} is not eligible to be added to ${group}, while validate, explain and check take it into both groups; sys.databases.group_database_id of ${t.database} on ${s.server} (NULL: in no group) settles it`,
      });
    // A database refused here stays in its first group; the others join this one.
    const refused = new Set(taken.map((t) => instanceKey(t.database)));
    for (const d of databases)
      if (!refused.has(instanceKey(d))) dbs.set(instanceKey(d), { group, line: s.line });
  };
  for (const s of statements) {
    const o = s.outcome;
    if (isDrop(s) && s.group !== null) forget(held, s.group);
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED' && o.config.databases.length > 0)
      judge(
        s,
        `CREATE AVAILABILITY GROUP [${o.config.name}] … FOR DATABASE ${o.config.databases.join(', ')}`,
        o.config.name,
        o.config.databases,
      );
    if (o.kind !== 'events') continue;
    // SET HADR OFF names no group: the copy leaves whichever group it is in there.
    for (const e of o.events)
      if (e.type === 'db.leave') forget(held, null, e.database, instanceKey(e.replica));
    const group = s.group;
    if (group === null) continue;
    const added = o.events.flatMap((e) => (e.type === 'db.add' ? [e.database] : []));
    if (added.length > 0)
      judge(
        s,
        `ALTER AVAILABILITY GROUP [${group}] ADD DATABASE ${added.join(', ')}`,
        group,
        added,
      );
    for (const e of o.events) {
      if (e.type === 'db.remove') forget(held, group, e.database);
      if (e.type === 'db.join') on(e.replica).set(instanceKey(e.database), { group, line: s.line });
    }
  }
  return found;
};
