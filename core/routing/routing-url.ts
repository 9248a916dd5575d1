import type { Listener, Replica } from '../model/config.js';
import { type Reason, unknownReason } from '../model/source.js';
import { routingReason as because, ROUTING_REASONS } from './codes.js';

/** `TCP://host:port`, host in any case, an IPv6 host in brackets (S13, S51). */
export const hostAndPort = (
  url: string,
): { readonly host: string; readonly port: string } | null => {
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/i.exec(url.trim());
  return m?.[1] === undefined || m[2] === undefined
    ? null
    : { host: m[1].toLowerCase(), port: String(Number(m[2])) };
};

const isAddress = (host: string): boolean =>
  host.startsWith('[') || host.includes(':') || /^[\d.]+$/.test(host);

/**
 * A host as a computer name: its first DNS label, so that a NetBIOS name and its FQDN ('sql2',
 * 'sql2.contoso.com') are one computer; an address stays whole.
 */
export const hostLabel = (host: string): string =>
  isAddress(host) ? host : (host.split('.')[0] ?? host);

const sameHost = (a: string, b: string): boolean => a === b || hostLabel(a) === hostLabel(b);

/**
 * The port a replica's Database Engine takes clients on, as its routing URLs say it (S13: the
 * READ_ONLY_ROUTING_URL port "Is a port number that is used by the Database Engine of the SQL
 * Server instance"; READ_WRITE_ROUTING_URL alike, S17): the first URL on the replica's own host
 * that is not its mirroring endpoint, or null when none says.
 */
export const clientPortOf = (replica: Replica): number | null => {
  const endpoint = hostAndPort(replica.endpointUrl);
  for (const url of [
    replica.secondaryRole.readOnlyRoutingUrl,
    replica.primaryRole.readWriteRoutingUrl,
  ]) {
    const at = url === null ? null : hostAndPort(url);
    if (at === null || onMirroringEndpoint(url, replica)) continue;
    if (endpoint !== null && !sameHost(at.host, endpoint.host)) continue;
    return Number(at.port);
  }
  return null;
};

/** Whether `url` names the host and port of the replica's mirroring endpoint. */
export const onMirroringEndpoint = (url: string | null, replica: Replica): boolean => {
  const routing = url === null ? null : hostAndPort(url);
  const endpoint = hostAndPort(replica.endpointUrl);
  return (
    routing !== null &&
    endpoint !== null &&
    routing.port === endpoint.port &&
    sameHost(routing.host, endpoint.host)
  );
};

/**
 * A READ_ONLY_ROUTING_URL on the host and port of the replica's own ENDPOINT_URL sends routed
 * clients to the database mirroring endpoint: S13 wants "a port number that is used by the
 * Database Engine", and the mirroring endpoint "listens on a unique TCP port number" that client
 * connections do not use (S125). SQL Server takes such a URL and routes there; the login fails.
 */
export const routingUrlOnMirroringEndpoint = (replica: Replica): readonly Reason[] => {
  const url = replica.secondaryRole.readOnlyRoutingUrl;
  return !onMirroringEndpoint(url, replica)
    ? []
    : [
        because(
          'ROUTING_URL_IS_MIRRORING_ENDPOINT',
          `${replica.name}'s READ_ONLY_ROUTING_URL ${url} names the host and port of its database mirroring endpoint (ENDPOINT_URL ${replica.endpointUrl}): the read-intent client is sent there, but client connections do not use the mirroring endpoint, so the routed login fails; the URL needs the port the Database Engine listens on for clients (1433 by default)`,
        ),
      ];
};

const bare = (host: string): string => host.replace(/^\[|\]$/g, '');

/** Whether `url` names the listener, by DNS name (NetBIOS or FQDN) or address, on its port. */
export const namesListener = (url: string, listener: Listener): boolean => {
  const routing = hostAndPort(url);
  return (
    routing !== null &&
    routing.port === String(listener.port) &&
    (sameHost(routing.host, listener.name.toLowerCase()) ||
      listener.addresses.some((a) => bare(a.address.toLowerCase()) === bare(routing.host)))
  );
};

