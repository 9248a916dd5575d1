import type { RuleSource } from '../model/source.js';
import { hasFeature } from '../validation/limits.js';
import type { DistributedFacts } from './facts.js';
import {
  distributedFactsReadiness,
  type FactsReadinessOptions,
  factsLinkEnds,
} from './facts-readiness.js';
import { DISTRIBUTED_RULES } from './rules.js';
import type { SequenceAction, SequenceStatement } from './sequence.js';

/**
 * The documented failover of a distributed group (S58 "Fail over to a secondary availability
 * group") as the statements to run, judged from DMV facts: the twin of
 * `distributedFailoverSequence`. A step counts as done only when the facts show it; the server of
 * a side the facts do not name is null (the caller may connect through that group's listener).
 */

const R = DISTRIBUTED_RULES;

export const distributedFactsSequence = (
  f: DistributedFacts,
  options: FactsReadinessOptions = {},
): readonly SequenceStatement[] => {
  const { from, to } = factsLinkEnds(f, options);
  const ready = distributedFactsReadiness(f, options);
  const met = (step: string) => ready.steps.find((s) => s.step === step)?.met === true;
  const demoted = met('GLOBAL_PRIMARY_DEMOTED');
  const with2022 = hasFeature(f.config, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT');
  const at = (
    step: number,
    runsOn: SequenceStatement['runsOn'],
    purpose: string,
    action: SequenceAction,
    done: boolean,
    rule: RuleSource,
  ): SequenceStatement => ({
    step,
    purpose,
    server: (runsOn === 'global primary' ? from : to)?.primaryReplica ?? null,
    runsOn,
    group: f.config.name,
    action,
    done,
    rule,
  });
  const synchronous = {
    kind: 'setAvailabilityMode',
    members: f.members.map((m) => m.name),
    mode: 'SYNCHRONOUS_COMMIT',
  } as const;
  const steps: SequenceStatement[] = [
    at(
      1,
      'global primary',
      'stop all transactions on the global primary, then set SYNCHRONOUS_COMMIT',
      synchronous,
      from?.availabilityMode === 'SYNCHRONOUS_COMMIT',
      R.synchronousBothSides,
    ),
    at(
      1,
      'forwarder',
      'set SYNCHRONOUS_COMMIT on the forwarder too',
      synchronous,
      to?.availabilityMode === 'SYNCHRONOUS_COMMIT',
      R.synchronousBothSides,
    ),
    at(
      2,
      'global primary',
      'wait until SYNCHRONIZED with the same last_hardened_lsn per database',
      { kind: 'checkSynchronization' },
      met('SYNCHRONIZED') || demoted,
      R.synchronizedEqualLsn,
    ),
    at(
      2,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkSynchronization' },
      met('SYNCHRONIZED') || demoted,
      R.synchronizedEqualLsn,
    ),
    at(
      3,
      'global primary',
      'set the distributed group role to SECONDARY on the global primary',
      { kind: 'setRoleSecondary' },
      demoted,
      R.demote,
    ),
  ];
  let n = 4;
  if (with2022)
    steps.push(
      at(
        n++,
        'global primary',
        'set REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1',
        { kind: 'setRequiredSecondaries', value: 1 },
        f.requiredSynchronizedSecondariesToCommit === 1,
        R.requiredSecondaries,
      ),
    );
  const readiness = n++;
  steps.push(
    at(
      readiness,
      'global primary',
      'test failover readiness: last_hardened_lsn the same on both groups per database',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.readiness,
    ),
    at(
      readiness,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.readiness,
    ),
    at(
      n++,
      'forwarder',
      'fail over from the primary group to the secondary group, on the forwarder',
      { kind: 'forceFailover' },
      false,
      R.failover,
    ),
  );
  if (with2022)
    steps.push(
      at(
        n++,
        'forwarder',
        'on the new global primary, clear REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
        { kind: 'setRequiredSecondaries', value: 0 },
        false,
        R.requiredSecondaries,
      ),
    );
  return steps;
};
