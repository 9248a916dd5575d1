import { stepFacts } from '../cluster/facts.js';
import { stuckCaughtUpCopies } from '../cluster/liveness.js';
import type { Observation } from '../cluster/observation.js';
import {
  agService,
  findReplica,
  isReplicaUp,
  primaryReplica,
  quorumState,
  writablePrimaryCount,
} from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { commitOutcome } from '../log/commit.js';
import { externalWriteMajority } from '../log/external-majority.js';
import { acknowledgedNotHeld } from '../log/lineage.js';

/**
 * What the explorer asks of every state it reaches. "No writable primary" alone says little (one
 * quorum loss gives it), so it is also answered per cause, and once more for paths on which the
 * cluster never lost quorum.
 */
export const QUESTIONS = {
  acknowledgedLoss: 'Can acknowledged commits be lost?',
  noWritablePrimary: 'Can the group be left with no writable primary?',
  noWritablePrimaryWithQuorum:
    'Can the group be left with no writable primary without losing quorum?',
  commitsBlocked: 'Can commits be blocked while a primary is writable?',
  stuckSynchronizing: 'Can a caught-up synchronous secondary be left out of SYNCHRONIZED?',
} as const;
export type QuestionId = keyof typeof QUESTIONS;
export const QUESTION_IDS = Object.keys(QUESTIONS) as QuestionId[];

/**
 * Why no replica holds a writable primary role, read from the group's machine (its quorum and
 * service regions) and the last primary's replica machine. Sources in docs/checks.md.
 */
export const NO_PRIMARY_CAUSES = {
  quorumLost:
    'the cluster lost quorum: the group is offline on every replica and no failover is possible (R-FO-1)',
  forcedQuorum:
    'quorum was forced and no forced failover has brought a primary online yet (R-FO-2)',
  primaryDown:
    'the primary replica is down and no automatic failover took over (no SYNCHRONIZED automatic target, or the failure threshold was reached)',
  primaryResolving: 'the last primary replica is up but the group has no primary role (RESOLVING)',
  failingOver: 'a failover is under way',
  offline: 'the group was taken OFFLINE',
} as const;
export type NoPrimaryCause = keyof typeof NO_PRIMARY_CAUSES;
export const NO_PRIMARY_CAUSE_IDS = Object.keys(NO_PRIMARY_CAUSES) as NoPrimaryCause[];

/** The cause, or null while a primary is writable. */
export const noPrimaryCause = (c: Cluster): NoPrimaryCause | null => {
  if (writablePrimaryCount(c) > 0) return null;
  const service = agService(c);
  if (service === 'OFFLINE') return 'offline';
  const quorum = quorumState(c);
  if (quorum === 'LOST') return 'quorumLost';
  if (quorum === 'FORCED') return 'forcedQuorum';
  if (service.startsWith('FAILING_OVER')) return 'failingOver';
  const last = c.ag.context.primary;
  const replica = last === null ? undefined : findReplica(c, last);
  return replica === undefined || !isReplicaUp(replica) ? 'primaryDown' : 'primaryResolving';
};

/** Acknowledged commits the primary no longer holds, or a failover that reported some lost. */
export const lostAcknowledged = (c: Cluster, observations: readonly Observation[]): boolean => {
  if (observations.some((o) => o.type === 'failover.completed' && o.lost.length > 0)) return true;
  const primary = primaryReplica(c);
  if (primary === undefined) return false;
  for (const db in c.logs) {
    const log = c.logs[db]!;
    const end = primary.databases[db]?.hardened;
    if (end !== undefined && acknowledgedNotHeld(log.forks, log.acknowledged, end).length > 0)
      return true;
  }
  return false;
};

export const commitsBlocked = (c: Cluster): boolean => {
  // Only REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT and, under CLUSTER_TYPE = EXTERNAL, the
  // primary's majority block a commit (commitOutcome): without either, the facts need not be built.
  if (
    c.config.requiredSynchronizedSecondariesToCommit === 0 &&
    externalWriteMajority(c.config.clusterType, c.config.replicas) === null
  )
    return false;
  if (writablePrimaryCount(c) === 0) return false;
  const facts = stepFacts(c);
  return c.config.databases.some((db) => commitOutcome(facts, db).acknowledgement === 'blocked');
};

/** The questions a newly reached state answers "yes" to (not acknowledgedLoss: see lostAcknowledged). */
export interface StateAnswers {
  readonly cause: NoPrimaryCause | null;
  readonly commitsBlocked: boolean;
  readonly stuckSynchronizing: boolean;
}

export const stateAnswers = (c: Cluster): StateAnswers => ({
  cause: noPrimaryCause(c),
  commitsBlocked: commitsBlocked(c),
  stuckSynchronizing: stuckCaughtUpCopies(c).length > 0,
});
