import { AgstateError, fromEither, type Result } from '../api/result.js';
import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import { type CreateDistributedOptions, createDistributedEither } from './build.js';
import type { DistributedCluster } from './types.js';

/** Distributed availability groups: two member groups and the link (docs/model.md). */

/** A running distributed group, or every reason it cannot be built: `{ ok, value | problems }`. */
export const createDistributed = (
  config: Config,
  members: readonly Config[],
  options: CreateDistributedOptions = {},
): Result<DistributedCluster, Reason> =>
  fromEither(createDistributedEither(config, members, options));

/** A running distributed group, or an AgstateError naming every reason. */
export const createDistributedOrThrow = (
  config: Config,
  members: readonly Config[],
  options: CreateDistributedOptions = {},
): DistributedCluster => {
  const r = createDistributed(config, members, options);
  if (r.ok) return r.value;
  throw new AgstateError(
    'not a distributed availability group to simulate',
    r.problems,
    (p) => p.message,
  );
};

export { type CreateDistributedOptions, createDistributedEither } from './build.js';
export { type DistributedDecisions, decideDistributed, type MemberDecisions } from './decide.js';
export { DistributedEvent, type DistributedEventOf, LinkMode } from './events.js';
export {
  type DistributedDatabaseFacts,
  type DistributedFacts,
  type DistributedMemberFacts,
  distributedFactsOf,
} from './facts.js';
export { connectMember, decideMember, memberPlaceFromFacts } from './facts-member.js';
export {
  distributedFactsReadiness,
  type FactsReadinessOptions,
  factsLinkEnds,
} from './facts-readiness.js';
export { distributedFactsSequence } from './facts-sequence.js';
export { asMemberDecisions, type ForwarderWait, type MemberPlace } from './member-place.js';
export {
  type DistributedFailoverReadiness,
  type DistributedFailoverStep,
  distributedFailoverReadiness,
  type StepCheck,
} from './readiness.js';
export type { DistributedObservation, DistributedStepResult } from './result.js';
export {
  forwarder,
  globalPrimary,
  isLinkSynchronousCommit,
  linkSynchronizationState,
  memberEnd,
  memberNamed,
  memberPrimary,
  writableMembers,
} from './select.js';
export {
  distributedFailoverSequence,
  type SequenceAction,
  type SequenceStatement,
} from './sequence.js';
export { runDistributed, stepDistributed } from './step.js';
export type {
  AcknowledgedCommits,
  DistributedCluster,
  DistributedLog,
  DistributedRole,
  Link,
  LinkCopy,
  Member,
} from './types.js';
