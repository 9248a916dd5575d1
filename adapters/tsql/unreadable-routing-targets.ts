import { routedNames } from '../../core/validation/routing.js';
import { type ConfigAfterScript, statementSetting } from './configs-after.js';
import { same } from './names.js';

/** A READ_ONLY_ROUTING_LIST naming replicas that, as the script leaves the group, take no reads. */
export interface UnreadableRoutingTargets {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * Each routing list that names another replica whose SECONDARY_ROLE (ALLOW_CONNECTIONS) is NO as
 * the script leaves the group. SQL Server takes the list (no error of 19401-19404 is about it) and
 * routing passes such a replica by: "If this secondary replica is not readable … the connection
 * will be directed back to the primary replica" (S13, Example (PowerShell)); Mark Broadbent's lab
 * (S143) sets its lists on replicas created with ALLOW_CONNECTIONS = NO and then makes them
 * readable. A warning at the statement that sets the list, not a violation (docs/rules.md, D22).
 */
export const unreadableRoutingTargets = (
  groups: readonly ConfigAfterScript[],
): readonly UnreadableRoutingTargets[] =>
  groups.flatMap((after) => {
    const { config } = after;
    if (config.kind === 'DISTRIBUTED') return [];
    return config.replicas.flatMap((owner) => {
      // The owner's own entry serves while it is primary, where SECONDARY_ROLE does not apply.
      const unreadable = routedNames(owner).flatMap((name) => {
        const target = config.replicas.find((r) => same(r.name, name));
        return target !== undefined &&
          !same(target.name, owner.name) &&
          target.secondaryRole.allowConnections === 'NO'
          ? [target.name]
          : [];
      });
      const at = statementSetting(
        after,
        owner.name,
        (o) => o.primaryRole?.readOnlyRoutingList !== undefined,
      );
      if (unreadable.length === 0 || at === undefined) return [];
      const names = unreadable.join(', ');
      const them = unreadable.length === 1 ? 'it' : 'them';
      return [
        {
          line: at.line,
          column: at.column,
          text: `${owner.name}'s READ_ONLY_ROUTING_LIST names ${names}, whose SECONDARY_ROLE (ALLOW_CONNECTIONS = NO) takes no connections as the script leaves the group: SQL Server accepts the list, and read-only routing passes ${them} by while ${owner.name} is primary ('Configure read-only routing for an Always On availability group': "If this secondary replica is not readable … the connection will be directed back to the primary replica"); set SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY or ALL) on ${them} for read-intent logins to reach ${them}`,
        },
      ];
    });
  });
