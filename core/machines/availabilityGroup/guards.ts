import { automaticFailover, forcedFailover, plannedFailover } from '../../failover/failover.js';
import type { AvailabilityGroupEvent } from './events.js';

/** Guards of the availability-group machine: each names a failover rule of core/failover/failover.ts. */

type Args = { readonly event: AvailabilityGroupEvent };

/** S45: planned manual failover prerequisites. */
export const canFailoverPlanned = ({ event }: Args): boolean =>
  event.type === 'ag.failover' && plannedFailover(event.facts, event.target).allowed;

/** S44: forced failover needs quorum and a running target that can host data. */
export const canFailoverForced = ({ event }: Args): boolean =>
  event.type === 'ag.forceFailover' && forcedFailover(event.facts, event.target).allowed;

/** S2 / S22: the automatic failover set, a failover-ready target, quorum and the failure threshold. */
export const canFailoverAutomatically = ({ event }: Args): boolean =>
  event.type === 'primary.failed' &&
  event.target !== null &&
  automaticFailover(event.facts, event.target).allowed;

/** S22 R-FO-5: past the failure threshold the cluster leaves the group failed. */
export const isFailureThresholdExceeded = ({ event }: Args): boolean =>
  event.type === 'primary.failed' && event.thresholdExceeded;

/** S26: without a failover target the cluster restarts the group on the primary's node, when the instance still runs. */
export const isPrimaryInstanceRunning = ({ event }: Args): boolean =>
  event.type === 'primary.failed' && event.instanceRunning;
