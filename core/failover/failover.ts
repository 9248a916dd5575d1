import type { FailoverForm } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import {
  isPrimaryUnseen,
  isReplicaUp,
  memoByFactsAnd,
  primaryConfig,
  primaryUnseen,
  replicaConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';
import {
  checkAutomaticModes,
  checkFailureThreshold,
  isExternalWithoutPrimary,
  noMasterNote,
} from './automatic-checks.js';
import {
  checkEveryDatabaseFailoverReady,
  checkEveryDatabaseFailoverReadyFor,
  checkEveryDatabaseSynchronized,
  checkSynchronousPair,
} from './database-checks.js';
import { dedupe } from './dedupe.js';
import {
  checkExternalQuorum,
  checkExternalRequiredSecondaries,
  checkExternalSequenceNumber,
} from './external-checks.js';
import { FAILOVER_RULES } from './failover-rules.js';
import { forcedNotes } from './forced-notes.js';
import {
  checkAnyQuorum,
  checkGroupNotOffline,
  checkHealthyQuorum,
  checkNoFailoverInProgress,
  checkPrimaryAvailable,
  checkSecondaryRole,
  checkTargetCanHostData,
  checkTargetConnected,
  checkTargetIsNotPrimary,
  checkTargetNotFailed,
  checkTargetUp,
} from './replica-checks.js';
import { type Check, type FailoverVerdict, verdictStatus } from './verdict.js';

/**
 * Which replica may take which failover form now, and why not (ag-rules §4.2–4.3). Every check
 * runs and every failed check is a reason: a refusal lists all of them.
 */

export { type Check, type FailoverVerdict, type VerdictStatus, verdictStatus } from './verdict.js';
export { FAILOVER_RULES };

const r = reason;

/**
 * A replica added to the group whose instance has not run ALTER AVAILABILITY GROUP … JOIN
 * (join_state NOT_JOINED) is no secondary replica, so no failover can target it (S98: "After a
 * secondary replica is added to an Always On availability group, the secondary replica must be
 * joined to the availability group"; FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS run on a
 * secondary replica, S3). Its state, role and connection are then beside the point: the
 * "unknown" reasons about them give way to this one, the definite ones stay.
 */
const notJoinedReasons = (
  facts: ClusterFacts,
  target: string,
  found: readonly Reason[],
): readonly Reason[] | null => {
  const row = facts.replicas.find((x) => x.name === target);
  if (row?.isJoined !== false) return null;
  return [
    r(
      'TARGET_NOT_JOINED',
      `${target} was added to ${facts.config.name} but has not joined it: run ALTER AVAILABILITY GROUP [${facts.config.name}] JOIN on ${target} first`,
      source('S98', 'Join a secondary replica: the secondary replica must be joined'),
    ),
    ...found.filter((x) => !NOT_JOINED_MOOT.has(x.code)),
  ];
};

const NOT_JOINED_MOOT: ReadonlySet<string> = new Set([
  'TARGET_STATE_UNKNOWN',
  'TARGET_ROLE_UNKNOWN',
  'TARGET_CONNECTION_UNKNOWN',
]);

const verdict = (
  form: FailoverForm,
  facts: ClusterFacts,
  targetName: string,
  checks: readonly Check[],
): FailoverVerdict => {
  const target = replicaConfig(facts, targetName);
  if (target === undefined) {
    return {
      form,
      target: targetName,
      status: 'refused',
      allowed: false,
      reasons: [
        r(
          'UNKNOWN_REPLICA',
          `${targetName} is not a replica of ${facts.config.name}`,
          FAILOVER_RULES.forms,
        ),
      ],
    };
  }
  const found: Reason[] = [];
  for (const check of checks) for (const x of check(facts, target)) found.push(x);
  const notJoined = notJoinedReasons(facts, target.name, found);
  const reasons = dedupe(notJoined ?? found, facts.config);
  const status = verdictStatus(reasons);
  return { form, target: target.name, status, allowed: status === 'allowed', reasons };
};

const checkClusterNoneForPlanned: Check = (f) =>
  f.config.clusterType === 'NONE'
    ? [
        r(
          'CLUSTER_TYPE_NONE_PLANNED',
          'CLUSTER_TYPE = NONE: fail over by SET (ROLE = SECONDARY) on the primary and FORCE_FAILOVER_ALLOW_DATA_LOSS on the target',
          FAILOVER_RULES.clusterNonePlanned,
        ),
      ]
    : [];

/**
 * Whether a running primary serves the group: 'no' when no replica holds the role or its instance
 * is down, 'unknown' when the snapshot shows neither (taken on a secondary that cannot tell).
 */
const primaryServes = (facts: ClusterFacts): 'yes' | 'no' | 'unknown' => {
  const primary = primaryConfig(facts);
  if (primary === undefined) return isPrimaryUnseen(facts) ? 'unknown' : 'no';
  return isReplicaUp(replicaFacts(facts, primary.name)) === false ? 'no' : 'yes';
};

/**
 * With the primary gone on a WSFC, "manual failover (without data loss) is possible even if the
 * primary replica has crashed because the secondary databases are ready for failover" (S2, Terms
 * and definitions), and after quorum returns by natural means "you can perform a planned manual
 * failover to a synchronized secondary replica" (S44): the target, SECONDARY or RESOLVING, needs
 * its databases marked synchronized in the cluster (is_failover_ready, S8), healthy quorum (not
 * forced: the stored state may be stale, S2) and synchronous commit. No session with a primary
 * is asked for: there is none. CLUSTER_TYPE EXTERNAL and NONE keep their own rules.
 */
const plannedWithoutPrimaryChecks: readonly Check[] = [
  checkGroupNotOffline,
  checkNoFailoverInProgress,
  checkTargetIsNotPrimary,
  checkTargetCanHostData,
  checkHealthyQuorum,
  checkTargetUp,
  checkTargetNotFailed,
  checkSynchronousPair(FAILOVER_RULES.plannedPrimaryDown),
  checkEveryDatabaseFailoverReadyFor(FAILOVER_RULES.plannedPrimaryDown),
  checkExternalSequenceNumber(false),
];

const plannedWithPrimaryChecks: readonly Check[] = [
  checkGroupNotOffline,
  checkNoFailoverInProgress,
  checkTargetIsNotPrimary,
  checkTargetCanHostData,
  checkClusterNoneForPlanned,
  checkHealthyQuorum,
  checkPrimaryAvailable,
  checkTargetUp,
  checkTargetNotFailed,
  checkSecondaryRole,
  checkTargetConnected,
  checkSynchronousPair(FAILOVER_RULES.planned),
  checkEveryDatabaseSynchronized,
  // Under EXTERNAL a planned failover is a pcs move: the agent's promote checks the numbers too.
  checkExternalSequenceNumber(true),
];

const planned = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const serves = facts.config.clusterType === 'WSFC' ? primaryServes(facts) : 'yes';
  if (serves === 'no') return verdict('planned', facts, target, plannedWithoutPrimaryChecks);
  const withPrimary = verdict('planned', facts, target, plannedWithPrimaryChecks);
  if (serves === 'yes' || withPrimary.status !== 'refused') return withPrimary;
  // The snapshot does not say whether a primary serves: refused only when both readings refuse.
  const without = verdict('planned', facts, target, plannedWithoutPrimaryChecks);
  if (without.status === 'refused') return withPrimary;
  const reasons = [primaryUnseen(FAILOVER_RULES.planned, facts), ...without.reasons];
  return { ...without, status: 'unknown', allowed: false, reasons };
};

