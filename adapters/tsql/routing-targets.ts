import type { ClusterEvent } from '../../core/model/events.js';
import { instanceKey } from '../../core/validation/codes.js';
import { routingTargetUnknown } from '../../core/validation/routing.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The replica an ADD or MODIFY REPLICA gives a READ_ONLY_ROUTING_URL, if any. */
const givesUrl = (e: ClusterEvent): string | null => {
  const given =
    e.type === 'replica.modify'
      ? { replica: e.replica, url: e.options.secondaryRole?.readOnlyRoutingUrl }
      : e.type === 'replica.add'
        ? { replica: e.spec.name, url: e.spec.secondaryRole?.readOnlyRoutingUrl }
        : null;
  return given !== null && typeof given.url === 'string' ? given.replica : null;
};

/** The routing list an ADD or MODIFY REPLICA sets, with its owner, if any. */
const setsList = (e: ClusterEvent): { owner: string; names: readonly string[] } | null => {
  const list =
    e.type === 'replica.modify'
      ? { owner: e.replica, entries: e.options.primaryRole?.readOnlyRoutingList }
      : e.type === 'replica.add'
        ? { owner: e.spec.name, entries: e.spec.primaryRole?.readOnlyRoutingList }
        : null;
  return list === null || list.entries === undefined
    ? null
    : { owner: list.owner, names: list.entries.flat() };
};

const key = (group: string, replica: string): string =>
  `${instanceKey(group)}\u0000${instanceKey(replica)}`;

interface Walk {
  /** Group and replica keys given a routing URL so far. */
  readonly urls: ReadonlySet<string>;
  readonly found: readonly PlacedReason[];
}

/**
 * Statements on groups the script does not create (an ALTER-only script) that set a
 * READ_ONLY_ROUTING_LIST: each listed replica the script has not given a READ_ONLY_ROUTING_URL
 * before, in the same group, may make SQL Server refuse the statement (Msg 19403, 19404), which
 * the script does not say (core/validation/routing.ts, routingTargetUnknown). A list written
 * after the URLs it needs, as S13's example does, raises nothing.
 */
export const routingTargetUnknowns = (statements: readonly StatementResult[]): PlacedReason[] => [
  ...statements.reduce<Walk>(
    (walk, s) => {
      if (s.outcome.kind !== 'events' || s.group === null) return walk;
      const group = s.group;
      return s.outcome.events.reduce<Walk>((w, e) => {
        // An ADD REPLICA may give the replica its URL and a list naming it in one statement.
        const url = givesUrl(e);
        const urls = url === null ? w.urls : new Set([...w.urls, key(group, url)]);
        const list = setsList(e);
        const unsettled =
          list === null
            ? []
            : [...new Map(list.names.map((n) => [instanceKey(n), n])).values()].filter(
                (n) => !urls.has(key(group, n)),
              );
        return {
          urls,
          found: [
            ...w.found,
            ...unsettled.map((name) => ({
              line: s.line,
              column: s.column,
              reason: routingTargetUnknown(group, list?.owner ?? '', name),
            })),
          ],
        };
      }, walk);
    },
    { urls: new Set<string>(), found: [] },
  ).found,
];
