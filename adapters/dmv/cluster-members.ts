import type { ClusterMember } from '../../core/model/facts.js';

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
