import type { ClusterEvent } from '../../core/model/events.js';
import { basicDatabasesUnknown, basicKindUnknown } from '../../core/validation/kinds.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The readable ALLOW_CONNECTIONS an ADD or MODIFY REPLICA gives its replica, if any. */
const readable = (e: ClusterEvent): { replica: string; allow: 'READ_ONLY' | 'ALL' } | null => {
  const given =
    e.type === 'replica.modify'
      ? { replica: e.replica, allow: e.options.secondaryRole?.allowConnections }
      : e.type === 'replica.add'
        ? { replica: e.spec.name, allow: e.spec.secondaryRole?.allowConnections }
        : null;
  return given !== null && (given.allow === 'READ_ONLY' || given.allow === 'ALL')
    ? { replica: given.replica, allow: given.allow }
    : null;
};

/**
 * Statements on groups the script does not create (an ALTER-only script) that make a secondary
 * readable, or add a second database: whether SQL Server takes them depends on whether the group
 * is basic, which the script does not say (core/validation/kinds.ts, basicKindUnknown). Basic groups came with SQL
 * Server 2016, so on earlier versions the group is advanced and nothing is unknown.
 */
export const groupKindUnknowns = (
  statements: readonly StatementResult[],
  version: number,
): PlacedReason[] =>
  version < 2016
    ? []
    : [...readableUnknowns(statements), ...secondDatabaseUnknowns(statements)].sort(
        (a, b) => a.line - b.line,
      );

/**
 * ADD DATABASE of a group the script does not create while a database the script added to it
 * before is still in it (no REMOVE DATABASE of it since): a basic group holds one database (S41).
 */
const secondDatabaseUnknowns = (statements: readonly StatementResult[]): PlacedReason[] => {
  const added = new Map<string, string[]>();
  const found: PlacedReason[] = [];
  for (const s of statements) {
    if (s.outcome.kind !== 'events' || s.group === null) continue;
    const key = s.group.toLowerCase();
    for (const e of s.outcome.events) {
      const now = added.get(key) ?? [];
      if (e.type === 'db.remove')
        added.set(
          key,
          now.filter((d) => d.toLowerCase() !== e.database.toLowerCase()),
        );
      if (e.type !== 'db.add' || now.some((d) => d.toLowerCase() === e.database.toLowerCase()))
        continue;
      if (now.length > 0)
        found.push({
          line: s.line,
          column: s.column,
          reason: basicDatabasesUnknown(s.group, e.database, now),
        });
      added.set(key, [...now, e.database]);
    }
  }
  return found;
};

const readableUnknowns = (statements: readonly StatementResult[]): PlacedReason[] =>
  statements.flatMap((s) => {
    if (s.outcome.kind !== 'events' || s.group === null) return [];
    const group = s.group;
    return s.outcome.events.flatMap((e) => {
      const r = readable(e);
      return r === null
        ? []
        : [
            {
              line: s.line,
              column: s.column,
              reason: basicKindUnknown(group, r.replica, r.allow),
            },
          ];
    });
  });
