import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';
import { parseTcpUrl } from '../validation/urls.js';

const rule = source(
  'S3',
  "JOIN / MODIFY AVAILABILITY GROUP ON, LISTENER_URL port: a port number that's associated with the mirroring endpoint of the availability group; this isn't the port of the listener (S58: port 5022, not port 60173 used to create the listener)",
);

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Each member whose LISTENER_URL names its group's listener port where no replica of that group
 * has its mirroring endpoint: the link connects to the listener's TDS port, not to an endpoint.
 * Only where the member's own configuration is given and every ENDPOINT_URL of it reads; a port
 * that is neither may be a load balancer's, so it is left alone.
 */
export const listenerPortFindings = (
  config: Config,
  memberConfigs: readonly Config[],
): readonly Reason[] =>
  config.members.flatMap((m) => {
    const url = parseTcpUrl(m.listenerUrl);
    const group = memberConfigs.find((c) => c.kind !== 'DISTRIBUTED' && sameName(c.name, m.name));
    if (url === undefined || group === undefined) return [];
    const listener = group.listener;
    if (listener === null || listener.port !== url.port) return [];
    const ports = group.replicas.map((r) => parseTcpUrl(r.endpointUrl)?.port);
    if (ports.includes(undefined) || ports.includes(url.port)) return [];
    const endpoints = [...new Set(ports)].join(', ');
    return [
      reason(
        'LISTENER_URL_IS_LISTENER_PORT',
        `${config.name} reaches member group ${m.name} at LISTENER_URL = '${m.listenerUrl}', the port of its listener ${listener.name} (PORT = ${url.port}); LISTENER_URL takes the port of the database mirroring endpoint, which ${m.name}'s replicas have at ${endpoints}: write 'TCP://${url.host}:${ports[0]}'`,
        rule,
      ),
    ];
  });
