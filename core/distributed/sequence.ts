import type { RuleSource } from '../model/source.js';
import { hasFeature } from '../validation/limits.js';
import { distributedFailoverReadiness } from './readiness.js';
import { DISTRIBUTED_RULES } from './rules.js';
import { memberNamed, memberPrimary } from './select.js';
import type { DistributedCluster } from './types.js';

/**
 * The documented failover of a distributed group as the statements to run, each on the instance
 * it must run on (S58 "Fail over to a secondary availability group": before SQL Server 2022, and
 * from 2022 with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT). adapters/tsql renders it with
 * `:Connect`.
 */

export type SequenceAction =
  | {
      readonly kind: 'setAvailabilityMode';
      readonly members: readonly string[];
      readonly mode: 'SYNCHRONOUS_COMMIT';
    }
  | { readonly kind: 'checkSynchronization' }
  | { readonly kind: 'checkLastHardenedLsn' }
  | { readonly kind: 'setRoleSecondary' }
  | { readonly kind: 'setRequiredSecondaries'; readonly value: 0 | 1 }
  | { readonly kind: 'forceFailover' };

export interface SequenceStatement {
  /** The step as the documentation numbers it. */
  readonly step: number;
  /** What the step is for, in the documentation's words. */
  readonly purpose: string;
  /** The instance to connect to: the global primary or the forwarder (null: the group has no running primary). */
  readonly server: string | null;
  readonly runsOn: 'global primary' | 'forwarder';
  /** The distributed group's name, for the statement. */
  readonly group: string;
  readonly action: SequenceAction;
  /** Already true of the current state: nothing to run. */
  readonly done: boolean;
  readonly rule: RuleSource;
}

const R = DISTRIBUTED_RULES;

export const distributedFailoverSequence = (
  d: DistributedCluster,
): readonly SequenceStatement[] => {
  const from = memberNamed(d, d.link.from);
  const to = memberNamed(d, d.link.to);
  const onGlobal = from === undefined ? null : memberPrimary(from);
  const onForwarder = to === undefined ? null : memberPrimary(to);
  const ready = distributedFailoverReadiness(d);
  const met = (step: string) => ready.steps.find((s) => s.step === step)?.met === true;
  const with2022 = hasFeature(d.config, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT');
  const members = d.members.map((m) => m.name);
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
    server: runsOn === 'global primary' ? onGlobal : onForwarder,
    runsOn,
    group: d.config.name,
    action,
    done,
    rule,
  });
  const sync = (name: string | undefined) =>
    name === undefined ? false : memberNamed(d, name)?.availabilityMode === 'SYNCHRONOUS_COMMIT';
  const demoted = met('GLOBAL_PRIMARY_DEMOTED');
  const synchronous = { kind: 'setAvailabilityMode', members, mode: 'SYNCHRONOUS_COMMIT' } as const;
  const steps: SequenceStatement[] = [
    at(
      1,
      'global primary',
      'stop all transactions on the global primary, then set SYNCHRONOUS_COMMIT',
      synchronous,
      sync(from?.name),
      R.synchronousBothSides,
    ),
    at(
      1,
      'forwarder',
      'set SYNCHRONOUS_COMMIT on the forwarder too',
      synchronous,
      sync(to?.name),
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
        d.requiredSynchronizedSecondariesToCommit === 1,
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