/**
 * A READ_ONLY_ROUTING_URL that names the group's listener sends the routed client back to the
 * listener, which "always points to the primary replica", where a read-intent login through the
 * listener is routed again to the same URL (S144: the algorithm, and the URL script that leaves
 * the listeners' addresses out); S13 wants an address that "unambiguously identifies the
 * destination computer system". The client driver gives up after its limit of redirections.
 */
export const routingUrlOnListener = (
  replica: Replica,
  listener: Listener | null,
  primary: string,
): readonly Reason[] => {
  const url = replica.secondaryRole.readOnlyRoutingUrl;
  return url === null || listener === null || !namesListener(url, listener)
    ? []
    : [
        because(
          'ROUTING_URL_IS_LISTENER',
          `${replica.name}'s READ_ONLY_ROUTING_URL ${url} names the listener ${listener.name} on its port ${listener.port}, not ${replica.name}: the routed client connects to the listener again, reaches the primary ${primary} again and is routed to the same URL again, until the client driver refuses (Microsoft.Data.SqlClient: "Two or more redirections have occurred. Only one redirection per login is allowed."), so the read-intent login fails; the URL needs ${replica.name}'s own host name and the port its Database Engine listens on`,
        ),
      ];
};

/** The computer part of a replica's name, lower-cased ('SQLNODE1\\SQL2019' is on sqlnode1). */
export const machineOf = (name: string): string => (name.split('\\')[0] ?? name).toLowerCase();

/**
 * Whether a URL's host names the replica's own computer as the snapshot shows it: its ENDPOINT_URL
 * host, or a DNS name whose first label is the replica's computer name or that host's (a NetBIOS
 * name and its FQDN are one computer, as elsewhere).
 */
const namesReplicaHost = (host: string, replica: Replica): boolean => {
  const endpoint = hostAndPort(replica.endpointUrl)?.host;
  if (endpoint !== undefined && bare(host) === bare(endpoint)) return true;
  if (isAddress(host)) return false;
  const label = hostLabel(host);
  return (
    label === machineOf(replica.name) ||
    (endpoint !== undefined && !isAddress(endpoint) && label === hostLabel(endpoint))
  );
};

/** The host a routing URL names when it is not the replica's own; null when it is, or unread. */
const foreignHost = (url: string | null, replica: Replica): string | null => {
  const at = url === null ? null : hostAndPort(url);
  return at === null || namesReplicaHost(at.host, replica) ? null : at.host;
};

// A replica's configuration is shared by every facts value and every database routed through it:
// its answer is worked out once.
const hostUnknownByReplica = new WeakMap<Replica, readonly Reason[]>();

/**
 * A READ_ONLY_ROUTING_URL whose host is neither the replica's computer nor its ENDPOINT_URL host:
 * the primary sends the routed client to that host, unchecked (S144: the URL "determines what the
 * replica will report back to the client driver"), and S13 wants an address that "unambiguously
 * identifies the destination computer system". An alias of the replica (a DNS CNAME, an FCI's
 * distributed network name, S145) reaches it; a mistyped name fails the login ("The host cannot
 * be found", S173). Which one it is, no view shows.
 */
export const routingUrlHostUnknown = (replica: Replica): readonly Reason[] => {
  let known = hostUnknownByReplica.get(replica);
  if (known === undefined) {
    known = hostUnknownOf(replica);
    hostUnknownByReplica.set(replica, known);
  }
  return known;
};

/**
 * An IP address is a system-address S13 allows ("a system name, a fully qualified domain name, or
 * an IP address"): it is no alias, and no name lookup from the client ties it to the replica; the
 * addresses of the replica's machine do.
 */
