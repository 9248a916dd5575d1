import { namesListener } from '../../core/routing/routing-url.js';
import { type ConfigAfterScript, statementSetting } from './configs-after.js';
import { same } from './names.js';

/** A READ_ONLY_ROUTING_URL that sends routed clients back to the group's own listener. */
export interface ListenerRoutingUrl {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * A replica that another replica's READ_ONLY_ROUTING_LIST names, whose READ_ONLY_ROUTING_URL, as
 * the script leaves the group, names the group's listener (its DNS name or an address, on its
 * port): S13 wants an address that "unambiguously identifies the destination computer system";
 * the listener "always points to the primary replica", where a read-intent login through it is
 * routed again (S144), until the client driver refuses the next redirection. SQL Server accepts
 * the URL, and each login routed there fails: a warning, at the statement that sets the URL.
 */
export const listenerRoutingUrls = (
  groups: readonly ConfigAfterScript[],
): readonly ListenerRoutingUrl[] =>
  groups.flatMap((after) => {
    const { config } = after;
    const listener = config.listener;
    if (config.kind === 'DISTRIBUTED' || listener === null) return [];
    return config.replicas.flatMap((target) => {
      const url = target.secondaryRole.readOnlyRoutingUrl;
      const owners = config.replicas.filter(
        (owner) =>
          !same(owner.name, target.name) &&
          owner.primaryRole.readOnlyRoutingList.flat().some((n) => same(n, target.name)),
      );
      const at = statementSetting(
        after,
        target.name,
        (o) => o.secondaryRole?.readOnlyRoutingUrl !== undefined,
      );
      if (url === null || owners.length === 0 || at === undefined) return [];
      if (!namesListener(url, listener)) return [];
      const lists = owners.map((o) => o.name).join(', ');
      return [
        {
          line: at.line,
          column: at.column,
          text: `${target.name}'s READ_ONLY_ROUTING_URL '${url}' names the listener ${listener.name} on its port ${listener.port}, not ${target.name}, and the READ_ONLY_ROUTING_LIST of ${lists} routes read-intent logins to ${target.name}: such a login is sent to the listener, reaches the primary again and is routed again, until the client driver refuses the next redirection, so it fails (SQL Server accepts the URL; 'Calculating read_only_routing_url for AlwaysOn': the listener endpoint "always points to the primary replica"); give ${target.name}'s own host name and the port its Database Engine listens on`,
        },
      ];
    });
  });
