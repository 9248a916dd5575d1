/** Events of one availability replica, derived by the cluster step. */
export type ReplicaEvent =
  | { readonly type: 'replica.crash' }
  | { readonly type: 'replica.restart' }
  | { readonly type: 'role.primary' }
  | { readonly type: 'role.secondary' }
  | { readonly type: 'role.resolving' }
  /** A failover command is being processed with this replica as its target. */
  | { readonly type: 'failover.pending' }
  /** The new primary's databases are online and its workers picked up: PRIMARY_PENDING ends. */
  | { readonly type: 'primary.online' }
  | { readonly type: 'link.connected' }
  | { readonly type: 'link.lost' };
