import { hasClusterManager } from '../failover/cluster-none.js';
import { forcedFailoverLoss } from '../failover/failover.js';
import { forEachTruncationHold, replicaConfigOf } from '../lifecycle/access.js';
import { acknowledgedNotHeld, isPrefixOf } from '../log/lineage.js';
import { isSynchronousCommitPair } from '../log/synchronization.js';
import type { ClusterEvent } from '../model/events.js';
import type { AcknowledgedRange } from '../model/facts.js';
import { toJSON } from '../model/json.js';
import { type RuleSource, source } from '../model/source.js';
import { stepFacts } from './facts.js';
import type { StepResult } from './result.js';
import {
  agService,
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  localReplicaState,
  primaryReplica,
  replicaRole,
  synchronizationState,
  writablePrimaries,
  writablePrimaryCount,
} from './select.js';
import type { Cluster } from './types.js';

/**
 * The model's invariants, checked on one step (the cluster before, the event, the result). The
 * properties, the model-based tests and the explorer all use this one list.
 */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
  readonly rule: RuleSource;
}

const v = (invariant: string, message: string, rule: RuleSource): Violation => ({
  invariant,
  message,
  rule,
});

export const INVARIANTS = {
  singleWritablePrimary: source('SEED003', 'Availability Replicas: a single primary replica'),
  synchronizedMeansCaughtUp: source('S1', 'Synchronous-commit mode (R-SYNC-1/2)'),
  suspendedIsNotSynchronizing: source('S6', 'is_suspended and synchronization_state'),
  acknowledgedOnEnoughReplicas: source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
  noLossOnSynchronizedFailover: source('S2', 'Automatic and planned manual failover: no data loss'),
  predictedLossIsActualLoss: source('S2', 'Forced failover: possible data loss'),
  primaryRoleMatchesGroup: source('S7', 'role_desc'),
  localStateMatchesRole: source('S7', 'Roles and Operational States'),
  logKeptForSecondaries: source(
    'SEED001',
    'the log cannot be truncated until automatic seeding completes; S6 truncation_lsn',
  ),
} as const;

/** The replicas holding the PRIMARY role, for a message. */
const primaryNamesOf = (c: Cluster): string =>
  c.replicas
    .filter((r) => replicaRole(r) === 'PRIMARY')
    .map((r) => r.name)
    .join(', ');

/** Invariants of one cluster state. */
export const stateViolations = (c: Cluster): Violation[] => {
  const out: Violation[] = [];
  // Only a cluster manager keeps the primary single (S45: CLUSTER_TYPE NONE can have two).
  const managed = hasClusterManager(c.config.clusterType);
  if (managed && writablePrimaryCount(c) > 1)
    out.push(
      v(
        'singleWritablePrimary',
        `two writable primaries: ${writablePrimaries(c).join(', ')}`,
        INVARIANTS.singleWritablePrimary,
      ),
    );
  for (const r of c.replicas) {
    const local = localReplicaState(r);
    const role = replicaRole(r);
    const expected = !isReplicaUp(r) ? 'NOT_AVAILABLE' : role === 'RESOLVING' ? 'RESOLVING' : role;
    if (!local.startsWith(expected))
      out.push(
        v(
          'localStateMatchesRole',
          `${r.name} reports ${local} in the error log but its role is ${role}${isReplicaUp(r) ? '' : ' and its instance is down'}`,
          INVARIANTS.localStateMatchesRole,
        ),
      );
  }
  let primaries = 0;
  for (const r of c.replicas) if (replicaRole(r) === 'PRIMARY') primaries++;
  const primary = primaryReplica(c);
  if (agService(c) === 'ONLINE' && (primary === undefined || replicaRole(primary) !== 'PRIMARY'))
    out.push(
      v(
        'primaryRoleMatchesGroup',
        `the group is ONLINE but ${c.ag.context.primary} is not PRIMARY`,
        INVARIANTS.primaryRoleMatchesGroup,
      ),
    );
  if (managed && agService(c) !== 'ONLINE' && primaries > 0)
    out.push(
      v(
        'primaryRoleMatchesGroup',
        `no primary serves the group but ${primaryNamesOf(c)} holds the PRIMARY role`,
        INVARIANTS.primaryRoleMatchesGroup,
      ),
    );
  if (managed && primaries > 1)
    out.push(
      v(
        'singleWritablePrimary',
        `${primaryNamesOf(c)} all hold the PRIMARY role`,
        INVARIANTS.singleWritablePrimary,
      ),
    );
  for (const r of c.replicas) {
    for (const db in r.databases) {
      const copy = r.databases[db]!;
      if (copyPhase(copy) !== 'JOINED') continue;
      if (joinedState(copy) === 'SUSPENDED' && synchronizationState(copy) !== 'NOT SYNCHRONIZING')
        out.push(
          v(
            'suspendedIsNotSynchronizing',
            `${db} on ${r.name} is suspended but ${synchronizationState(copy)}`,
            INVARIANTS.suspendedIsNotSynchronizing,
          ),
        );
      // A primary's database reports SYNCHRONIZED, an old one left writable under NONE too.
      if (
        primary === undefined ||
        replicaRole(r) === 'PRIMARY' ||
        joinedState(copy) !== 'SYNCHRONIZED'
      )
        continue;
      const primaryEnd = primary.databases[db]?.hardened;
      const log = c.logs[db];
      // Made at the first problem: a SYNCHRONIZED copy almost always has none.
      let problems: string[] | undefined;
      if (connectedState(r) !== 'CONNECTED') problems = [...(problems ?? []), 'not connected'];
      if (
        !isSynchronousCommitPair(
          replicaConfigOf(c, primary.name)!.availabilityMode,
          replicaConfigOf(c, r.name)!.availabilityMode,
        )
      )
        problems = [...(problems ?? []), 'not a synchronous-commit pair'];
      if (primaryEnd !== undefined && log !== undefined) {
        if (!isPrefixOf(log.forks, copy.hardened, primaryEnd))
          problems = [...(problems ?? []), 'its log diverges from the primary'];
        if (acknowledgedNotHeld(log.forks, log.acknowledged, copy.hardened).length > 0)
          problems = [...(problems ?? []), 'it lacks acknowledged commits'];
      }
      if (problems !== undefined)
        out.push(
          v(
            'synchronizedMeansCaughtUp',
            `${db} on ${r.name} is SYNCHRONIZED but ${problems.join(', ')}`,
            INVARIANTS.synchronizedMeansCaughtUp,
          ),
        );
    }
  }
  for (const db of c.config.databases) {
    const truncated = c.catalog[db]?.truncatedLsn;
    if (truncated === undefined) continue;
    forEachTruncationHold(c, db, (lsn, holder, kind) => {
      if (lsn < truncated)
        out.push(
          v(
            'logKeptForSecondaries',
            `the primary truncated ${db} to LSN ${truncated}, but the ${kind === 'seeding' ? 'seeding of' : kind === 'transaction' ? 'open transaction on' : 'copy on'} ${holder} needs the log from LSN ${lsn}`,
            INVARIANTS.logKeptForSecondaries,
          ),
        );
    });
  }
  return out;
};

