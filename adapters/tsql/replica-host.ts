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

export interface Named {
  readonly name: string;
  readonly endpointUrl: string;
}

/** The name the replicas found share, when they are one replica (case aside); else undefined. */
const onlyOne = (found: readonly Named[]): string | undefined =>
  new Set(found.map((r) => r.name.toLowerCase())).size === 1 ? found[0]!.name : undefined;

/**
 * The name of the one replica among `replicas` whose ENDPOINT_URL host is the host `server`
 * names, on the same instance (default or named); undefined where `server` is a replica's own
 * name, or names no replica's endpoint host, or more than one.
 */
const replicaAtEndpointHost = (replicas: readonly Named[], server: string): string | undefined => {
  if (replicas.some((r) => same(r.name, server))) return undefined;
  const at = addressOf(server);
  if (at.host === '') return undefined;
  const found = replicas.filter((r) => {
    const host = urlHost(r.endpointUrl);
    return (
      host !== undefined && same(host, at.host) && same(addressOf(r.name).instance, at.instance)
    );
  });
  return onlyOne(found);
};

/**
 * The one named-instance replica on the host a `:Connect` names without an instance: `:CONNECT
 * SERVER2` for replica 'SERVER2\SQL2016' (Mark Broadbent's lab, S143). sqlcmd's -S (S100): "Specify
 * server_name to connect to the default instance of SQL Server on that server computer. Specify
 * server_name [ \instance_name ] to connect to a named instance": the connection reaches the named
 * instance only where it answers on the default instance's port (1433) or a client alias maps the
 * name, which the script does not show. Undefined where a replica is that server itself, or where
 * no or several named instances on that host are replicas.
 */
const namedInstanceOnHost = (replicas: readonly Named[], server: string): string | undefined => {
  if (replicas.some((r) => same(r.name, server))) return undefined;
  const at = addressOf(server);
  if (at.host === '' || at.instance !== '') return undefined;
  const found = replicas.filter((r) => {
    const own = addressOf(r.name);
    return own.instance !== '' && same(own.host, at.host);
  });
  return onlyOne(found);
};

/**
 * Where a `:Connect` to `server` runs among `replicas`: the replica at its endpoint host, else the
 * named instance on its host, with the warning that reading carries; undefined for neither.
 */
export const placeOnReplica = (
  replicas: readonly Named[],
  server: string,
): { readonly replica: string; readonly warning?: string } | undefined => {
  const byEndpoint = replicaAtEndpointHost(replicas, server);
  if (byEndpoint !== undefined) return { replica: byEndpoint };
  const named = namedInstanceOnHost(replicas, server);
  return named === undefined
    ? undefined
    : { replica: named, warning: hostOnlyWarning(server, named) };
};

/** The warning for a `:Connect` read as reaching a named instance it does not name. */
const hostOnlyWarning = (server: string, replica: string): string =>
  `:Connect ${server} names the host of replica ${replica} but not its instance: sqlcmd connects to the default instance of that computer, which is ${replica} only where that instance answers on the default port (1433) or a client alias maps ${server} to it; agstate reads the statements after it as run on ${replica} (SELECT @@SERVERNAME after the :Connect settles it)`;

/** The replicas of the groups a script has created so far, to place a later `:Connect`. */
export const replicasOf = (configs: readonly Config[]): readonly Named[] =>
  configs.flatMap((c) => (c.kind === 'DISTRIBUTED' ? [] : c.replicas));
