import {
  hasCreateDatabasePermission,
  hasFreeSeedingSlot,
  hasSeedingCheckTimedOut,
  hasSeedingTransportTimedOut,
  isSeedingTransferComplete,
} from '../../seeding/seeding.js';
import type { SeedingContext, SeedingEvent } from './events.js';

/** Guards of the seeding machine: each names a rule of core/seeding/seeding.ts. */

type Args = { readonly context: SeedingContext; readonly event: SeedingEvent };

/** SEED001: without CREATE ANY DATABASE the secondary creates no seeded database. */
export const lacksCreateDatabasePermission = ({ event }: Args): boolean =>
  event.type === 'seeding.request' && !hasCreateDatabasePermission(event.granted);

/** SEED001 (D13): the seeding thread handles up to five databases at once. */
export const hasSeedingSlot = ({ event }: Args): boolean =>
  (event.type === 'seeding.request' || event.type === 'permission.granted') &&
  hasFreeSeedingSlot(event.running);

/** failure_state 21 (dbatools #8603): no answer to the seeding check, before any stats row exists. */
export const hasCheckTimedOut = ({ context, event }: Args): boolean =>
  event.type === 'clock.tick' &&
  hasSeedingCheckTimedOut({
    sinceMs: context.startedAtMs ?? event.nowMs,
    nowMs: event.nowMs,
    reachable: event.reachable,
  });

/** failure_state 6 (MODEL): the stream lost its transport for the time-out. */
export const hasTransportTimedOut = ({ context, event }: Args): boolean =>
  event.type === 'clock.tick' &&
  hasSeedingTransportTimedOut({
    sinceMs: context.lastProgressAtMs ?? context.startedAtMs ?? event.nowMs,
    nowMs: event.nowMs,
    reachable: event.reachable,
  });

/** S21: every byte of the stream reached the secondary. */
export const isTransferComplete = ({ context }: Args): boolean =>
  isSeedingTransferComplete(context.transferredBytes, context.bytesToStream);
