import type { ClusterFacts } from '../../model/facts.js';

/** Events of the availability group as a whole, derived by the cluster step; failover events carry the facts their guards judge. */
export type AvailabilityGroupEvent =
  | { readonly type: 'quorum.lost' }
  | { readonly type: 'quorum.force' }
  | { readonly type: 'quorum.regained' }
  | { readonly type: 'ag.failover'; readonly target: string; readonly facts: ClusterFacts }
  | { readonly type: 'ag.forceFailover'; readonly target: string; readonly facts: ClusterFacts }
  | {
      readonly type: 'primary.failed';
      readonly target: string | null;
      readonly facts: ClusterFacts;
      readonly instanceRunning: boolean;
      readonly thresholdExceeded: boolean;
    }
  | { readonly type: 'failover.completed'; readonly primary: string }
  | { readonly type: 'primary.recovered'; readonly primary: string }
  | { readonly type: 'primary.demoted' }
  | { readonly type: 'ag.offline' };

export interface AvailabilityGroupContext {
  /** The replica that holds (or, while RESOLVING, last held) the primary role. */
  readonly primary: string | null;
  /** How often the cluster restarted the group on the primary's node because no replica could take over. */
  readonly restartsInPlace: number;
}