const automatic = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const v = automaticChecked(facts, target);
  if (v.status === 'refused' || !isExternalWithoutPrimary(facts)) return v;
  return { ...v, reasons: [...v.reasons, noMasterNote(facts, target)] };
};

const automaticChecked = (facts: ClusterFacts, target: string): FailoverVerdict =>
  verdict('automatic', facts, target, [
    checkGroupNotOffline,
    checkTargetIsNotPrimary,
    checkTargetCanHostData,
    checkAutomaticModes,
    checkExternalQuorum,
    checkExternalRequiredSecondaries,
    checkExternalSequenceNumber(false),
    checkHealthyQuorum,
    checkTargetUp,
    checkTargetNotFailed,
    checkEveryDatabaseFailoverReady,
    checkFailureThreshold,
  ]);

const forced = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const base = verdict('forced', facts, target, [
    checkGroupNotOffline,
    checkNoFailoverInProgress,
    checkTargetIsNotPrimary,
    checkTargetCanHostData,
    checkAnyQuorum,
    checkTargetUp,
    checkTargetNotFailed,
  ]);
  // A refusal needs no notes; an unknown verdict keeps them after its unknowns, for the failover
  // the input may yet allow.
  if (base.status === 'refused') return base;
  const notes = forcedNotes(facts, base.target, plannedFailover(facts, target).allowed);
  return { ...base, reasons: [...base.reasons, ...notes] };
};

