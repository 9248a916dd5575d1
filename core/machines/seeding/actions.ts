import { SEEDING_FAILURE } from '../../seeding/seeding.js';
import type { SeedingContext, SeedingEvent, SeedingStart } from './events.js';

/** Context updates of the seeding machine, as pure functions; machine.ts wires each under a name. */

type Update = (context: SeedingContext, event: SeedingEvent) => SeedingContext;

const startOf = (event: SeedingEvent): SeedingStart | null =>
  event.type === 'seeding.request' ||
  event.type === 'permission.granted' ||
  event.type === 'slot.freed'
    ? event.start
    : null;

export const recordRequest: Update = (context, event) =>
  event.type === 'seeding.request'
    ? { ...context, ticket: event.ticket, requestedAtMs: event.start.atMs }
    : context;

export const clearRequest: Update = (context) => ({
  ...context,
  ticket: null,
  requestedAtMs: null,
});

export const startAttempt: Update = (context, event) => {
  const start = startOf(event);
  if (start === null) return context;
  return {
    ...context,
    attempts: context.attempts + 1,
    startedAtMs: start.atMs,
    lastProgressAtMs: start.atMs,
    fromLsn: start.fromLsn,
    bytesToStream: start.bytesToStream,
    catchUp: start.catchUp,
    source: start.source,
    transferredBytes: 0,
    completedAtMs: null,
    failureState: null,
  };
};

/** A progress report adds its bytes; one without bytes delivers the rest of the stream. */
export const addProgress: Update = (context, event) => {
  if (event.type !== 'seeding.progress') return context;
  const remaining = Math.max(0, context.bytesToStream - context.transferredBytes);
  const bytes = event.bytes === null ? remaining : Math.min(event.bytes, remaining);
  return {
    ...context,
    transferredBytes: context.transferredBytes + bytes,
    lastProgressAtMs: event.atMs,
  };
};

const finish = (
  context: SeedingContext,
  atMs: number,
  currentState: 'COMPLETED' | 'FAILED',
  failureState: number | null,
): SeedingContext => ({
  ...context,
  ticket: null,
  requestedAtMs: null,
  fromLsn: null,
  completedAtMs: atMs,
  failureState,
  history: [
    ...context.history,
    {
      source: context.source ?? '',
      startedAtMs: context.startedAtMs ?? atMs,
      completedAtMs: atMs,
      currentState,
      failureState,
      transferredBytes: context.transferredBytes,
      bytesToStream: context.bytesToStream,
    },
  ],
});

export const recordCompletion: Update = (context) =>
  finish(context, context.lastProgressAtMs ?? context.startedAtMs ?? 0, 'COMPLETED', null);

export const recordFailure: Update = (context, event) =>
  event.type === 'seeding.fail'
    ? finish(context, event.atMs, 'FAILED', event.failureState)
    : context;

export const recordCancellation: Update = (context, event) =>
  event.type === 'seeding.cancel'
    ? finish(context, event.atMs, 'FAILED', SEEDING_FAILURE.USER_CANCELLATION)
    : context;

export const recordCheckTimeout: Update = (context, event) =>
  event.type === 'clock.tick'
    ? finish(context, event.nowMs, 'FAILED', SEEDING_FAILURE.SEEDING_CHECK_MESSAGE_TIMEOUT)
    : context;

export const recordTransportTimeout: Update = (context, event) =>
  event.type === 'clock.tick'
    ? finish(context, event.nowMs, 'FAILED', SEEDING_FAILURE.TRANSPORT)
    : context;
