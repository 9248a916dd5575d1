import type { Config } from '../model/config.js';
import { type Reason, type RuleSource, source, unknownReason } from '../model/source.js';
import { BUILD_SETTLED_BY } from './builds.js';
import { type ConfigRule, duplicatesBy, quote, violation } from './codes.js';

/** The parts of a `TCP://host:port` URL. */
export interface TcpUrl {
  readonly host: string;
  readonly port: number;
}

// Address shapes, for endpoint hosts and listener addresses (ag-rules §1.2, §1.3 Listener).
const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);

const ipv4Number = (text: string): number =>
  text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** A mask is some leading one bits followed only by zero bits. */
export const isSubnetMask = (text: string): boolean => {
  if (!IPV4.test(text)) return false;
  const inverted = 0xffffffff - ipv4Number(text);
  return (inverted & (inverted + 1)) === 0;
};

export const isIpv4 = (text: string): boolean => IPV4.test(text);

/**
 * The IPv4 subnet an address is in under its mask, as 'network/mask' (null when either is not a
 * valid IPv4 address or mask): two listener addresses with one key share a subnet.
 */
export const ipv4Subnet = (address: string, mask: string): string | null => {
  if (!IPV4.test(address) || !isSubnetMask(mask)) return null;
  const hosts = 0x100000000 - ipv4Number(mask);
  const n = ipv4Number(address);
  return `${n - (n % hosts)}/${mask}`;
};

export const isIpv6 = (text: string): boolean => {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
};

