import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';
import { parseTcpUrl } from '../validation/urls.js';

const rule = source(
  'S58',
  'Create second availability group, note: the secondary availability group must use the same database mirroring endpoint (in this example port 5022); otherwise, replication will stop after a local failover',
);

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Each member group of a distributed group whose replicas do not all have their mirroring endpoint
 * at one port. The other group reaches the member's primary at the one port its LISTENER_URL
 * names, so after a failover inside the member to a replica whose endpoint is elsewhere no log
 * crosses. Only where the member's configuration is given and every ENDPOINT_URL of it reads.
 */
export const endpointPortFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] =>
  config.members.flatMap((m) => {
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (group === undefined) return [];
    const ports = group.replicas.map((r) => ({
      name: r.name,
      port: parseTcpUrl(r.endpointUrl)?.port,
    }));
    if (ports.some((p) => p.port === undefined)) return [];
    if (new Set(ports.map((p) => p.port)).size < 2) return [];
    const urlPort = parseTcpUrl(m.listenerUrl)?.port;
    const list = ports.map((p) => `${p.name} at ${p.port}`).join(', ');
    const reached =
      urlPort === undefined ? '' : ` (its LISTENER_URL '${m.listenerUrl}' names port ${urlPort})`;
    return [
      reason(
        'MEMBER_ENDPOINT_PORTS_DIFFER',
        `${config.name} reaches member group ${m.name} at one database mirroring endpoint port${reached}, but ${m.name}'s replicas have their endpoints at different ports (${list}): a member group must use the same database mirroring endpoint on every replica, otherwise replication stops after a failover inside ${m.name} to a replica whose endpoint is at another port`,
        rule,
      ),
    ];
  });
