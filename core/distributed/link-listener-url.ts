import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { parseLinkUrl } from '../validation/urls.js';
import { urlNamesReplica } from './listener-url.js';

const rule = source(
  'S206',
  "Prerequisites; Configure the listener and certificates: for a multiple-node availability group, use the listener's IP address, not an individual SQL Server replica's; without the listener, the link doesn't continue working after a local availability group failover",
);

/** Where the script leaves a member group's primary after its own placed failovers. */
export interface MemberFailover {
  readonly target: string;
  readonly line: number;
}

/**
 * A Managed Instance link whose SQL Server member's LISTENER_URL names one replica of a group of
 * several (its name or its ENDPOINT_URL host) instead of the group's listener (S206: "Use the
 * listener's IP address when configuring the link, not an individual SQL Server replica's IP
 * address. Using the listener lets the link continue working after a local availability group
 * failover"; "Without the listener, the link doesn't continue working after a local availability
 * group failover"). A warning: the link works while that replica is primary; where the script's own
 * last failover of the group (`failovers`, by group name) leaves another replica primary, it says
 * the link no longer works as the script leaves it.
 */
export const linkListenerUrlFindings = (
  config: Config,
  memberConfigs: readonly Config[],
  failovers: ReadonlyMap<string, MemberFailover>,
): readonly Reason[] => {
  if (!config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return [];
  return config.members.flatMap((m) => {
    if (parseLinkUrl(m.listenerUrl) !== undefined) return [];
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    const named = group === undefined ? null : urlNamesReplica(m.listenerUrl, group);
    if (group === undefined || named === null) return [];
    const listener =
      group.listener === null
        ? `${group.name} has no listener in the script, and a multiple-node group needs one configured for the link`
        : `use the IP address of ${group.name}'s listener ${group.listener.name} (${group.listener.addresses.map((a) => a.address).join(', ')}) with the mirroring endpoint's port`;
    const moved = failovers.get(group.name.toLowerCase());
    const after =
      moved !== undefined && moved.target.toLowerCase() !== named.toLowerCase()
        ? `; the script fails ${group.name} over to ${moved.target} (line ${moved.line}), so as it leaves them the link reaches ${named}, no longer the primary, and no log crosses it`
        : `; once ${group.name} fails over to another replica, the link stops`;
    return [
      reason(
        'LINK_LISTENER_URL_NAMES_REPLICA',
        `${config.name} is a Managed Instance link reaching its SQL Server group ${group.name} at LISTENER_URL = '${m.listenerUrl}', which names the replica ${named}, one of ${group.replicas.length}, not the group's listener: ${listener}; without the listener, the link doesn't continue working after a local availability group failover${after}`,
        rule,
      ),
    ];
  });
};
