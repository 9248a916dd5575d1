import { assign, setup } from '../xstate.js';
import type { DatabaseReplicaContext, DatabaseReplicaEvent } from './events.js';
import {
  canBecomeSynchronized,
  hadRestoredCopy,
  hasDivergedFromPrimary,
  isAsynchronousCommitPair,
  isConnectedToPrimary,
  isPrimaryDatabase,
} from './guards.js';

/**
 * One database's copy on one replica: whether a copy exists and is joined, and its
 * synchronization state as sys.dm_hadr_database_replica_states spells it (ag-rules §3.1, S6).
 */
export const databaseReplicaMachine = setup({
  types: {
    context: {} as DatabaseReplicaContext,
    events: {} as DatabaseReplicaEvent,
  },
  guards: {
    canBecomeSynchronized,
    isAsynchronousCommitPair,
    hasDivergedFromPrimary,
    hadRestoredCopy,
    isConnectedToPrimary,
    isPrimaryDatabase,
  },
  actions: {
    recordSuspendReason: assign({
      suspendReason: ({ event }) => (event.type === 'db.suspend' ? event.reason : null),
    }),
    clearSuspendReason: assign({ suspendReason: () => null }),
  },
}).createMachine({
  id: 'databaseReplica',
  context: { suspendReason: null },
  initial: 'ABSENT',
  states: {
    ABSENT: {
      description: 'No copy of the database exists on this replica.',
      on: {
        'db.restore': 'RESTORING',
        'seeding.start': 'SEEDING',
        'db.add': 'JOINED.SYNCHRONIZED',
      },
    },
    RESTORING: {
      description:
        'A copy restored WITH NORECOVERY (database_state RESTORING); more log backups restore into it until it is joined.',
      on: {
        'db.join': 'JOINED',
        'seeding.start': 'SEEDING',
      },
    },
    SEEDING: {
      description:
        'Automatic seeding streams a backup of the primary database to this replica, or catches up a copy restored WITH NORECOVERY.',
      tags: ['seeding'],
      on: {
        'seeding.complete': 'JOINED',
        'seeding.restored': 'RESTORING',
        'seeding.fail': [{ guard: 'hadRestoredCopy', target: 'RESTORING' }, { target: 'ABSENT' }],
      },
    },
    JOINED: {
      description: 'The copy is joined to the availability group (database_state ONLINE).',
      initial: 'NOT_SYNCHRONIZING',
      on: {
        'db.leave': { target: 'RESTORING', actions: 'clearSuspendReason' },
        'db.drop': { target: 'ABSENT', actions: 'clearSuspendReason' },
        'db.suspend': { target: '.SUSPENDED', actions: 'recordSuspendReason' },
        'role.primary': { target: '.SYNCHRONIZED', actions: 'clearSuspendReason' },
      },
      states: {
        NOT_SYNCHRONIZING: {
          description:
            'synchronization_state 0: no data movement (disconnected, starting up, or during a role change).',
          on: {
            'link.connected': [
              { guard: 'hasDivergedFromPrimary', target: 'REVERTING' },
              { target: 'SYNCHRONIZING' },
            ],
          },
        },
        SYNCHRONIZING: {
          description:
            'synchronization_state 1: data movement is active; the copy is catching up or its replica commits asynchronously.',
          tags: ['dataMovement'],
          on: {
            'log.hardened': { guard: 'canBecomeSynchronized', target: 'SYNCHRONIZED' },
            'mode.changed': { guard: 'canBecomeSynchronized', target: 'SYNCHRONIZED' },
            'link.lost': 'NOT_SYNCHRONIZING',
            'role.secondary': 'NOT_SYNCHRONIZING',
          },
        },
        SYNCHRONIZED: {
          description:
            'synchronization_state 2: a synchronous-commit copy caught up with the primary; commits wait for it. A ready primary database also reports it.',
          tags: ['dataMovement', 'synchronized'],
          on: {
            'mode.changed': { guard: 'isAsynchronousCommitPair', target: 'SYNCHRONIZING' },
            'link.lost': 'NOT_SYNCHRONIZING',
            'role.secondary': 'NOT_SYNCHRONIZING',
          },
        },
        // A lost link, or a failover between other replicas, leaves the undo where it stopped:
        // the copy needs the primary's pages and log to finish it, so it stays REVERTING or
        // INITIALIZING (and cannot start as a primary database, S44; S63: "Don't fail over to a
        // replica whose database(s) are in reverting state"), and goes on with the new primary.
        REVERTING: {
          description:
            'synchronization_state 3: undo after a new recovery fork; the copy fetches pages from the primary to go back to the fork point.',
          tags: ['dataMovement'],
          on: {
            'revert.pagesFetched': 'INITIALIZING',
          },
        },
        INITIALIZING: {
          description:
            'synchronization_state 4: the log the copy needs to reach the undo point is shipped and hardened.',
          tags: ['dataMovement'],
          on: {
            'revert.logHardened': 'SYNCHRONIZING',
          },
        },
        SUSPENDED: {
          description:
            'is_suspended = 1: data movement is suspended (suspend_reason in context); the DMV reports NOT SYNCHRONIZING.',
          tags: ['suspended'],
          on: {
            'db.suspend': { actions: 'recordSuspendReason' },
            'db.resume': [
              { guard: 'isPrimaryDatabase', target: 'SYNCHRONIZED', actions: 'clearSuspendReason' },
              {
                guard: 'hasDivergedFromPrimary',
                target: 'REVERTING',
                actions: 'clearSuspendReason',
              },
              {
                guard: 'isConnectedToPrimary',
                target: 'SYNCHRONIZING',
                actions: 'clearSuspendReason',
              },
              { target: 'NOT_SYNCHRONIZING', actions: 'clearSuspendReason' },
            ],
          },
        },
      },
    },
  },
});

export type DatabaseReplicaMachine = typeof databaseReplicaMachine;
