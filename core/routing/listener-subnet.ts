import type { ClusterFacts, ClusterNetwork } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { ipv4Subnet, isIpv4, isSubnetMask } from '../validation/urls.js';
import { routingReason as because } from './codes.js';
import { machineOf } from './routing-url.js';

/** A prefix length (network_subnet_prefix_length) as a dotted mask, or null for none. */
const prefixMask = (bits: number | null): string | null => {
  if (bits === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.');
};

/** The network's mask: network_subnet_ipv4_mask, else one of network_subnet_prefix_length bits. */
const maskOf = (n: ClusterNetwork): string | null =>
  n.subnetMask !== null && isSubnetMask(n.subnetMask) ? n.subnetMask : prefixMask(n.prefixLength);

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
  const addresses = listener.addresses.map((a) => a.address.trim());
  if (subnets.length === 0 || addresses.length === 0) return [];
  // An IPv6 address or subnet, or one without a mask, is not judged: the answer stays unsaid.
  if (!addresses.every(isIpv4)) return [];
  const judged = subnets.map((n) => {
    const mask = maskOf(n);
    return { mask, network: mask === null ? null : ipv4Subnet(n.subnetIp ?? '', mask) };
  });
  if (judged.some((j) => j.network === null)) return [];
  const hosted = addresses.some((a) =>
    judged.some(({ mask, network }) => ipv4Subnet(a, mask ?? '') === network),
  );
  if (hosted) return [];
  const mask = subnets[0]?.subnetMask ?? '<mask>';
  return [
    because(
      'LISTENER_NO_ADDRESS_ON_PRIMARY_SUBNET',
      `none of ${listener.name}'s IP addresses (${addresses.join(', ')}) lies on a subnet of the node of the primary ${primary} (${subnets.map(subnetText).join(', ')}, sys.dm_hadr_cluster_networks): a listener has "an IP address for each defined subnet", and only the one "in the subnet currently hosting the availability group primary replica" comes online, so after the failover to ${primary} none can; add an address on that subnet on the primary: ALTER AVAILABILITY GROUP [${facts.config.name}] MODIFY LISTENER '${listener.name}' (ADD IP ('<address>', '${mask}'))`,
    ),
  ];
};
