import { type VerdictStatus, verdictStatus } from '../failover/failover.js';
import { type Reason, reason } from '../model/source.js';
import { listenerUrlReasons, newerVersionReason, notJoined } from './link.js';
import { DISTRIBUTED_RULES } from './rules.js';
import {
  forwarder,
  globalPrimary,
  isSplit,
  linkSynchronizationState,
  memberEnd,
  memberNamed,
  memberPrimary,
  newerSender,
} from './select.js';
import type { AcknowledgedCommits, DistributedCluster } from './types.js';

/**
 * Readiness of the failover between the groups, step by step as "Fail over to a secondary
 * availability group" (S58) lists them: each step met or not with every reason, and the
 * acknowledged commits a FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder would lose now.
 */

const R = DISTRIBUTED_RULES;

export type DistributedFailoverStep =
  | 'SYNCHRONOUS_COMMIT'
  | 'SYNCHRONIZED'
  | 'GLOBAL_PRIMARY_DEMOTED'
  | 'LAST_HARDENED_LSN_EQUAL'
  | 'FORWARDER_RUNNING';

export interface StepCheck {
  readonly step: DistributedFailoverStep;
  readonly met: boolean;
  readonly reasons: readonly Reason[];
}

export interface DistributedFailoverReadiness {
  /** The member group whose primary runs the failover, or null when none can. */
  readonly target: string | null;
  readonly globalPrimary: string | null;
  readonly forwarder: string | null;
  /** allowed: every step met, the failover loses nothing. refused: some step is not met. */
  readonly status: VerdictStatus;
  readonly allowed: boolean;
  /** Every reason of every unmet step. */
  readonly reasons: readonly Reason[];
  readonly steps: readonly StepCheck[];
  /** The acknowledged commits the failover would lose if run now, per database. */
  readonly predictedLoss: readonly {
    readonly database: string;
    readonly ranges: readonly AcknowledgedCommits[];
  }[];
  /**
   * The databases whose loss the input does not say (a snapshot taken on one side only), each
   * with its unknown reasons naming what would settle it. Empty for a simulated group.
   */
  readonly lossUnknown: readonly {
    readonly database: string;
    readonly reasons: readonly Reason[];
  }[];
  /**
   * The databases the failover would lose whole, whatever the LSNs: the forwarder's copy is
   * REVERTING or INITIALIZING and cannot start as a primary database. Empty for a simulated group,
   * whose link never holds such a copy.
   */
  readonly lossWhole: readonly {
    readonly database: string;
    readonly reasons: readonly Reason[];
  }[];
}

const check = (step: DistributedFailoverStep, reasons: readonly Reason[]): StepCheck => ({
  step,
  met: reasons.length === 0,
  reasons,
});

