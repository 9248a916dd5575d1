import { clusterFacts } from '../cluster/facts.js';
import { type DecideOptions, type Decisions, decide } from '../decide/decide.js';
import { forwarderCopies, waitsForForwarder } from './ledger.js';
import { lowerSenderVersion } from './log-source.js';
import { asMemberDecisions, type MemberPlace, primaryReadIntent } from './member-place.js';
import { type DistributedFailoverReadiness, distributedFailoverReadiness } from './readiness.js';
import { forwarder, globalPrimary, memberPrimary } from './select.js';
import { distributedFailoverSequence, type SequenceStatement } from './sequence.js';
import type { DistributedCluster, DistributedRole, Member } from './types.js';

/**
 * The decisions of a distributed group: the failover between the groups (readiness and the
 * documented sequence), and each member group's own decisions as `decide` gives them, with what
 * the distributed group changes: where writes go and wait (S43), and where backups may run (S10).
 */

export interface MemberDecisions {
  readonly member: string;
  readonly role: DistributedRole;
  readonly decisions: Decisions;
}

export interface DistributedDecisions {
  readonly globalPrimary: string | null;
  readonly forwarder: string | null;
  readonly failover: DistributedFailoverReadiness;
  readonly sequence: readonly SequenceStatement[];
  readonly members: readonly MemberDecisions[];
}

/** A simulated member's place: its role, and whether its commits wait for the forwarder now. */
const placeOf = (d: DistributedCluster, m: Member): MemberPlace => ({
  distributedGroup: d.config.name,
  member: m.name,
  role: m.role,
  receives: d.link.to === m.name,
  receivesFromVersion: lowerSenderVersion(d, m),
  primaryReadIntent: primaryReadIntent(m.cluster.config, memberPrimary(m)),
  primaryReplica: memberPrimary(m),
  requiredSynchronizedSecondariesToCommit: d.requiredSynchronizedSecondariesToCommit,
  waitsForForwarder: (database) =>
    waitsForForwarder(d, m.name, database)
      ? { kind: 'waits', across: forwarderCopies(d, database).map((c) => c.replica) }
      : { kind: 'no' },
});

export const decideDistributed = (
  d: DistributedCluster,
  options: DecideOptions = {},
): DistributedDecisions => ({
  globalPrimary: globalPrimary(d),
  forwarder: forwarder(d),
  failover: distributedFailoverReadiness(d),
  sequence: distributedFailoverSequence(d),
  members: d.members.map((m) => {
    return {
      member: m.name,
      role: m.role,
      decisions: asMemberDecisions(decide(clusterFacts(m.cluster), options), placeOf(d, m)),
    };
  }),
});
