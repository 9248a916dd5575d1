import type { ClusterEvent } from '../../core/model/events.js';
import { routingUrlFindings } from '../../core/validation/urls.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The routing URLs an ADD or MODIFY REPLICA writes, with the replica they belong to. */
const urlsOf = (e: ClusterEvent) => {
  const given =
    e.type === 'replica.modify'
      ? { name: e.replica, secondary: e.options.secondaryRole, primary: e.options.primaryRole }
      : e.type === 'replica.add'
        ? { name: e.spec.name, secondary: e.spec.secondaryRole, primary: e.spec.primaryRole }
        : null;
  if (given === null) return [];
  const readOnly = given.secondary?.readOnlyRoutingUrl;
  const readWrite = given.primary?.readWriteRoutingUrl;
  return [
    ...(typeof readOnly === 'string'
      ? routingUrlFindings(given.name, 'SECONDARY_ROLE (READ_ONLY_ROUTING_URL)', readOnly)
      : []),
    ...(typeof readWrite === 'string'
      ? routingUrlFindings(given.name, 'PRIMARY_ROLE (READ_WRITE_ROUTING_URL)', readWrite)
      : []),
  ];
};

/**
 * Routing URLs set by statements on groups the script does not create (an ALTER-only script), judged
 * as written at their statement, as a group the script creates has them judged: SQL Server refuses
 * a URL that is not 'TCP://system-address:port' (Msg 19401, S66) whichever script created the group.
 */
export const looseRoutingUrlFindings = (statements: readonly StatementResult[]): PlacedReason[] =>
  statements.flatMap((s) =>
    s.outcome.kind !== 'events'
      ? []
      : s.outcome.events.flatMap(urlsOf).map((reason) => ({
          line: s.line,
          column: s.column,
          reason,
        })),
  );