export const distributedFailoverReadiness = (
  d: DistributedCluster,
): DistributedFailoverReadiness => {
  const from = memberNamed(d, d.link.from);
  const to = memberNamed(d, d.link.to);
  const databases = Object.keys(d.logs);
  const sideOf = (name: string) => {
    const m = memberNamed(d, name);
    return m === undefined ? name : `${name} (${memberPrimary(m) ?? 'no primary'})`;
  };

  const synchronous = d.members
    .filter((m) => m.availabilityMode !== 'SYNCHRONOUS_COMMIT')
    .map((m) =>
      reason(
        'NOT_SYNCHRONOUS_COMMIT',
        `${d.config.name} has AVAILABILITY_MODE = ${m.availabilityMode} on ${sideOf(m.name)}: set SYNCHRONOUS_COMMIT there; between the groups data is SYNCHRONIZED only when both sides have it`,
        R.synchronousBothSides,
      ),
    );

  const flow: Reason[] = [];
  if (!d.link.connected)
    flow.push(
      reason(
        'LINK_DISCONNECTED',
        'the global primary and the forwarder cannot reach each other: no log crosses',
        R.forwarder,
      ),
    );
  flow.push(...listenerUrlReasons(d));
  // A newer sender carries nothing to an older forwarder (S43): the fail-back after a migration
  // to a higher version waits for the old group's upgrade.
  const newer = newerSender(d);
  const synchronized = [
    ...(newer === null ? [] : [newerVersionReason(d, newer.from, newer.to)]),
    ...flow,
  ];
  const equal: Reason[] = [...flow];
  for (const db of databases) {
    const copy = d.link.databases[db];
    const end = from === undefined ? undefined : memberEnd(from, db);
    const state = linkSynchronizationState(d, db);
    // A copy restored on the forwarder and not joined gets none of the distributed group's log.
    if (copy !== undefined && copy.phase !== 'JOINED')
      synchronized.push(notJoined(d, db, copy.phase));
    if (state !== 'SYNCHRONIZED')
      synchronized.push(
        reason(
          'NOT_SYNCHRONIZED',
          `${db} is ${state} between ${d.link.from} and ${d.link.to}: wait until it is SYNCHRONIZED`,
          R.synchronizedEqualLsn,
        ),
      );
    if (copy !== undefined && end !== undefined && copy.hardened !== end) {
      const r = reason(
        'LAST_HARDENED_LSN_DIFFERS',
        `${db}: last_hardened_lsn is ${end} on the global primary ${memberPrimary(from!) ?? ''} but ${copy.hardened} on the forwarder ${forwarder(d) ?? d.link.to}`,
        R.readiness,
      );
      synchronized.push({ ...r, rule: R.synchronizedEqualLsn });
      equal.push(r);
    }
  }

  const demoted: Reason[] = [];
  if (isSplit(d))
    demoted.push(
      reason(
        'TWO_GLOBAL_PRIMARIES',
        `${d.members[0].name} and ${d.members[1].name} both hold the PRIMARY role: demote one with SET (ROLE = SECONDARY)`,
        R.demote,
      ),
    );
  else if (from?.role === 'PRIMARY')
    demoted.push(
      reason(
        'GLOBAL_PRIMARY_NOT_DEMOTED',
        `${from.name} still holds the PRIMARY role: its global primary ${memberPrimary(from) ?? ''} takes writes the forwarder may never receive; run SET (ROLE = SECONDARY) there first`,
        R.demote,
      ),
    );

  const running: Reason[] = [];
  const toPrimary = to === undefined ? null : memberPrimary(to);
  if (to === undefined || to.role !== 'SECONDARY' || toPrimary === null)
    running.push(
      reason(
        'NO_FORWARDER',
        // A group that holds the PRIMARY role runs a primary, but as a global primary, not a forwarder.
        to !== undefined && to.role === 'PRIMARY' && toPrimary !== null
          ? `${d.link.to} holds the PRIMARY role of ${d.config.name} itself: its primary ${toPrimary} is a global primary, not a forwarder`
          : `${d.link.to} has no running primary replica to run the failover on`,
        R.failover,
      ),
    );

  const steps = [
    check('SYNCHRONOUS_COMMIT', synchronous),
    check('SYNCHRONIZED', synchronized),
    check('GLOBAL_PRIMARY_DEMOTED', demoted),
    check('LAST_HARDENED_LSN_EQUAL', equal),
    check('FORWARDER_RUNNING', running),
  ];
  const reasons = steps.flatMap((s) => s.reasons);
  const status = verdictStatus(reasons);
  const predictedLoss = databases.flatMap((db) => {
    const at = d.link.databases[db]?.hardened;
    const ranges =
      at === undefined
        ? []
        : (d.logs[db]?.acknowledged ?? [])
            .filter((r) => r.member === d.link.from && r.toLsn > at)
            .map((r) => ({ ...r, fromLsn: r.fromLsn > at ? r.fromLsn : at }));
    return ranges.length === 0 ? [] : [{ database: db, ranges }];
  });
  return {
    target:
      to !== undefined && to.role === 'SECONDARY' && memberPrimary(to) !== null ? to.name : null,
    globalPrimary: globalPrimary(d) ?? (from === undefined ? null : memberPrimary(from)),
    forwarder: forwarder(d),
    status,
    allowed: status === 'allowed',
    reasons,
    steps,
    predictedLoss,
    lossUnknown: [],
    lossWhole: [],
  };
};
