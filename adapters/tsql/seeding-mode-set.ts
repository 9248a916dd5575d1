import type { ClusterEvent } from '../../core/model/events.js';

/**
 * Whether an event sets its replica's SEEDING_MODE to AUTOMATIC (true) or MANUAL (false), or null
 * when it sets no seeding mode: MODIFY REPLICA … WITH (SEEDING_MODE = …) as the reader gives it,
 * or the cluster's own event for it.
 */
export const automaticSetBy = (e: ClusterEvent): boolean | null => {
  if (e.type === 'replica.setSeedingMode') return e.mode === 'AUTOMATIC';
  if (e.type === 'replica.modify' && e.options.seedingMode !== undefined)
    return e.options.seedingMode === 'AUTOMATIC';
  return null;
};
