import { routedNames } from '../../core/validation/routing.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import { type ConfigAfterScript, statementSetting } from './configs-after.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';

/** Read-only routing set in the group a distributed group sends its log to. */
export interface SecondaryGroupRouting {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** A statement that may move the distributed group's PRIMARY role (placed or not). */
const movesRole = (s: StatementResult): boolean =>
  s.outcome.kind === 'events'
    ? s.outcome.events.some(
        (e) =>
          e.type === 'ag.failover' ||
          e.type === 'ag.forceFailover' ||
          e.type === 'ag.setRoleSecondary',
      )
    : s.outcome.kind === 'unplaced' && /\bFAILOVER\b|\bROLE\s*=/i.test(s.outcome.sql);

/**
 * Each member group that, as the script leaves it, is the secondary group of a distributed group
 * (its second member, the first holding the global primary, with no failover of the distributed
 * group in the script) and has a READ_ONLY_ROUTING_LIST on a replica. 'Distributed availability
 * groups' (S43), Scale out readable replicas: "Read-Only Routing can be configured, but won't work
 * for the secondary availability group of the distributed availability group. All queries, if they
 * use the listener to connect to the secondary availability group, go to the primary replica of the
 * secondary availability group. Otherwise, you need to configure each replica to allow all
 * connections as a secondary replica and access them directly. However, read-only routing will
 * work if the secondary availability group becomes primary after a failover." SQL Server takes the
 * lists, so this is a warning, at the last statement that sets one. A script that fails the
 * distributed group over is not judged (which side it leaves primary is the failover's), nor a
 * Managed Instance link.
 */
export const secondaryGroupRouting = (
  groups: readonly ConfigAfterScript[],
): readonly SecondaryGroupRouting[] =>
  groups.flatMap((dag) => {
    const { config } = dag;
    const [primary, secondary] = config.members;
    if (config.kind !== 'DISTRIBUTED' || primary === undefined || secondary === undefined)
      return [];
    if (config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return [];
    if (dag.statements.some(movesRole)) return [];
    const member = groups.find(
      (g) => g.config.kind !== 'DISTRIBUTED' && same(g.config.name, secondary.name),
    );
    if (member === undefined) return [];
    const owners = member.config.replicas.filter((r) => routedNames(r).length > 0);
    const at = owners
      .map((o) =>
        statementSetting(member, o.name, (x) => x.primaryRole?.readOnlyRoutingList !== undefined),
      )
      .filter((s): s is StatementResult => s !== undefined)
      .reduce<StatementResult | undefined>(
        (last, s) => (last === undefined || s.line > last.line ? s : last),
        undefined,
      );
    if (at === undefined) return [];
    const name = member.config.name;
    const listener =
      member.config.listener === null
        ? 'its listener'
        : `its listener ${member.config.listener.name}`;
    return [
      {
        line: at.line,
        column: at.column,
        text: `${name} sets READ_ONLY_ROUTING_LIST (${owners.map((o) => o.name).join(', ')}), and the script leaves ${name} the secondary group of the distributed group ${config.name}, which ${primary.name} sends its log: 'Distributed availability groups' (S43), "Read-Only Routing can be configured, but won't work for the secondary availability group of the distributed availability group. All queries, if they use the listener to connect to the secondary availability group, go to the primary replica of the secondary availability group"; SQL Server takes the lists, but a read-intent connection through ${listener} stays on ${name}'s primary (the forwarder) until a failover of ${config.name} makes ${name} primary ("read-only routing will work if the secondary availability group becomes primary after a failover"); until then reads reach its secondaries only by connecting to them directly (S43: "configure each replica to allow all connections as a secondary replica and access them directly")`,
      },
    ];
  });
