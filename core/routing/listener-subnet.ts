import type { ClusterFacts, ClusterNetwork } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { routingReason as because } from './codes.js';
import { machineOf } from './routing-url.js';

/** A dotted IPv4 address as an unsigned 32-bit number, or null for anything else (IPv6). */
const ipv4 = (text: string): number | null => {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
};

/** The network's mask: network_subnet_ipv4_mask, else one of network_subnet_prefix_length bits. */
const maskOf = (n: ClusterNetwork): number | null => {
  const dotted = n.subnetMask === null ? null : ipv4(n.subnetMask);
  if (dotted !== null) return dotted;
  const bits = n.prefixLength;
  return bits === null || bits < 0 || bits > 32
    ? null
    : bits === 0
      ? 0
      : 2 ** 32 - 2 ** (32 - bits);
};

/** Whether an address lies in a subnet, by the subnet's own mask (bitwise AND, unsigned). */
const inSubnet = (address: number, subnet: number, mask: number): boolean =>
  (address & mask) >>> 0 === (subnet & mask) >>> 0;

const subnetText = (n: ClusterNetwork): string =>
  `${n.subnetIp}/${n.subnetMask ?? n.prefixLength ?? '?'}`;

/**
 * A listener with no IP address online and a primary whose node is on none of the listener's
 * subnets: "When the availability group listener (AGL) is configured properly, it will have an IP
 * address for each defined subnet", and "The listener IP address in the subnet currently hosting
 * the availability group primary replica will be online" (S348), so a listener without an address
 * on the primary's subnet, after a failover across subnets, has none the cluster can bring online
 * there. The node's subnets are in sys.dm_hadr_cluster_networks (S200); without its rows for that
 * node nothing is said. An address in one of them leaves the cause elsewhere, also unsaid.
 */
export const listenerSubnetMissing = (facts: ClusterFacts): readonly Reason[] => {
  const listener = facts.config.listener;
  const primary = facts.primary;
  if (listener === null || listener.dhcp || primary === null || facts.clusterNetworks === undefined)
    return [];
  const node = machineOf(primary);
  const subnets = facts.clusterNetworks.filter(
    (n) => n.member.toLowerCase() === node && n.isPublic !== false && n.subnetIp !== null,
  );
  const addresses = listener.addresses.map((a) => ({ text: a.address, ip: ipv4(a.address) }));
  if (subnets.length === 0 || addresses.length === 0) return [];
  // An IPv6 address or subnet, or one without a mask, is not judged: the answer stays unsaid.
  if (addresses.some((a) => a.ip === null)) return [];
  const judged = subnets.map((n) => ({
    n,
    ip: ipv4(n.subnetIp ?? ''),
    mask: maskOf(n),
  }));
  if (judged.some((s) => s.ip === null || s.mask === null)) return [];
  const hosted = addresses.some((a) => judged.some((s) => inSubnet(a.ip!, s.ip!, s.mask!)));
  if (hosted) return [];
  const mask = subnets[0]?.subnetMask ?? '<mask>';
  return [
    because(
      'LISTENER_NO_ADDRESS_ON_PRIMARY_SUBNET',
      `none of ${listener.name}'s IP addresses (${addresses.map((a) => a.text).join(', ')}) lies on a subnet of the node of the primary ${primary} (${subnets.map(subnetText).join(', ')}, sys.dm_hadr_cluster_networks): a listener has "an IP address for each defined subnet", and only the one "in the subnet currently hosting the availability group primary replica" comes online, so after the failover to ${primary} none can; add an address on that subnet on the primary: ALTER AVAILABILITY GROUP [${facts.config.name}] MODIFY LISTENER '${listener.name}' (ADD IP ('<address>', '${mask}'))`,
    ),
  ];
};