// The decision engine, its recommended actions and a forced verdict all ask for the same verdicts:
// each is worked out once per facts and target.

/** Planned manual failover to `target` (ALTER AVAILABILITY GROUP … FAILOVER, run on the target). */
export const plannedFailover = memoByFactsAnd(planned);

/**
 * Automatic failover to `target`: whether the cluster would choose this replica if the primary
 * failed now under the flexible failover policy. The failure itself is judged by health.ts.
 */
export const automaticFailover = memoByFactsAnd(automatic);

/** Forced failover to `target` (FORCE_FAILOVER_ALLOW_DATA_LOSS, run on the target). */
export const forcedFailover = memoByFactsAnd(forced);

/** Every form for one target. */
export const failoverOptions = (
  facts: ClusterFacts,
  target: string,
): readonly FailoverVerdict[] => [
  automaticFailover(facts, target),
  plannedFailover(facts, target),
  forcedFailover(facts, target),
];

/**
 * The replica an automatic failover would choose now (first eligible in configuration order), and
 * every other's verdict. `undecided`: the replicas before the chosen one (or all, when none is
 * chosen) whose verdict is unknown: any of them may be the choice, so a null target is "no
 * replica" only when `undecided` is empty.
 */
export const automaticFailoverChoice = (
  facts: ClusterFacts,
): {
  readonly target: string | null;
  readonly verdicts: readonly FailoverVerdict[];
  readonly undecided: readonly string[];
  /** Every replica whose automatic verdict allows it, in configuration order. */
  readonly qualifying: readonly string[];
} => {
  const verdicts = facts.config.replicas
    .filter((rep) => facts.primary === null || !sameName(rep.name, facts.primary))
    .map((rep) => automaticFailover(facts, rep.name));
  const at = verdicts.findIndex((v) => v.allowed);
  const before = at === -1 ? verdicts : verdicts.slice(0, at);
  return {
    target: verdicts[at]?.target ?? null,
    verdicts,
    undecided: before.filter((v) => v.status === 'unknown').map((v) => v.target),
    qualifying: verdicts.filter((v) => v.allowed).map((v) => v.target),
  };
};

/**
 * Where an automatic failover would go, as the real group can say it: one replica only when it
 * alone qualifies and no other's verdict is unknown. Among several that qualify the cluster
 * chooses by the role's preferred owners (Get-ClusterOwnerNode), which no view shows, so the
 * model's configuration order is no answer: `among` names them, and `target` is null. `undecided`:
 * every replica whose verdict is unknown, any of which may be the one chosen.
 */
export const automaticFailoverAnswer = (
  facts: ClusterFacts,
): {
  readonly target: string | null;
  readonly undecided: readonly string[];
  readonly among: readonly string[];
} => {
  const { verdicts, qualifying } = automaticFailoverChoice(facts);
  return {
    target: qualifying.length === 1 ? qualifying[0]! : null,
    undecided: verdicts.filter((v) => v.status === 'unknown').map((v) => v.target),
    among: qualifying.length > 1 ? qualifying : [],
  };
};

export { forcedFailoverLoss, type LossExtent, type PredictedLoss } from './forced-loss.js';