// Host: a NetBIOS name, an FQDN or an IPv4 address; an IPv6 address goes in square brackets
// (ag-rules §1.2 ENDPOINT_URL, S51). The scheme is case-insensitive: Linux examples write tcp://.
const TCP_URL =
  /^tcp:\/\/(\[[0-9a-f:.]*:[0-9a-f:.]*\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?):([0-9]{1,5})$/i;

/** Parse `TCP://host:port`, or nothing when the text has another shape or the port is not 1..65535. */
export const parseTcpUrl = (text: string): TcpUrl | undefined => {
  const match = TCP_URL.exec(text);
  if (match === null) return undefined;
  const host = match[1]!;
  const port = Number(match[2]);
  if (host.startsWith('[') && !isIpv6(host.slice(1, -1))) return undefined;
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
};

const SHAPE =
  'TCP://<system-address>:<port> (an IPv6 address in square brackets, a port from 1 to 65535)';

// A template parameter as SSMS templates and the documentation's scripts write them: `<node1>`;
// or a sqlcmd scripting variable the script never defines (`$(ServerA)`), which SQLCMD mode refuses
// to substitute ("A fatal scripting error occurred. Variable … is not defined."): the value it
// stands for is not in the input.
const PLACEHOLDER = /<[^<>]+>|\$\([^()]+\)/g;

/**
 * The template placeholders in a text, e.g. `<node1>` and `<5022>` in `TCP://<node1>:<5022>`, or
 * `$(Server)` and `$(Port)` in `TCP://$(Server):$(Port)`.
 */
export const placeholdersIn = (text: string): readonly string[] => text.match(PLACEHOLDER) ?? [];

/**
 * A URL that does not parse: a placeholder is not wrong but not yet known (the script is a
 * template), so it is an unknown naming what settles it; anything else is invalid.
 */
const urlFinding = (
  what: string,
  option: string,
  url: string,
  rule: RuleSource,
  invalid: () => Reason,
): readonly Reason[] => {
  if (parseTcpUrl(url) !== undefined) return [];
  const placeholders = placeholdersIn(url);
  if (placeholders.length === 0) return [invalid()];
  return [
    unknownReason(
      'URL_PLACEHOLDER',
      `${what} has ${option} = ${quote(url)}, which holds the template placeholder${placeholders.length === 1 ? '' : 's'} ${placeholders.join(', ')}; replace ${placeholders.length === 1 ? 'it' : 'them'} with the real address and port before running the script.`,
      rule,
      [`${option} with the real address and port`],
    ),
  ];
};

/** ENDPOINT_URL is `TCP://<system-address>:<port>` (ag-rules §1.2, S51). */
export const endpointUrlShape: ConfigRule = (config) =>
  config.replicas.flatMap((r) => {
    const rule = source('S51', 'Syntax for an endpoint URL');
    return urlFinding(`Replica ${quote(r.name)}`, 'ENDPOINT_URL', r.endpointUrl, rule, () =>
      violation(
        'INVALID_ENDPOINT_URL',
        `Replica ${quote(r.name)} has ENDPOINT_URL = ${quote(r.endpointUrl)}; expected ${SHAPE}.`,
        rule,
      ),
    );
  });

// The Managed Instance link's member URL: the mirroring endpoint, then the managed instance's
// name (and, when the managed instance is the initial primary, its database) for the redirect
// (S83, Configure link with scripts: 'tcp://<ManagedInstanceFQDN>:5022;Server=[<ManagedInstanceName>]').
const LINK_SUFFIX = /^(?:;(?:Server|Database)=\[[^[\]]+\])+$/i;

/** `TCP://host:port;Server=[name]`: the endpoint URL and the link's redirect, or nothing. */
export const parseLinkUrl = (text: string): TcpUrl | undefined => {
  const at = text.indexOf(';');
  if (at < 0 || !LINK_SUFFIX.test(text.slice(at))) return undefined;
  return parseTcpUrl(text.slice(0, at));
};

/**
 * A link URL is documented and generated for SQL Server 2022 from its RTM release; on 2016 and
 * 2019 it needs a servicing update (S83: 2019 CU15, 2016 SP3 with the Azure Connect pack), which
 * the major version does not say; SQL Server 2017 has none: the prerequisites table gives it "Not
 * supported" for replication and disaster recovery alike, its servicing update "N/A".
 */
const linkUrlFindings = (config: Config, what: string, url: string): readonly Reason[] => {
  const rule = source('S83', 'Prerequisites: supported SQL Server versions and servicing updates');
  if (config.version >= 2022 || config.version < 2016) return [];
  if (config.version === 2017)
    return [
      violation(
        'LINK_NOT_SUPPORTED_ON_VERSION',
        `${what} has LISTENER_URL = ${quote(url)}, the Managed Instance link form (the endpoint, then ;Server=[…] for the redirect): the link is not supported on SQL Server 2017 (no servicing update adds it there, unlike 2016 SP3 with the Azure Connect pack and 2019 CU15), so the URL is refused ("invalid listener URL"); link from SQL Server 2016, 2019 or 2022.`,
        rule,
      ),
    ];
  return [
    unknownReason(
      'LINK_LISTENER_URL_BUILD_UNKNOWN',
      `${what} has LISTENER_URL = ${quote(url)}, the Managed Instance link form (the endpoint, then ;Server=[…] for the redirect): SQL Server ${config.version} takes it only with a servicing update (2019 CU15 or later; 2016 SP3 with the Azure Connect pack) and refuses it before ("invalid listener URL"), and only the major version is known.`,
      rule,
      BUILD_SETTLED_BY,
    ),
  ];
};

/** A distributed group's LISTENER_URL names a mirroring endpoint, in the same shape (ag-rules §1.2, S3). */
export const memberListenerUrlShape: ConfigRule = (config) =>
  config.members.flatMap((m) => {
    const what = `Member availability group ${quote(m.name)}`;
    const rule = source('S3', 'LISTENER_URL');
    if (parseLinkUrl(m.listenerUrl) !== undefined)
      return linkUrlFindings(config, what, m.listenerUrl);
    return urlFinding(what, 'LISTENER_URL', m.listenerUrl, rule, () =>
      violation(
        'INVALID_ENDPOINT_URL',
        `${what} has LISTENER_URL = ${quote(m.listenerUrl)}; expected ${SHAPE}, where the port is the database mirroring endpoint port.`,
        rule,
      ),
    );
  });

/** Two replicas with one endpoint are one instance, which can host only one replica of a group (S5). */
export const uniqueEndpointUrls: ConfigRule = (config) =>
  duplicatesBy(
    config.replicas.filter((r) => parseTcpUrl(r.endpointUrl) !== undefined),
    (r) => {
      const url = parseTcpUrl(r.endpointUrl)!;
      return `${url.host.toLowerCase()}:${url.port}`;
    },
  ).map((group) =>
    violation(
      'DUPLICATE_ENDPOINT_URL',
      `Replicas ${group.map((r) => quote(r.name)).join(' and ')} have the same ENDPOINT_URL ${quote(group[0]!.endpointUrl)}; an endpoint identifies one instance, and an instance hosts at most one replica of an availability group.`,
      source('S5', 'Availability replicas (one replica per instance and node)'),
    ),
  );

const PORTLESS_TCP_URL =
  /^tcp:\/\/(\[[0-9a-f:.]*:[0-9a-f:.]*\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)$/i;

/** The host of `TCP://host`, a URL with no port, or nothing when the text has another shape. */
export const portlessTcpHost = (text: string): string | undefined => {
  const host = PORTLESS_TCP_URL.exec(text)?.[1];
  if (host === undefined) return undefined;
  return host.startsWith('[') && !isIpv6(host.slice(1, -1)) ? undefined : host;
};

const READ_ONLY_ROUTING_URL = 'SECONDARY_ROLE (READ_ONLY_ROUTING_URL)' as const;

/**
 * A READ_ONLY_ROUTING_URL without a port: S145 says "You can omit the port in the URL if it is the
 * default 1433 port", while Msg 19401 (S66) and the syntax (S3) give 'TCP://system-address:port'.
 * The documentation does not settle whether SQL Server takes it, so it is unknown, not invalid.
 */
const routingUrlPortOmitted = (name: string, url: string, host: string): Reason =>
  unknownReason(
    'ROUTING_URL_PORT_OMITTED',
    `Replica ${quote(name)} has ${READ_ONLY_ROUTING_URL} = ${quote(url)}, without a port. 'Feature interoperability with SQL Server FCI & DNN' says the port can be omitted when it is the default 1433 (a routed client then connects to ${host} on port 1433), while SQL Server's error 19401 gives the required format as 'TCP://system-address:port'; the documentation does not settle whether SQL Server takes the URL.${name.includes('\\') ? ` ${quote(name)} is a named instance: the same page says to configure a static port for a named instance and give it in the URL.` : ''}`,
    source('S145', 'Availability groups and FCI'),
    [
      `the statement run on the primary (refused with Msg 19401, or taken)`,
      `sys.availability_replicas.read_only_routing_url of ${name}`,
    ],
  );

/**
 * What a routing URL as written says (ag-rules §1.2, S3): `TCP://<address>:<port>`, else invalid
 * (Msg 19401, S66), but unknown when it holds a placeholder, or when it is a READ_ONLY_ROUTING_URL
 * without its port (S145). Shared by the group's rules and by statements on groups a script does not
 * create.
 */
export const routingUrlFindings = (
  name: string,
  option: 'SECONDARY_ROLE (READ_ONLY_ROUTING_URL)' | 'PRIMARY_ROLE (READ_WRITE_ROUTING_URL)',
  url: string,
): readonly Reason[] => {
  const portless = option === READ_ONLY_ROUTING_URL ? portlessTcpHost(url) : undefined;
  if (portless !== undefined) return [routingUrlPortOmitted(name, url, portless)];
  return urlFinding(`Replica ${quote(name)}`, option, url, source('S3', option), () =>
    violation(
      'INVALID_ROUTING_URL',
      `Replica ${quote(name)} has ${option} = ${quote(url)}; expected ${SHAPE}, where the port is the Database Engine (TDS) port.`,
      source('S3', option),
    ),
  );
};

/** READ_ONLY_ROUTING_URL and READ_WRITE_ROUTING_URL are `TCP://<address>:<port>` (ag-rules §1.2, S3). */
export const routingUrlShape: ConfigRule = (config) =>
  config.replicas.flatMap((r) => [
    ...(r.secondaryRole.readOnlyRoutingUrl === null
      ? []
      : routingUrlFindings(r.name, READ_ONLY_ROUTING_URL, r.secondaryRole.readOnlyRoutingUrl)),
    ...(r.primaryRole.readWriteRoutingUrl === null
      ? []
      : routingUrlFindings(
          r.name,
          'PRIMARY_ROLE (READ_WRITE_ROUTING_URL)',
          r.primaryRole.readWriteRoutingUrl,
        )),
  ]);

export const URL_RULES: readonly ConfigRule[] = [
  endpointUrlShape,
  memberListenerUrlShape,
  uniqueEndpointUrls,
  routingUrlShape,
];
