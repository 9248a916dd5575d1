import type { Config, Replica } from '../model/config.js';
import { parseTcpUrl } from '../validation/urls.js';

const isAddress = (host: string): boolean => host.startsWith('[') || /^[\d.]+$/.test(host);

// The same computer written as a NetBIOS name and as its FQDN ('SQLFCIAG-1', 'SQLFCIAG-1.contoso.com');
// addresses are compared whole.
const sameHost = (a: string, b: string): boolean => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || (!isAddress(x) && !isAddress(y) && x.split('.')[0] === y.split('.')[0]);
};

const namesReplica = (host: string, r: Replica): boolean => {
  const endpoint = parseTcpUrl(r.endpointUrl)?.host;
  const server = r.name.split('\\')[0] ?? r.name;
  return sameHost(host, server) || (endpoint !== undefined && sameHost(host, endpoint));
};

/**
 * The replica of a member group a LISTENER_URL names by its server (its name or its ENDPOINT_URL's
 * host), or null: where it names the group's listener (its name or one of its addresses), names no
 * replica, or does not read as TCP://host:port. A group of one replica is never judged: with no
 * other replica its primary cannot move (the Managed Instance link's and the migration guides'
 * standalone instances).
 */
export const urlNamesReplica = (listenerUrl: string, group: Config): string | null => {
  const host = parseTcpUrl(listenerUrl)?.host;
  if (host === undefined || group.replicas.length < 2) return null;
  const listener = group.listener;
  if (
    listener !== null &&
    (sameHost(host, listener.name) || listener.addresses.some((a) => sameHost(host, a.address)))
  )
    return null;
  return group.replicas.find((r) => namesReplica(host, r))?.name ?? null;
};
