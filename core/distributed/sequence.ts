import { isUnknownReason, type Reason, type RuleSource } from '../model/source.js';
import { hasFeature } from '../validation/limits.js';
import type { ManagedInstanceLink } from './managed-instance-link.js';
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
  | { readonly kind: 'forceFailover' }
  /** A Managed Instance link's planned failover (S104); `tsql`, `removesLink` as ManagedInstanceLink has them. */
  | {
      readonly kind: 'linkFailover';
      readonly tsql: boolean | 'unknown';
      readonly removesLink: boolean;
    }
  /** Back up each database's log before the demotion; the backup's target is the user's. */
  | { readonly kind: 'backupBeforeDemotion'; readonly databases: readonly string[] };

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

/** What the documented sequence needs to know of a distributed group, from the model or from DMV facts. */
export interface SequenceInput {
  readonly group: string;
  readonly members: readonly string[];
  /** The instance each side's statements run on (null: the side has no known primary). */
  readonly globalPrimary: string | null;
  readonly forwarder: string | null;
  readonly globalPrimarySynchronous: boolean;
  readonly forwarderSynchronous: boolean;
  /** Whether a readiness step (distributedFailoverReadiness's step names) is met. */
  readonly met: (step: string) => boolean;
  /** Whether the input shows a readiness step not met for a known reason (not only unknown). */
  readonly knownNotMet: (step: string) => boolean;
  /** The version has REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT for distributed groups (2022). */
  readonly with2022: boolean;
  readonly requiredSynchronizedSecondariesToCommit: number;
  /** The group is a Managed Instance link, whose failover is its own (S104). */
  readonly managedInstanceLink?: ManagedInstanceLink;
  /** The member group whose primary sends log now (for a link: which side SQL Server is). */
  readonly from?: string;
  /**
   * Both members hold the PRIMARY role (a forced failover while the other side was away): the
   * statements resolve that instead (S104), the "global primary" being the group not kept.
   */
  readonly twoGlobalPrimaries?: boolean;
  /** The distributed group's databases, for the backup before that demotion. */
  readonly databases?: readonly string[];
}

