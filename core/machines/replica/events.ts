/** Events of one availability replica, derived by the cluster step. */
export type ReplicaEvent =
  | { readonly type: 'replica.crash' }
  | { readonly type: 'replica.restart' }
  | { readonly type: 'role.primary' }
  | { readonly type: 'role.secondary' }
  | { readonly type: 'role.resolving' }
  | { readonly type: 'link.connected' }
  | { readonly type: 'link.lost' };
