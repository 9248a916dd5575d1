import { lifecycleReason } from '../../core/lifecycle/codes.js';
import type { Reason } from '../../core/model/source.js';
import { instanceKey } from '../../core/validation/codes.js';
import { isDrop } from './group-drops.js';
import type { StatementResult } from './result.js';

/** A database a CREATE … FOR DATABASE or ADD DATABASE names that another group holds there. */
export interface DatabaseInOtherGroup {
  /** The CREATE or ADD DATABASE that names it. */
  readonly statement: StatementResult;
  readonly database: string;
  /** The group that holds it on that instance, and the line that put it there. */
  readonly heldBy: string;
  readonly heldSince: number;
}

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
 * Every database that a CREATE AVAILABILITY GROUP … FOR DATABASE or an ALTER AVAILABILITY GROUP …
 * ADD DATABASE names while, on the instance the statement runs on, the script has already put it
 * in another availability group (that group's CREATE or ADD DATABASE there, or a join of its copy
 * there with SET HADR AVAILABILITY GROUP) and not taken it out since (REMOVE DATABASE, SET HADR OFF
 * there, DROP AVAILABILITY GROUP). S5, Checklist: Requirements (availability databases): the
 * database must "Not belong to any existing availability group"; S4, DATABASE: "each database can
 * belong to only one availability group". Only statements a `:Connect` places are judged, each on
 * its own instance: the member groups of a distributed group hold the same database on different
 * instances, which is how that group works (S58).
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
  const judge = (s: StatementResult, group: string, databases: readonly string[]) => {
    // A server given on the command line may stand for a script run server by server.
    if (s.server === null || s.connected !== true) return;
    const dbs = on(s.server);
    for (const database of databases) {
      const entry = dbs.get(instanceKey(database));
      // A database refused here stays in its first group; the others join this one.
      if (entry !== undefined && instanceKey(entry.group) !== instanceKey(group))
        found.push({ statement: s, database, heldBy: entry.group, heldSince: entry.line });
      else dbs.set(instanceKey(database), { group, line: s.line });
    }
  };
  for (const s of statements) {
    const o = s.outcome;
    if (isDrop(s) && s.group !== null) forget(held, s.group);
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED')
      judge(s, o.config.name, o.config.databases);
    if (o.kind !== 'events') continue;
    // SET HADR OFF names no group: the copy leaves whichever group it is in there.
    for (const e of o.events)
      if (e.type === 'db.leave') forget(held, null, e.database, instanceKey(e.replica));
    const group = s.group;
    if (group === null) continue;
    judge(
      s,
      group,
      o.events.flatMap((e) => (e.type === 'db.add' ? [e.database] : [])),
    );
    for (const e of o.events) {
      if (e.type === 'db.remove') forget(held, group, e.database);
      if (e.type === 'db.join') on(e.replica).set(instanceKey(e.database), { group, line: s.line });
    }
  }
  return found;
};

/**
 * Why SQL Server refuses the statement for that database: the same reason as an ADD DATABASE of a
 * database already in the group itself (DATABASE_ALREADY_IN_GROUP, S5), naming the other group.
 */
export const inOtherGroupReason = (found: DatabaseInOtherGroup): Reason => {
  const { statement: s, database, heldBy, heldSince } = found;
  const create = s.outcome.kind === 'config';
  return lifecycleReason(
    'DATABASE_ALREADY_IN_GROUP',
    `${database} is already in ${heldBy} on ${s.server ?? 'this instance'} (line ${heldSince}), and the script does not take it out before this statement (ALTER AVAILABILITY GROUP [${heldBy}] REMOVE DATABASE [${database}] on its primary, or DROP AVAILABILITY GROUP [${heldBy}]): a database to be added "must" "Not belong to any existing availability group" (S5; sys.databases.group_database_id is NULL for a database in no group), so SQL Server refuses ${create ? 'the CREATE, and creates no group' : 'the ADD DATABASE'}${create ? `; the rest of the group is judged as written` : ''}`,
  );
};
