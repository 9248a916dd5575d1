import { type DecideOptions, type Decisions, decide } from '../decide/decide.js';
import type { ClusterFacts } from '../model/facts.js';
import { unknownReason } from '../model/source.js';
import { type ConnectionAnswer, type ConnectionAsk, connectWith } from '../routing/connection.js';
import type { ListenerConnection } from '../routing/listener.js';
import type { DistributedFacts } from './facts.js';
import {
  asMemberDecisions,
  type ForwarderWait,
  type MemberPlace,
  memberReadOnlyConnection,
  memberReplicaReadConnection,
  primaryReadIntent,
} from './member-place.js';
import { DISTRIBUTED_RULES } from './rules.js';

/**
 * A member group decided from its own DMV snapshot, which also holds the rows of the distributed
 * groups it belongs to (S43 "View distributed availability group information"): its commits and
 * backups as its place there changes them. What one side's snapshot does not show is unknown.
 */

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const DRS = 'sys.dm_hadr_database_replica_states';

/** The place of the group in `facts` in the distributed group `f`; null when it is not a member. */
export const memberPlaceFromFacts = (
  facts: ClusterFacts,
  f: DistributedFacts,
): MemberPlace | null => {
  const self = f.members.find((m) => same(m.name, facts.config.name));
  if (self === undefined) return null;
  const other = f.members.find((m) => m !== self);
  const dag = f.config.name;
  const waitsForForwarder = (database: string): ForwarderWait => {
    if (self.role !== 'PRIMARY' || other === undefined) return { kind: 'no' };
    // Log flows from the one global primary: with two (a split) or another sender, none waits.
    if (other.role === 'PRIMARY' || (f.sender !== null && !same(f.sender, self.name)))
      return { kind: 'no' };
    // The log between the groups is SYNCHRONIZED only when both sides have SYNCHRONOUS_COMMIT.
    if (
      self.availabilityMode === 'ASYNCHRONOUS_COMMIT' ||
      other.availabilityMode === 'ASYNCHRONOUS_COMMIT'
    )
      return { kind: 'no' };
    const state = f.databases.find(
      (d) => same(d.member, other.name) && d.database === database,
    )?.synchronizationState;
    // "A distributed availability group will wait until all synchronous copies acknowledge":
    // the forwarder's own synchronous secondaries too, which a member's snapshot does not show.
    if (state === 'SYNCHRONIZED')
      return {
        kind: 'waits',
        across: [other.primaryReplica ?? `the forwarder of ${other.name}`],
        unshown: unknownReason(
          'FORWARDER_GROUP_COPIES_UNKNOWN',
          `the commit also waits for each synchronous secondary of ${other.name} that is SYNCHRONIZED with its forwarder, and, where ${other.name}'s primary sends on in a distributed group of its own set to synchronous (daisy-chained), for the copies of the group after it, down to the last replica of the last group; ${other.name}'s replicas and distributed groups are not in the input`,
          DISTRIBUTED_RULES.waitAllSynchronousCopies,
          [
            `sys.availability_replicas.availability_mode_desc and ${DRS}.synchronization_state_desc of ${other.name}'s secondaries, on ${other.primaryReplica ?? `${other.name}'s primary`}`,
            `sys.availability_groups.is_distributed and the availability_mode_desc of each distributed group ${other.name} sends in, on ${other.primaryReplica ?? `${other.name}'s primary`}`,
          ],
        ),
      };
    if (state !== undefined && state !== null) return { kind: 'no' };
    return {
      kind: 'unknown',
      reasons: [
        unknownReason(
          'FORWARDER_SYNCHRONIZATION_UNKNOWN',
          `whether ${database} is SYNCHRONIZED with the forwarder of ${other.name} in ${dag} is not in the input: a commit waits for the forwarder when it is, under SYNCHRONOUS_COMMIT`,
          DISTRIBUTED_RULES.waitAllSynchronousCopies,
          [`${DRS}.synchronization_state_desc of ${other.name} in ${dag}`],
        ),
      ],
    };
  };
  // A SECONDARY member receives the log unless it is the sender: the global primary's group
  // just demoted (both SECONDARY, between the steps of the failover). Facts that do not say
  // which one sent count it as receiving only when the other is not SECONDARY too.
  const receives =
    self.role === 'SECONDARY' &&
    (f.sender === null ? other?.role !== 'SECONDARY' : !same(f.sender, self.name));
  // Both sides' SERVERPROPERTY rows: a sender on a lower major version leaves this group unreadable (S43).
  const mine = self.version ?? null;
  const theirs = other?.version ?? null;
  // A secondary copy SYNCHRONIZED here rules that out: under a lower sender they show
  // "Synchronizing/In Recovery (even if the AG is in sync commit)" (S43); so does SQL Server 2016
  // here, the first version with distributed groups.
  const ruledOut =
    mine === 2016 ||
    facts.databaseReplicas.some(
      (d) =>
        d.synchronizationState === 'SYNCHRONIZED' &&
        (facts.primary === null || !same(d.replica, facts.primary)),
    );
  const senderVersion =
    !receives || other === undefined
      ? null
      : theirs === null
        ? ruledOut
          ? null
          : { kind: 'unknown' as const, member: other.name, replica: other.primaryReplica }
        : mine !== null && theirs < mine
          ? theirs
          : null;
  return {
    distributedGroup: dag,
    member: self.name,
    role: self.role,
    receives,
    receivesFromVersion: senderVersion,
    primaryReplica: facts.primary,
    primaryReadIntent: primaryReadIntent(facts.config, facts.primary),
    requiredSynchronizedSecondariesToCommit: f.requiredSynchronizedSecondariesToCommit,
    waitsForForwarder,
    // The other group's row as this global primary reports it (S94 compares it with the rest).
    forwarderTruncation: (database) => {
      const lsn =
        self.role === 'PRIMARY' && other !== undefined && other.role !== 'PRIMARY'
          ? f.databases.find((d) => same(d.member, other.name) && d.database === database)
              ?.truncationLsn
          : null;
      return lsn === null || lsn === undefined || other === undefined
        ? null
        : { member: other.name, replica: other.primaryReplica, truncationLsn: lsn };
    },
  };
};

