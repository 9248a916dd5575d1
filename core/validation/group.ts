import type { Listener, ListenerAddress } from '../model/config.js';
import { sysnameProblem } from '../model/names.js';
import { type Reason, source } from '../model/source.js';
import { type ConfigRule, duplicatesBy, quote, unless, violation } from './codes.js';
import { HEALTH_CHECK_TIMEOUT_RANGE } from './ranges.js';
import { ipv4Subnet, isIpv4, isIpv6, isSubnetMask } from './urls.js';

/** An availability group name is a sysname: 1 to 128 characters, not blank, no control character (S4, S5). */
export const groupNames: ConfigRule = (config) =>
  [
    { what: 'Availability group name', name: config.name },
    ...config.members.map((m) => ({ what: 'Member availability group name', name: m.name })),
  ].flatMap(({ what, name }) => {
    const problem = sysnameProblem(name);
    return problem === null
      ? []
      : [
          violation(
            'INVALID_GROUP_NAME',
            `${what} ${JSON.stringify(name)} is not a sysname: ${problem}; it must have 1 to 128 characters and no control character.`,
            source('S4', 'group_name'),
          ),
        ];
  });

/** A database name is a sysname: 1 to 128 characters, not blank, no control character (S4). */
export const databaseNames: ConfigRule = (config) =>
  config.databases.flatMap((name) => {
    const problem = sysnameProblem(name);
    return problem === null
      ? []
      : [
          violation(
            'INVALID_DATABASE_NAME',
            `Database name ${JSON.stringify(name)} is not a sysname: ${problem}.`,
            source('S4', 'DATABASE database_name'),
          ),
        ];
  });

/** R-CFG-7: HEALTH_CHECK_TIMEOUT is 15000..4294967295 milliseconds (S3). */
export const healthCheckTimeoutRange: ConfigRule = (config) =>
  unless(HEALTH_CHECK_TIMEOUT_RANGE.holds(config.healthCheckTimeout), () =>
    violation(
      'HEALTH_CHECK_TIMEOUT_OUT_OF_RANGE',
      `HEALTH_CHECK_TIMEOUT = ${config.healthCheckTimeout} ms; it must be from 15000 to 4294967295 milliseconds.`,
      HEALTH_CHECK_TIMEOUT_RANGE.rule,
    ),
  );

/**
 * R-CFG-6: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is 0..(replicas - 1) (S3); in a distributed
 * group the replicas are its member groups.
 */
export const requiredSynchronizedSecondariesRange: ConfigRule = (config) => {
  const distributed = config.kind === 'DISTRIBUTED';
  const count = distributed ? config.members.length : config.replicas.length;
  const max = Math.max(0, count - 1);
  const value = config.requiredSynchronizedSecondariesToCommit;
  return unless(value >= 0 && value <= max, () =>
    violation(
      'REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE',
      `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${value}; with ${count} ${distributed ? 'member availability groups' : 'replicas'} it must be from 0 to ${max} (the number of replicas minus one).`,
      source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
    ),
  );
};

/** A database is listed once: it belongs to at most one availability group (R-CFG-11, S5). */
export const uniqueDatabases: ConfigRule = (config) =>
  duplicatesBy(config.databases, (d) => d).map((group) =>
    violation(
      'DUPLICATE_DATABASE_NAME',
      `Database ${quote(group[0]!)} is listed ${group.length} times; list each availability database once.`,
      source('S4', 'DATABASE database_name'),
    ),
  );

const LISTENER_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const listenerRule = (section: string) => source('S3', section);

/** What is wrong with one listener address: (ipv4, mask) or (ipv6); DHCP takes IPv4 only. */
const addressProblem = (a: ListenerAddress, dhcp: boolean): string | undefined => {
  if (isIpv4(a.address)) {
    if (a.subnetMask === undefined) return 'an IPv4 address needs a subnet mask';
    return isSubnetMask(a.subnetMask) ? undefined : `${quote(a.subnetMask)} is not a subnet mask`;
  }
  if (isIpv6(a.address)) {
    if (dhcp) return 'DHCP takes an IPv4 address and mask only';
    return a.subnetMask === undefined ? undefined : 'an IPv6 address takes no subnet mask';
  }
  return 'it is neither an IPv4 nor an IPv6 address';
};

