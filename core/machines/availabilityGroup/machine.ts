import { assign, setup } from '../xstate.js';
import type { AvailabilityGroupContext, AvailabilityGroupEvent } from './events.js';
import {
  canFailoverAutomatically,
  canFailoverForced,
  canFailoverPlanned,
  isFailureThresholdExceeded,
  isPrimaryInstanceRunning,
} from './guards.js';

/**
 * The availability group as a whole: the cluster's quorum, and whether a primary serves the
 * databases, a failover (by form) is under way, or the group is resolving (ag-rules §4, S2).
 */
export const availabilityGroupMachine = setup({
  types: {
    context: {} as AvailabilityGroupContext,
    events: {} as AvailabilityGroupEvent,
  },
  guards: {
    canFailoverPlanned,
    canFailoverForced,
    canFailoverAutomatically,
    isFailureThresholdExceeded,
    isPrimaryInstanceRunning,
  },
  actions: {
    recordRestartInPlace: assign({ restartsInPlace: ({ context }) => context.restartsInPlace + 1 }),
    recordPrimary: assign({
      primary: ({ event, context }) =>
        event.type === 'failover.completed' || event.type === 'primary.recovered'
          ? event.primary
          : context.primary,
    }),
  },
}).createMachine({
  id: 'availabilityGroup',
  type: 'parallel',
  context: { primary: null, restartsInPlace: 0 },
  states: {
    quorum: {
      description: 'The quorum of the cluster manager (WSFC quorum, R-FO-1/2).',
      initial: 'HEALTHY',
      states: {
        HEALTHY: {
          description: 'The cluster has quorum: every failover form is possible.',
          on: { 'quorum.lost': 'LOST' },
        },
        LOST: {
          description:
            'The cluster lost quorum: the group is offline on every replica and no failover is possible.',
          on: { 'quorum.force': 'FORCED', 'quorum.regained': 'HEALTHY' },
        },
        FORCED: {
          description:
            'An administrator forced quorum: only a forced failover is allowed until quorum returns normally.',
          on: { 'quorum.regained': 'HEALTHY', 'quorum.lost': 'LOST' },
        },
      },
    },
    service: {
      description: 'Whether a primary replica serves the availability databases.',
      initial: 'RESOLVING',
      states: {
        ONLINE: {
          description: 'Normal operation: one primary replica serves the read-write databases.',
          tags: ['writable'],
          on: {
            'ag.failover': { guard: 'canFailoverPlanned', target: 'FAILING_OVER.PLANNED' },
            'ag.forceFailover': { guard: 'canFailoverForced', target: 'FAILING_OVER.FORCED' },
            'primary.failed': [
              { guard: 'isFailureThresholdExceeded', target: 'FAILED' },
              { guard: 'canFailoverAutomatically', target: 'FAILING_OVER.AUTOMATIC' },
              {
                guard: 'isPrimaryInstanceRunning',
                target: 'ONLINE',
                reenter: true,
                actions: 'recordRestartInPlace',
              },
              { target: 'RESOLVING' },
            ],
            'primary.demoted': 'RESOLVING',
            'quorum.lost': 'RESOLVING',
            'ag.offline': 'OFFLINE',
          },
        },
        FAILING_OVER: {
          description: 'A failover is under way: the target takes the primary role.',
          initial: 'PLANNED',
          on: { 'failover.completed': { target: 'ONLINE', actions: 'recordPrimary' } },
          states: {
            AUTOMATIC: {
              description: 'Automatic failover after a failure of the primary, without data loss.',
            },
            PLANNED: {
              description:
                'Planned manual failover (ALTER AVAILABILITY GROUP … FAILOVER), without data loss.',
            },
            FORCED: {
              description:
                'Forced failover (FORCE_FAILOVER_ALLOW_DATA_LOSS): a new recovery fork, possible data loss.',
            },
          },
        },
        RESOLVING: {
          description:
            'No primary: the primary failed without a possible automatic failover, quorum was lost, or the group has not come online.',
          on: {
            // A planned failover to a replica still marked synchronized in the cluster (S2).
            'ag.failover': { guard: 'canFailoverPlanned', target: 'FAILING_OVER.PLANNED' },
            'ag.forceFailover': { guard: 'canFailoverForced', target: 'FAILING_OVER.FORCED' },
            // CLUSTER_TYPE EXTERNAL: with no promoted replica Pacemaker tries again once a replica
            // starts; the step sends it only then (S341, ag-helper start).
            'primary.failed': {
              guard: 'canFailoverAutomatically',
              target: 'FAILING_OVER.AUTOMATIC',
            },
            'primary.recovered': { target: 'ONLINE', actions: 'recordPrimary' },
            'ag.offline': 'OFFLINE',
          },
        },
        FAILED: {
          description:
            'Past the WSFC failure threshold: the cluster left the role failed, with no primary, until an administrator brings it online or a manual failover (S22).',
          on: {
            // "remains in a failed state until either the cluster administrator manually brings the
            // failed resource group online or the database administrator performs a manual failover"
            // (S22): a restart of the old primary's instance does not bring it online.
            'ag.failover': { guard: 'canFailoverPlanned', target: 'FAILING_OVER.PLANNED' },
            'ag.forceFailover': { guard: 'canFailoverForced', target: 'FAILING_OVER.FORCED' },
            'ag.offline': 'OFFLINE',
          },
        },
        OFFLINE: {
          description:
            'ALTER AVAILABILITY GROUP … OFFLINE: the group is offline and cannot be brought back online.',
          type: 'final',
        },
      },
    },
  },
});

export type AvailabilityGroupMachine = typeof availabilityGroupMachine;