const whereHostLeads = (
  host: string,
  replica: string,
  what: string,
): { readonly leads: string; readonly settledBy: readonly string[] } =>
  isAddress(host)
    ? {
        leads: `reaches ${replica} only if ${host} is an address of ${replica}'s machine; an address no machine holds fails the ${what}, and another machine's address lands the client there`,
        settledBy: [
          `the IP addresses of ${replica}'s machine (ipconfig on Windows, ip addr on Linux), against ${host}`,
          `SELECT CONNECTIONPROPERTY('local_net_address') on a TCP connection made to ${replica}`,
        ],
      }
    : {
        leads: `reaches ${replica} only if that name is an alias of it (a DNS alias, an FCI's distributed network name); a mistyped or stale name fails the ${what} ("The host cannot be found")`,
        settledBy: [`nslookup ${host} from the client, against the address of ${replica}`],
      };

const hostUnknownOf = (replica: Replica): readonly Reason[] => {
  const url = replica.secondaryRole.readOnlyRoutingUrl;
  const host = foreignHost(url, replica);
  if (url === null || host === null) return [];
  const where = whereHostLeads(host, replica.name, 'login after the routing');
  return [
    unknownReason(
      'ROUTING_URL_HOST_NOT_REPLICA',
      isAddress(host)
        ? `unknown: ${replica.name}'s READ_ONLY_ROUTING_URL ${url} names the address ${host}, which is not the host of its ENDPOINT_URL ${replica.endpointUrl}: the primary sends the read-intent client to ${host} without checking it, so the login ${where.leads}`
        : `unknown: ${replica.name}'s READ_ONLY_ROUTING_URL ${url} names the host ${host}, which is neither ${replica.name} nor the host of its ENDPOINT_URL ${replica.endpointUrl}: the primary sends the read-intent client to ${host} without checking it, so the login ${where.leads}, and another server's name lands the client there`,
      ROUTING_REASONS.ROUTING_URL_HOST_NOT_REPLICA,
      [
        ...where.settledBy,
        `SELECT @@SERVERNAME on a read-intent connection through the listener that names a database of the group`,
        `sys.availability_replicas.read_only_routing_url of ${replica.name}`,
      ],
    ),
  ];
};

/**
 * The primary's READ_WRITE_ROUTING_URL naming another host than the primary's (and not the
 * listener, which leads to the primary): a secondary redirects the read-write login there
 * unchecked, as read-only routing does (S17; S173 for a mistyped routing host).
 */
export const redirectUrlHostUnknown = (
  primary: Replica,
  from: string,
  listener: Listener | null,
): readonly Reason[] => {
  const url = primary.primaryRole.readWriteRoutingUrl;
  const host = foreignHost(url, primary);
  if (url === null || host === null || (listener !== null && namesListener(url, listener)))
    return [];
  const address = isAddress(host);
  return [
    unknownReason(
      'CONNECT_REDIRECT_URL_HOST_NOT_REPLICA',
      address
        ? `unknown: ${from} redirects read-write connections to the primary ${primary.name}'s READ_WRITE_ROUTING_URL ${url}, whose address ${host} is not the host of its ENDPOINT_URL ${primary.endpointUrl}: the client is sent to ${host} without a check, so the redirected login ${whereHostLeads(host, primary.name, 'login after the redirection').leads}`
        : `unknown: ${from} redirects read-write connections to the primary ${primary.name}'s READ_WRITE_ROUTING_URL ${url}, whose host ${host} is neither ${primary.name} nor the host of its ENDPOINT_URL ${primary.endpointUrl}: the client is sent to ${host} without a check, so the redirected login reaches ${primary.name} only if that name is an alias of it; a mistyped or stale name fails it after the redirection, and another server's name lands the client there`,
      ROUTING_REASONS.CONNECT_REDIRECT_URL_HOST_NOT_REPLICA,
      [
        ...whereHostLeads(host, primary.name, 'login after the redirection').settledBy,
        `SELECT @@SERVERNAME on a read-write connection made to ${from}`,
        `sys.availability_replicas.read_write_routing_url of ${primary.name}`,
      ],
    ),
  ];
};