const checkListener = (l: Listener): readonly Reason[] => {
  const label = `Listener ${quote(l.name)}`;
  const reasons: Reason[] = [];
  if (!LISTENER_NAME.test(l.name)) {
    reasons.push(
      violation(
        'INVALID_LISTENER_NAME',
        `${label}: the DNS name must have 1 to 63 characters, each a letter, a digit, '-' or '_'.`,
        listenerRule("ADD LISTENER 'dns_name'"),
      ),
    );
  }
  if (l.port < 1 || l.port > 65535) {
    reasons.push(
      violation(
        'LISTENER_PORT_OUT_OF_RANGE',
        `${label} has PORT = ${l.port}; a TCP port is from 1 to 65535.`,
        listenerRule('<add_listener_option> PORT'),
      ),
    );
  }
  if (!l.dhcp && l.addresses.length === 0) {
    reasons.push(
      violation(
        'LISTENER_WITHOUT_ADDRESS',
        `${label} has no IP address and does not use DHCP; give WITH IP at least one address, or use WITH DHCP.`,
        listenerRule('WITH IP ( ( ip_address, ip4_mask ) | ( ipv6_address ) [ ,...n ] )'),
      ),
    );
  }
  if (l.dhcp && l.addresses.length > 1) {
    reasons.push(
      violation(
        'LISTENER_DHCP_MULTIPLE_ADDRESSES',
        `${label} uses DHCP with ${l.addresses.length} addresses; WITH DHCP takes at most one (IPv4 address, mask) and serves a single subnet.`,
        listenerRule('WITH DHCP [ ON ( ip4_address, four_part_ipv4_mask ) ]'),
      ),
    );
  }
  for (const a of l.addresses) {
    const problem = addressProblem(a, l.dhcp);
    if (problem !== undefined) {
      reasons.push(
        violation(
          'INVALID_LISTENER_ADDRESS',
          `${label} has address ${quote(a.address)}${a.subnetMask === undefined ? '' : ` with mask ${quote(a.subnetMask)}`}: ${problem}.`,
          listenerRule('WITH IP ( ( ip_address, ip4_mask ) | ( ipv6_address ) [ ,...n ] )'),
        ),
      );
    }
  }
  return [...reasons, ...sameSubnet(l, label)];
};

/**
 * Msg 19451 (S66): "'%.*ls' and '%.*ls' belong to the same subnet. Only one IPv4 and/or one IPv6
 * address from each subnet is allowed." IPv4 addresses are grouped by network and mask; IPv6
 * addresses carry no prefix in WITH IP, so they are not compared.
 */
const sameSubnet = (l: Listener, label: string): readonly Reason[] =>
  duplicatesBy(
    l.addresses.filter(
      (a) => a.subnetMask !== undefined && ipv4Subnet(a.address, a.subnetMask) !== null,
    ),
    (a) => ipv4Subnet(a.address, a.subnetMask ?? '') ?? '',
  ).map((group) =>
    violation(
      'LISTENER_ADDRESSES_SAME_SUBNET',
      `${label} has ${group.map((a) => quote(a.address)).join(' and ')} in one subnet (mask ${quote(group[0]?.subnetMask ?? '')}): SQL Server refuses the listener (Msg 19451, "belong to the same subnet. Only one IPv4 and/or one IPv6 address from each subnet is allowed"); give one address for each subnet a replica is in.`,
      source('S66', 'Msg 19451'),
    ),
  );

/** The listener's DNS name, port and addresses (ag-rules §1.3 Listener, §7.3; S3, S15). */
export const listenerOptions: ConfigRule = (config) =>
  config.listener === null ? [] : checkListener(config.listener);

export const GROUP_RULES: readonly ConfigRule[] = [
  groupNames,
  databaseNames,
  healthCheckTimeoutRange,
  requiredSynchronizedSecondariesRange,
  uniqueDatabases,
  listenerOptions,
];
