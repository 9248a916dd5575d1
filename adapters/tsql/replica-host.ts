import type { Config } from '../../core/model/config.js';
import { same } from './names.js';

/**
 * The replica a `:Connect` reaches when it names the computer by the address the script itself
 * gives that replica's endpoint, not by the replica's name: `sqlcmd -S sql1.ag1` on a group whose
 * replica 'sql1' has ENDPOINT_URL = 'tcp://sql1.ag1:5022' (redhat-cop/sqlserver-coi,
 * ag-setup.sh). CREATE AVAILABILITY GROUP (S4): the replica is named by 'system_name', "the
 * NetBIOS name of the computer system on which the target instance of SQL Server resides", while
 * ENDPOINT_URL's system-address is "a string, such as a system name, a fully qualified domain
 * name, or an IP address, that unambiguously identifies the destination computer system".
 */

interface Address {
  readonly host: string;
  readonly instance: string;
}

/** A server as `:Connect` writes it: host and `\instance`, without a `tcp:` prefix or `,port`. */
const addressOf = (server: string): Address => {
  const [host = '', instance = ''] = (server.replace(/^tcp:/i, '').split(',')[0] ?? '').split('\\');
  return { host: host.trim(), instance: instance.trim() };
};

/** The host of a `TCP://host:port` URL, without brackets. */
const urlHost = (url: string): string | undefined =>
  /^tcp:\/\/\[?([^\]/]+?)\]?:\d+\/?$/i.exec(url.trim())?.[1];

interface Named {
  readonly name: string;
  readonly endpointUrl: string;
}

/**
 * The name of the one replica among `replicas` whose ENDPOINT_URL host is the host `server`
 * names, on the same instance (default or named); undefined where `server` is a replica's own
 * name, or names no replica's endpoint host, or more than one.
 */
export const replicaAtEndpointHost = (
  replicas: readonly Named[],
  server: string,
): string | undefined => {
  if (replicas.some((r) => same(r.name, server))) return undefined;
  const at = addressOf(server);
  if (at.host === '') return undefined;
  const found = replicas.filter((r) => {
    const host = urlHost(r.endpointUrl);
    return (
      host !== undefined && same(host, at.host) && same(addressOf(r.name).instance, at.instance)
    );
  });
  const names = new Set(found.map((r) => r.name.toLowerCase()));
  return names.size === 1 ? found[0]!.name : undefined;
};

/** The replicas of the groups a script has created so far, to place a later `:Connect`. */
export const replicasOf = (configs: readonly Config[]): readonly Named[] =>
  configs.flatMap((c) => (c.kind === 'DISTRIBUTED' ? [] : c.replicas));
