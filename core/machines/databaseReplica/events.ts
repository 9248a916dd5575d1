import type { SynchronizedFacts } from '../../log/synchronization.js';
import type { SuspendReason } from '../../model/enums.js';

/**
 * Events of one database's copy on one replica. The cluster step derives them from the cluster's
 * events; each carries the facts its guards judge, so a guard is a rule applied to those facts.
 */
export type DatabaseReplicaEvent =
  | { readonly type: 'db.add' }
  | { readonly type: 'db.restore' }
  | { readonly type: 'db.join' }
  | { readonly type: 'db.leave' }
  | { readonly type: 'db.drop' }
  | { readonly type: 'seeding.start' }
  | { readonly type: 'seeding.complete' }
  /** Seeded but left to be joined by hand (a secondary of a distributed group's second group, S58). */
  | { readonly type: 'seeding.restored' }
  | { readonly type: 'seeding.fail'; readonly keepRestoredCopy: boolean }
  | { readonly type: 'role.primary' }
  | { readonly type: 'role.secondary' }
  | { readonly type: 'link.connected'; readonly diverged: boolean }
  | { readonly type: 'link.lost' }
  | { readonly type: 'log.hardened'; readonly facts: SynchronizedFacts }
  | { readonly type: 'mode.changed'; readonly facts: SynchronizedFacts }
  /** reason null: a suspension whose suspend_reason_desc no source gives (behind an upgraded primary, S64). */
  | { readonly type: 'db.suspend'; readonly reason: SuspendReason | null }
  | {
      readonly type: 'db.resume';
      readonly isPrimary: boolean;
      readonly connected: boolean;
      readonly diverged: boolean;
    }
  | { readonly type: 'revert.pagesFetched' }
  | { readonly type: 'revert.logHardened' };

export interface DatabaseReplicaContext {
  readonly suspendReason: SuspendReason | null;
}
