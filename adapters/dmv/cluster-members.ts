import type { ClusterMember, ClusterNetwork } from '../../core/model/facts.js';

interface MemberRow {
  readonly value: {
    readonly member_name: string;
    readonly member_type_desc?: string | null;
    readonly member_state_desc?: 'UP' | 'DOWN' | null;
    readonly number_of_quorum_votes?: number | null;
  };
}

/**
 * The quorum's members as sys.dm_hadr_cluster_members lists them, nodes and witness alike. None
 * where the view is left out or has no row: "If the WSFC node has no quorum, no rows are
 * returned" (S185), and then what the others hold is not shown.
 */
export const clusterMembersOf = (
  read: boolean,
  members: readonly MemberRow[],
): { readonly clusterMembers?: readonly ClusterMember[] } =>
  !read || members.length === 0
    ? {}
    : {
        clusterMembers: members.map(({ value: m }) => ({
          name: m.member_name,
          type: m.member_type_desc ?? null,
          up: m.member_state_desc == null ? null : m.member_state_desc === 'UP',
          votes: m.number_of_quorum_votes ?? null,
        })),
      };

interface NetworkRow {
  readonly value: {
    readonly member_name: string;
    readonly network_subnet_ip?: string | null;
    readonly network_subnet_ipv4_mask?: string | null;
    readonly network_subnet_prefix_length?: number | null;
    readonly is_public?: boolean | null;
  };
}

/**
 * The nodes' subnets as sys.dm_hadr_cluster_networks lists them (S200: "You can use this dynamic
 * management view to validate the network virtual IP that is configured for each availability
 * replica"). None where the view is left out or has no row: no subnet is then shown, not none.
 */
export const clusterNetworksOf = (
  read: boolean,
  networks: readonly NetworkRow[],
): { readonly clusterNetworks?: readonly ClusterNetwork[] } =>
  !read || networks.length === 0
    ? {}
    : {
        clusterNetworks: networks.map(({ value: n }) => ({
          member: n.member_name,
          subnetIp: n.network_subnet_ip ?? null,
          subnetMask: n.network_subnet_ipv4_mask ?? null,
          prefixLength: n.network_subnet_prefix_length ?? null,
          isPublic: n.is_public ?? null,
        })),
      };