/**
 * Every decision about the member group in `facts`, as `decide` makes it, changed by its place in
 * each distributed group of `distributed` it belongs to (where writes go and wait, where backups run).
 */
export const decideMember = (
  facts: ClusterFacts,
  distributed: readonly DistributedFacts[],
  options: DecideOptions = {},
): Decisions =>
  distributed.reduce(
    (decisions, f) => {
      const place = memberPlaceFromFacts(facts, f);
      return place === null ? decisions : asMemberDecisions(decisions, place);
    },
    decide(facts, options),
  );

const isListenerOutcome = (o: ConnectionAnswer['outcome']): o is ListenerConnection['outcome'] =>
  o === 'connected' || o === 'routed' || o === 'refused' || o === 'unknown';

/**
 * A client's connection (decide --connection) to the member group in `facts`, read-intent ones
 * changed by its place in each distributed group as the routing decisions are: through the
 * listener, read-only routing does not work in the secondary group; through the listener or
 * straight to a replica, a secondary group behind a lower version cannot be read (S43).
 */
export const connectMember = (
  facts: ClusterFacts,
  distributed: readonly DistributedFacts[],
  ask: ConnectionAsk,
): ConnectionAnswer => {
  const answer = connectWith(facts, ask);
  if (ask.intent !== 'READ_ONLY' || !isListenerOutcome(answer.outcome)) return answer;
  if (answer.through !== 'listener' && answer.through !== 'replica') return answer;
  const change =
    answer.through === 'listener' ? memberReadOnlyConnection : memberReplicaReadConnection;
  const start: ListenerConnection = {
    outcome: answer.outcome,
    ...(answer.replica === undefined ? {} : { replica: answer.replica }),
    reasons: answer.reasons,
    considered: answer.considered ?? [],
  };
  const c = distributed.reduce((conn, f) => {
    const place = memberPlaceFromFacts(facts, f);
    return place === null ? conn : change(place, conn);
  }, start);
  if (c === start) return answer;
  // Straight to a replica the session still goes there, whether it can read or not.
  const replica = answer.through === 'replica' ? answer.replica : c.replica;
  return {
    through: answer.through,
    outcome: c.outcome,
    ...(replica === undefined ? {} : { replica }),
    reasons: c.reasons,
    ...(c.considered.length === 0 ? {} : { considered: c.considered }),
  };
};
