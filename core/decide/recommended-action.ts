import type { ClusterEvent } from '../model/events.js';
import type { Reason } from '../model/source.js';

/**
 * What a DBA could do now, each as the event the cluster step takes (and the T-SQL adapter renders
 * as the statement to run), with why. Every recommended action is one the machines accept in this
 * state: properties/decisions.test.ts steps each one.
 */
export interface RecommendedAction {
  readonly event: ClusterEvent;
  readonly why: readonly Reason[];
}
