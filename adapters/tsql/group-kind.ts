import type { ClusterEvent } from '../../core/model/events.js';
import { basicKindUnknown } from '../../core/validation/kinds.js';
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
 * readable: whether SQL Server takes them depends on whether the group is basic, which the
 * script does not say (core/validation/kinds.ts, basicKindUnknown). Basic groups came with SQL
 * Server 2016, so on earlier versions the group is advanced and nothing is unknown.
 */
export const groupKindUnknowns = (
  statements: readonly StatementResult[],
  version: number,
): PlacedReason[] =>
  version < 2016
    ? []
    : statements.flatMap((s) => {
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
