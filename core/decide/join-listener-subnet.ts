import type { Config } from '../model/config.js';
import { type Reason, source, unknownReason } from '../model/source.js';

const NO_LISTENER_IP = source(
  'S66',
  'Msg 19456: "None of the IP addresses configured for the availability group listener can be hosted by the server"',
);

/**
 * A replica's JOIN takes the group's listener onto its node: SQL Server refuses it with Msg 19456
 * when none of the listener's IP addresses can be hosted there, "Either configure a public cluster
 * network on which one of the specified IP addresses can be hosted, or add another listener IP
 * address which can be hosted on a public cluster network for this server" (S66), and rolls the
 * JOIN back (S201: "Failed to join local availability replica to availability group 'xxx'. The
 * operation encountered SQL Server error 19456 and has been rolled back", the script's comment
 * "Open AG listener settings in SSMS and Add the new IP Address. Otherwise, this error would be
 * thrown"). A static listener has one IP address per subnet (S3, S15); which subnets the node
 * hosting the new replica is on is in sys.dm_hadr_cluster_networks (S200: "You can use this dynamic
 * management view to validate the network virtual IP that is configured for each availability
 * replica"), which no snapshot agstate reads holds. So the JOIN carries that unknown wherever the
 * group has a static-IP listener. A DHCP listener (single subnet, Msg 19458 across subnets) is left
 * as before.
 */
export const joinListenerSubnetUnknown = (config: Config, replica: string): readonly Reason[] => {
  const listener = config.listener;
  if (listener === null || listener.dhcp) return [];
  const node = replica.split('\\')[0] ?? replica;
  const addresses =
    listener.addresses.length === 0
      ? 'its IP addresses are not in the input'
      : listener.addresses
          .map((a) => (a.subnetMask === undefined ? a.address : `${a.address}/${a.subnetMask}`))
          .join(', ');
  return [
    unknownReason(
      'JOIN_LISTENER_SUBNET_UNKNOWN',
      `whether ${listener.name} can come online on the node of ${replica} is not shown (listener IP addresses: ${addresses}): SQL Server refuses the JOIN with Msg 19456 "None of the IP addresses configured for the availability group listener can be hosted by the server" and rolls it back where none of them lies on a public cluster network of that node; if so, first give the listener an IP address on that subnet (ALTER AVAILABILITY GROUP [${config.name}] MODIFY LISTENER '${listener.name}' (ADD IP ('<address>', '<mask>')) on the primary)`,
      NO_LISTENER_IP,
      [
        `sys.dm_hadr_cluster_networks (member_name ${node}: network_subnet_ip, network_subnet_ipv4_mask, is_public 1) against sys.availability_group_listener_ip_addresses.ip_address and ip_subnet_mask of ${listener.name}`,
      ],
    ),
  ];
};