interface DatabaseLoss {
  readonly database: string;
  readonly ranges: readonly AcknowledgedRange[];
}

/** The same databases, in the same order, losing the same ranges. */
const sameLoss = (a: readonly DatabaseLoss[], b: readonly DatabaseLoss[]): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i]!;
    return (
      x.database === y.database &&
      x.ranges.length === y.ranges.length &&
      x.ranges.every((r, k) => {
        const q = y.ranges[k]!;
        return r.fork === q.fork && r.fromLsn === q.fromLsn && r.toLsn === q.toLsn;
      })
    );
  });

/** Invariants of one step: those of the state it reached, then those of the step itself. */
export const stepViolations = (
  before: Cluster,
  event: ClusterEvent,
  result: StepResult,
): Violation[] => {
  const out = stateViolations(result.cluster);
  out.push(...transitionViolations(before, event, result));
  return out;
};

/**
 * The invariants of one step that its observations show (what was acknowledged, what a failover
 * lost), without those of the state it reached: for a search that checks each state once, when it
 * first reaches it, rather than once per step into it.
 */
export const transitionViolations = (
  before: Cluster,
  event: ClusterEvent,
  result: StepResult,
): Violation[] => {
  const out: Violation[] = [];
  const rsstc = before.config.requiredSynchronizedSecondariesToCommit;
  for (const o of result.observations) {
    if (o.type === 'commit.acknowledged' && o.hardenedOn.length < 1 + rsstc)
      out.push(
        v(
          'acknowledgedOnEnoughReplicas',
          `commits ${o.fromLsn}..${o.toLsn} of ${o.database} acknowledged after hardening on ${o.hardenedOn.length} replica(s), fewer than 1 + ${rsstc}`,
          INVARIANTS.acknowledgedOnEnoughReplicas,
        ),
      );
    if (o.type !== 'failover.completed') continue;
    if ((o.form === 'automatic' || o.form === 'planned') && o.lost.length > 0)
      out.push(
        v(
          'noLossOnSynchronizedFailover',
          `the ${o.form} failover to ${o.to} lost acknowledged commits of ${o.lost.map((l) => l.database).join(', ')}`,
          INVARIANTS.noLossOnSynchronizedFailover,
        ),
      );
    if (o.form === 'forced' && event.type === 'ag.forceFailover') {
      const predicted = forcedFailoverLoss(stepFacts(before), o.to)
        .filter((p) => (p.acknowledgedLost ?? []).length > 0)
        .map((p) => ({ database: p.database, ranges: p.acknowledgedLost ?? [] }));
      if (!sameLoss(predicted, o.lost))
        out.push(
          v(
            'predictedLossIsActualLoss',
            `predicted ${toJSON(predicted)} but lost ${toJSON(o.lost)}`,
            INVARIANTS.predictedLossIsActualLoss,
          ),
        );
    }
  }
  return out;
};