/** The documented statements in order, each marked done when the input shows it already true. */
export const documentedSequence = (input: SequenceInput): readonly SequenceStatement[] => {
  const at: At = (step, runsOn, purpose, action, done, rule) => ({
    step,
    purpose,
    server: runsOn === 'global primary' ? input.globalPrimary : input.forwarder,
    runsOn,
    group: input.group,
    action,
    done,
    rule,
  });
  const demoted = input.met('GLOBAL_PRIMARY_DEMOTED');
  const synchronous = {
    kind: 'setAvailabilityMode',
    members: input.members,
    mode: 'SYNCHRONOUS_COMMIT',
  } as const;
  // Demoted, and last_hardened_lsn known to differ: failing over now loses data; the page
  // says to fail back on the global primary if it stays so, and start over from step 2.
  const failover = (step: number): SequenceStatement =>
    demoted && input.knownNotMet('LAST_HARDENED_LSN_EQUAL')
      ? at(
          step,
          'global primary',
          'last_hardened_lsn still differs: if it stays so, fail back to the global primary to avoid data loss, then start over from step 2',
          { kind: 'forceFailover' },
          false,
          R.failBack,
        )
      : at(
          step,
          'forwarder',
          'fail over from the primary group to the secondary group, on the forwarder',
          { kind: 'forceFailover' },
          false,
          R.failover,
        );
  if (input.managedInstanceLink !== undefined)
    return linkSequence(input, input.managedInstanceLink, at, synchronous);
  if (input.twoGlobalPrimaries === true) return splitBrain(input, at);
  if (input.with2022) return sequence2022(input, at, synchronous, demoted, failover);
  return [
    at(
      1,
      'global primary',
      'stop all transactions on the global primary, then set SYNCHRONOUS_COMMIT',
      synchronous,
      input.globalPrimarySynchronous,
      R.synchronousBothSides,
    ),
    at(
      1,
      'forwarder',
      'set SYNCHRONOUS_COMMIT on the forwarder too',
      synchronous,
      input.forwarderSynchronous,
      R.synchronousBothSides,
    ),
    at(
      2,
      'global primary',
      'wait until SYNCHRONIZED with the same last_hardened_lsn per database',
      { kind: 'checkSynchronization' },
      input.met('SYNCHRONIZED') || demoted,
      R.synchronizedEqualLsn,
    ),
    at(
      2,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkSynchronization' },
      input.met('SYNCHRONIZED') || demoted,
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
    at(
      4,
      'global primary',
      'test failover readiness: last_hardened_lsn the same on both groups per database',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.readiness,
    ),
    at(
      4,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.readiness,
    ),
    failover(5),
  ];
};

type At = (
  step: number,
  runsOn: SequenceStatement['runsOn'],
  purpose: string,
  action: SequenceAction,
  done: boolean,
  rule: RuleSource,
) => SequenceStatement;

/**
 * SQL Server 2022 and later, as the page now numbers it (S88): REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * = 1 on the global primary once SYNCHRONIZED and before the demotion, and = 0 afterwards on the
 * previous global primary (the new forwarder), where it was set.
 */
const sequence2022 = (
  input: SequenceInput,
  at: At,
  synchronous: SequenceAction,
  demoted: boolean,
  failover: (step: number) => SequenceStatement,
): readonly SequenceStatement[] => {
  const synchronized = input.met('SYNCHRONIZED') || demoted;
  return [
    at(
      2,
      'global primary',
      'set SYNCHRONOUS_COMMIT on the global primary',
      synchronous,
      input.globalPrimarySynchronous,
      R.synchronous2022,
    ),
    at(
      2,
      'forwarder',
      'set SYNCHRONOUS_COMMIT on the forwarder too',
      synchronous,
      input.forwarderSynchronous,
      R.synchronous2022,
    ),
    at(
      3,
      'global primary',
      'wait until the distributed group is SYNCHRONIZED',
      { kind: 'checkSynchronization' },
      synchronized,
      R.synchronized2022,
    ),
    at(
      3,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkSynchronization' },
      synchronized,
      R.synchronized2022,
    ),
    at(
      4,
      'global primary',
      'set REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 on the global primary, before the demotion',
      { kind: 'setRequiredSecondaries', value: 1 },
      input.requiredSynchronizedSecondariesToCommit === 1 || demoted,
      R.requiredSecondariesBeforeDemotion,
    ),
    at(
      5,
      'global primary',
      'verify the distributed group is SYNCHRONIZED and every replica healthy',
      { kind: 'checkSynchronization' },
      demoted,
      R.synchronized2022,
    ),
    at(
      5,
      'forwarder',
      'the same check on the forwarder',
      { kind: 'checkSynchronization' },
      demoted,
      R.synchronized2022,
    ),
    at(
      6,
      'global primary',
      'set the distributed group role to SECONDARY on the global primary',
      { kind: 'setRoleSecondary' },
      demoted,
      R.demote2022,
    ),
    failover(7),
    at(
      8,
      'global primary',
      'on the new forwarder (the previous global primary, where it was set), clear REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
      { kind: 'setRequiredSecondaries', value: 0 },
      false,
      R.requiredSecondariesCleared,
    ),
  ];
};

/**
 * A Managed Instance link's planned failover (S104, "Fail over link"): stop the workload; from SQL
 * Server to the managed instance, switch the link to synchronous mode on SQL Server (both members
 * in one MODIFY, skipped from the managed instance to SQL Server); wait until the last hardened
 * LSNs match on both sides and stay so; then FAILOVER on the primary replica.
 */
const linkSequence = (
  input: SequenceInput,
  link: ManagedInstanceLink,
  at: At,
  synchronous: SequenceAction,
): readonly SequenceStatement[] => {
  const fromManagedInstance =
    input.from !== undefined && input.from.toLowerCase() === link.managedInstance.toLowerCase();
  // Both sides PRIMARY after a forced failover: the page's way out is a backup and SET (ROLE =
  // SECONDARY) on the original primary, which no snapshot names; a FAILOVER would not end it.
  if (input.twoGlobalPrimaries === true || input.knownNotMet('GLOBAL_PRIMARY_DEMOTED'))
    return [
      at(
        1,
        'global primary',
        'both sides hold the PRIMARY role (split brain): on the side that was the original primary (the snapshots do not say which), take a tail-log backup (SQL Server) or a copy-only full backup (managed instance), then set the distributed group to SECONDARY there',
        { kind: 'setRoleSecondary' },
        false,
        R.linkSplitBrain,
      ),
    ];
  return [
    ...(fromManagedInstance
      ? []
      : [
          at(
            1,
            'global primary',
            'stop the workload, then switch the link to synchronous mode on SQL Server (the managed instance takes no statement)',
            synchronous,
            input.globalPrimarySynchronous,
            R.linkSynchronous,
          ),
        ]),
    at(
      2,
      'global primary',
      'wait until last_hardened_lsn matches on both sides and stays so',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.linkLsn,
    ),
    at(
      2,
      'forwarder',
      'the same check on the other side',
      { kind: 'checkLastHardenedLsn' },
      false,
      R.linkLsn,
    ),
    at(
      3,
      'global primary',
      'fail over the link, on the primary replica',
      { kind: 'linkFailover', tsql: link.tsql, removesLink: link.removesLink },
      false,
      R.linkFailover,
    ),
  ];
};

/**
 * Both groups PRIMARY: "To resolve the split brain state, first take a backup on whichever replica
 * was the original primary ... After the backup completes, set the distributed availability group
 * to the secondary role for the replica that used to be the original primary" (S104). The planned
 * steps (SYNCHRONOUS_COMMIT, wait for SYNCHRONIZED, demote, force) do not apply: no log crosses
 * between two primaries, and the kept group is primary already.
 */
const splitBrain = (input: SequenceInput, at: At): readonly SequenceStatement[] => [
  at(
    1,
    'global primary',
    'both groups hold the PRIMARY role: on the group not kept, back up each database first (a tail-log backup keeps the writes it took since the split)',
    { kind: 'backupBeforeDemotion', databases: input.databases ?? [] },
    false,
    R.splitBrain,
  ),
  at(
    2,
    'global primary',
    'after the backup, set the distributed group role to SECONDARY on the group not kept',
    { kind: 'setRoleSecondary' },
    false,
    R.splitBrain,
  ),
];

export const distributedFailoverSequence = (
  d: DistributedCluster,
): readonly SequenceStatement[] => {
  const from = memberNamed(d, d.link.from);
  const to = memberNamed(d, d.link.to);
  const ready = distributedFailoverReadiness(d);
  return documentedSequence({
    group: d.config.name,
    members: d.members.map((m) => m.name),
    globalPrimary: from === undefined ? null : memberPrimary(from),
    forwarder: to === undefined ? null : memberPrimary(to),
    globalPrimarySynchronous: from?.availabilityMode === 'SYNCHRONOUS_COMMIT',
    forwarderSynchronous: to?.availabilityMode === 'SYNCHRONOUS_COMMIT',
    met: (step) => ready.steps.find((s) => s.step === step)?.met === true,
    knownNotMet: (step) => knownNotMet(ready.steps, step),
    with2022: hasFeature(d.config, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
    requiredSynchronizedSecondariesToCommit: d.requiredSynchronizedSecondariesToCommit,
    twoGlobalPrimaries: d.members.every((m) => m.role === 'PRIMARY'),
    databases: Object.keys(d.logs).sort(),
  });
};

/** A step not met for a reason the input states, not only for what it does not show. */
export const knownNotMet = (
  steps: readonly {
    readonly step: string;
    readonly met: boolean;
    readonly reasons: readonly Reason[];
  }[],
  step: string,
): boolean => {
  const found = steps.find((s) => s.step === step);
  return found !== undefined && !found.met && !found.reasons.every(isUnknownReason);
};
