import { setup } from '../xstate.js';
import type { ReplicaEvent } from './events.js';

/**
 * One availability replica: its instance up or down, its role (sys.dm_hadr_availability_replica_states
 * role_desc), its connection to the primary (connected_state_desc) (ag-rules §3.6, S7), and the
 * local replica's state as the SQL Server error log and the availability_replica_state_change
 * extended event report it (Always On extended events; KB2833707).
 */
export const replicaMachine = setup({
  types: { events: {} as ReplicaEvent },
}).createMachine({
  id: 'replica',
  type: 'parallel',
  states: {
    instance: {
      description: 'Whether the SQL Server instance hosting the replica is running.',
      initial: 'UP',
      states: {
        UP: {
          description: 'The instance is running.',
          on: { 'replica.crash': 'DOWN' },
        },
        DOWN: {
          description: 'The instance has stopped (a crash or a shutdown).',
          on: { 'replica.restart': 'UP' },
        },
      },
    },
    role: {
      description: 'role_desc: PRIMARY, SECONDARY or RESOLVING.',
      initial: 'RESOLVING',
      states: {
        RESOLVING: {
          description:
            'The role is being resolved (during a failover, without a primary, or without quorum); its databases are NOT SYNCHRONIZING.',
          on: { 'role.primary': 'PRIMARY', 'role.secondary': 'SECONDARY' },
        },
        PRIMARY: {
          description: 'The replica hosts the read-write primary databases.',
          tags: ['primary'],
          on: {
            'role.resolving': 'RESOLVING',
            'replica.crash': 'RESOLVING',
          },
        },
        SECONDARY: {
          description: 'The replica hosts secondary databases that receive log from the primary.',
          tags: ['secondary'],
          on: {
            'failover.pending': 'RESOLVING',
            'role.resolving': 'RESOLVING',
            'replica.crash': 'RESOLVING',
          },
        },
      },
    },
    localState: {
      description:
        'The local replica state the SQL Server error log reports ("The state of the local availability replica … has changed from … to …") and availability_replica_state_change carries.',
      initial: 'RESOLVING_NORMAL',
      states: {
        NOT_AVAILABLE: {
          description: 'The instance is down: no availability replica manager runs.',
          on: { 'replica.restart': 'RESOLVING_NORMAL' },
        },
        RESOLVING_NORMAL: {
          description:
            'RESOLVING: the replica waits for the cluster to say its role (start-up, no primary, no quorum, or mid-failover).',
          on: {
            'role.primary': 'PRIMARY_PENDING',
            'role.secondary': 'SECONDARY_NORMAL',
            'failover.pending': 'RESOLVING_PENDING_FAILOVER',
            'replica.crash': 'NOT_AVAILABLE',
          },
        },
        RESOLVING_PENDING_FAILOVER: {
          description:
            'RESOLVING, operational_state PENDING_FAILOVER: a failover command is being processed for the group.',
          // Transient within one step: the failover's next events always follow.
          on: { 'role.resolving': 'RESOLVING_NORMAL' },
        },
        PRIMARY_PENDING: {
          description:
            'PRIMARY, operational_state PENDING: the role is taken and the databases are coming online.',
          // Transient within one step: the model's databases come online at once.
          on: { 'primary.online': 'PRIMARY_NORMAL' },
        },
        PRIMARY_NORMAL: {
          description: 'PRIMARY, operational_state ONLINE: the primary serves its databases.',
          on: {
            'role.resolving': 'RESOLVING_NORMAL',
            'replica.crash': 'NOT_AVAILABLE',
          },
        },
        SECONDARY_NORMAL: {
          description: 'SECONDARY: the replica hosts secondary databases.',
          on: {
            'role.resolving': 'RESOLVING_NORMAL',
            'failover.pending': 'RESOLVING_PENDING_FAILOVER',
            'replica.crash': 'NOT_AVAILABLE',
          },
        },
      },
    },
    connection: {
      description: 'connected_state_desc: whether the replica is connected to the primary.',
      initial: 'DISCONNECTED',
      states: {
        DISCONNECTED: {
          description:
            'No session with the primary (session timeout, a hard error, or no primary); transactions do not wait for this replica.',
          on: { 'link.connected': 'CONNECTED' },
        },
        CONNECTED: {
          description: 'A session with the primary is established and pings flow.',
          on: { 'link.lost': 'DISCONNECTED', 'replica.crash': 'DISCONNECTED' },
        },
      },
    },
  },
});

export type ReplicaMachine = typeof replicaMachine;
