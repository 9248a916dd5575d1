import { setup } from '../xstate.js';
import type { ReplicaEvent } from './events.js';

/**
 * One availability replica: its instance up or down, its role (sys.dm_hadr_availability_replica_states
 * role_desc), and its connection to the primary (connected_state_desc) (ag-rules §3.6, S7).
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
            'role.secondary': 'SECONDARY',
            'role.resolving': 'RESOLVING',
            'replica.crash': 'RESOLVING',
          },
        },
        SECONDARY: {
          description: 'The replica hosts secondary databases that receive log from the primary.',
          tags: ['secondary'],
          on: {
            'role.primary': 'PRIMARY',
            'role.resolving': 'RESOLVING',
            'replica.crash': 'RESOLVING',
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
