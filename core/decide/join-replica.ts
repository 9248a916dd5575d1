import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { replicaFacts } from '../rules/facts-access.js';
import { joinListenerSubnetUnknown } from './join-listener-subnet.js';
import type { RecommendedAction } from './recommended-action.js';

const JOIN = source('S98', 'Join a secondary replica: the secondary replica must be joined');
const GROUP_ONLINE = source(
  'S135',
  'Msg 41136: JOIN fails "because the group is not online"; S7: a primary is ONLINE once "the availability group resource is online"',
);

/**
 * "Follow Up: After Adding a Secondary Replica": join it on its own instance (S98). SQL Server
 * refuses that JOIN while the group is not online: Msg 41136, "Failed to join the availability
 * replica to availability group '%.*ls' because the group is not online. Either bring the
 * availability group online, or drop and recreate it. Then retry the join operation" (S135). A
 * primary ONLINE says it is: "The availability group resource is online, and all database worker
 * threads have been picked up" (S7). PENDING, "transient, but a primary replica can be stuck in
 * this state if workers aren't available", does not say which of the two it lacks (the lab of
 * andreasjordan/demos met 41136 right after CREATE and waits for the primary to be Online before
 * the JOIN), so there, and where the input does not give the state, the JOIN carries that unknown.
 * A group with a static-IP listener adds Msg 19456's unknown (join-listener-subnet.ts).
 */
export const joinAddedReplicas = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const state = replicaFacts(facts, primary)?.operationalState ?? null;
  const online: readonly Reason[] =
    state === 'ONLINE'
      ? []
      : [
          unknownReason(
            'JOIN_GROUP_ONLINE_UNKNOWN',
            `whether ${facts.config.name} is online is not shown (the primary ${primary}'s operational state is ${state ?? 'not in the input'}, not ONLINE): SQL Server refuses the JOIN with Msg 41136 "because the group is not online" until it is`,
            GROUP_ONLINE,
            [
              `sys.dm_hadr_availability_replica_states.operational_state_desc of ${primary} (ONLINE)`,
            ],
          ),
        ];
  return facts.replicas
    .filter((f) => f.isJoined === false)
    .map((f) => ({
      event: { type: 'replica.join', replica: f.name },
      why: [
        reason(
          'JOIN_ADDED_REPLICA',
          `${f.name} was added to ${facts.config.name} but has not joined it: join it on its own instance, then prepare and join each database there (or let automatic seeding create them); until then it holds no copy and no failover can target it`,
          JOIN,
        ),
        ...online,
        ...joinListenerSubnetUnknown(facts.config, f.name),
      ],
    }));
};
