import { hasFeature } from '../validation/limits.js';
import type { DistributedFacts } from './facts.js';
import {
  distributedFactsReadiness,
  type FactsReadinessOptions,
  factsLinkEnds,
} from './facts-readiness.js';
import { managedInstanceLink } from './managed-instance-link.js';
import { documentedSequence, knownNotMet, type SequenceStatement } from './sequence.js';

/**
 * The documented failover of a distributed group (S58 "Fail over to a secondary availability
 * group") as the statements to run, judged from DMV facts: the twin of
 * `distributedFailoverSequence`. A step counts as done only when the facts show it; the server of
 * a side the facts do not name is null (the caller may connect through that group's listener).
 */

export const distributedFactsSequence = (
  f: DistributedFacts,
  options: FactsReadinessOptions = {},
): readonly SequenceStatement[] => {
  const { from, to } = factsLinkEnds(f, options);
  const ready = distributedFactsReadiness(f, options);
  const link = managedInstanceLink(f.config, f.config);
  return documentedSequence({
    ...(link === undefined ? {} : { managedInstanceLink: link }),
    ...(from === undefined ? {} : { from: from.name }),
    group: f.config.name,
    members: f.members.map((m) => m.name),
    globalPrimary: from?.primaryReplica ?? null,
    forwarder: to?.primaryReplica ?? null,
    globalPrimarySynchronous: from?.availabilityMode === 'SYNCHRONOUS_COMMIT',
    forwarderSynchronous: to?.availabilityMode === 'SYNCHRONOUS_COMMIT',
    met: (step) => ready.steps.find((s) => s.step === step)?.met === true,
    knownNotMet: (step) => knownNotMet(ready.steps, step),
    with2022: hasFeature(f.config, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
    requiredSynchronizedSecondariesToCommit: f.requiredSynchronizedSecondariesToCommit,
    twoGlobalPrimaries: f.members.length === 2 && f.members.every((m) => m.role === 'PRIMARY'),
    databases: [...new Set(f.databases.map((d) => d.database))].sort(),
  });
};
