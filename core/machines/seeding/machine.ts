import { assign, setup } from '../xstate.js';
import * as act from './actions.js';
import { INITIAL_SEEDING_CONTEXT, type SeedingContext, type SeedingEvent } from './events.js';
import {
  hasCheckTimedOut,
  hasSeedingSlot,
  hasTransportTimedOut,
  isTransferComplete,
  lacksCreateDatabasePermission,
} from './guards.js';

/**
 * The automatic seeding of one database to one secondary replica (ag-rules §6.2–6.4, SEED001):
 * waiting for the permission or a place on the seeding thread, then the run that
 * sys.dm_hadr_automatic_seeding reports as SEEDING, COMPLETED or FAILED with its failure_state.
 */

const REQUEST = [
  { guard: 'lacksCreateDatabasePermission', target: 'WAITING_FOR_GRANT', actions: 'recordRequest' },
  { guard: 'hasSeedingSlot', target: 'SEEDING', actions: ['recordRequest', 'startAttempt'] },
  { target: 'QUEUED', actions: 'recordRequest' },
] as const;

export const seedingMachine = setup({
  types: {
    context: {} as SeedingContext,
    events: {} as SeedingEvent,
  },
  guards: {
    lacksCreateDatabasePermission,
    hasSeedingSlot,
    hasCheckTimedOut,
    hasTransportTimedOut,
    isTransferComplete,
  },
  actions: {
    recordRequest: assign(({ context, event }) => act.recordRequest(context, event)),
    clearRequest: assign(({ context, event }) => act.clearRequest(context, event)),
    startAttempt: assign(({ context, event }) => act.startAttempt(context, event)),
    addProgress: assign(({ context, event }) => act.addProgress(context, event)),
    recordCompletion: assign(({ context, event }) => act.recordCompletion(context, event)),
    recordFailure: assign(({ context, event }) => act.recordFailure(context, event)),
    recordCancellation: assign(({ context, event }) => act.recordCancellation(context, event)),
    recordCheckTimeout: assign(({ context, event }) => act.recordCheckTimeout(context, event)),
    recordTransportTimeout: assign(({ context, event }) =>
      act.recordTransportTimeout(context, event),
    ),
  },
}).createMachine({
  id: 'seeding',
  context: INITIAL_SEEDING_CONTEXT,
  initial: 'IDLE',
  states: {
    IDLE: {
      description: 'No automatic seeding of this database to this replica has been requested.',
      on: { 'seeding.request': [...REQUEST] },
    },
    WAITING_FOR_GRANT: {
      description:
        'Requested, but the group lacks CREATE ANY DATABASE on the secondary: the SQL Server Log says so and no database is created until the grant.',
      on: {
        'permission.granted': [
          { guard: 'hasSeedingSlot', target: 'SEEDING', actions: 'startAttempt' },
          { target: 'QUEUED' },
        ],
        'seeding.cancel': { target: 'IDLE', actions: 'clearRequest' },
      },
    },
    QUEUED: {
      description:
        'Waiting for a place on the seeding thread, which handles up to five databases at once.',
      on: {
        'slot.freed': { target: 'SEEDING', actions: 'startAttempt' },
        'permission.denied': 'WAITING_FOR_GRANT',
        'seeding.cancel': { target: 'IDLE', actions: 'clearRequest' },
      },
    },
    SEEDING: {
      description:
        'current_state SEEDING: the primary streams a backup of the database over the endpoints; its log is kept until the seeding ends.',
      tags: ['seeding'],
      initial: 'STARTING',
      on: {
        'seeding.fail': { target: 'FAILED', actions: 'recordFailure' },
        'seeding.cancel': { target: 'FAILED', actions: 'recordCancellation' },
      },
      states: {
        STARTING: {
          description:
            'The primary checks with the secondary whether seeding is needed; no sys.dm_hadr_physical_seeding_stats row exists yet.',
          on: {
            'seeding.progress': { target: 'TRANSFERRING', actions: 'addProgress' },
            'clock.tick': {
              guard: 'hasCheckTimedOut',
              target: '#seeding.FAILED',
              actions: 'recordCheckTimeout',
            },
          },
        },
        TRANSFERRING: {
          description:
            'The backup stream flows; sys.dm_hadr_physical_seeding_stats shows its transferred and total bytes.',
          tags: ['streaming'],
          always: {
            guard: 'isTransferComplete',
            target: '#seeding.COMPLETED',
            actions: 'recordCompletion',
          },
          on: {
            'seeding.progress': { actions: 'addProgress' },
            'clock.tick': {
              guard: 'hasTransportTimedOut',
              target: '#seeding.FAILED',
              actions: 'recordTransportTimeout',
            },
          },
        },
      },
    },
    COMPLETED: {
      description:
        'current_state COMPLETED: the secondary database exists and joined; it synchronizes like any other.',
      on: { 'seeding.request': [...REQUEST] },
    },
    FAILED: {
      description:
        'current_state FAILED with its failure_state; SEEDING_MODE = AUTOMATIC on the primary starts it again.',
      on: { 'seeding.request': [...REQUEST] },
    },
  },
});

export type SeedingMachine = typeof seedingMachine;
