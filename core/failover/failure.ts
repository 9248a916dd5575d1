import { stepFacts } from '../cluster/facts.js';
import type { Observation } from '../cluster/observation.js';
import { becomePrimary, rebuild, sendAg, sendAllCopies, sendReplica } from '../cluster/ops.js';
import { accepted, type StepResult } from '../cluster/result.js';
import { agService, isReplicaUp, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { failureThresholdReason } from '../health/health.js';
import { connectAllSecondaries, disconnectSecondary } from '../log/connect.js';
import { abandonPending } from '../log/log-step.js';
import { type Reason, reason, source } from '../model/source.js';
import { automaticChooser } from './chooser.js';
import { automaticFailoverChoice } from './failover.js';
import { promote } from './promote.js';

/**
 * The primary failed: its instance stopped, or a health condition the flexible failover policy
 * acts on. The cluster fails over automatically when the rules allow (ag-rules §4.3), restarts
 * the group in place when the instance still runs, or leaves the group RESOLVING; past the failure
 * threshold it leaves the role FAILED, which only a manual failover ends (S22).
 */
export const primaryFailure = (c: Cluster, instanceStopped: boolean, cause: Reason): StepResult => {
  const primary = primaryReplica(c)!;
  const before = stepFacts(c);
  const threshold = failureThresholdReason(c.config, c.failureTimesMs, c.nowMs);
  const choice = automaticFailoverChoice(before);
  const observations: Observation[] = [{ type: 'note', reason: cause }];
  let next = rebuild(c, c.replicas, c.journal, c.ag, c.logs, c.nowMs, [
    ...c.failureTimesMs,
    c.nowMs,
  ]);
  const abandoned = abandonPending(next, primary.name);
  next = abandoned.cluster;
  observations.push(...abandoned.observations);
  if (instanceStopped) {
    next = sendReplica(next, primary.name, { type: 'replica.crash' });
    next = sendAllCopies(next, primary.name, () => ({ type: 'link.lost' }));
  }
  // Every session with the failed primary ends; cluster-stored readiness (is_failover_ready) stays.
  for (const r of next.replicas) {
    if (r.name !== primary.name) next = disconnectSecondary(next, r.name, false);
  }
  next = sendAg(next, {
    type: 'primary.failed',
    target: choice.target,
    facts: before,
    instanceRunning: !instanceStopped,
    thresholdExceeded: threshold !== null,
  });
  const service = agService(next);
  if (service === 'FAILING_OVER.AUTOMATIC' && choice.target !== null) {
    const done = promote(next, choice.target, 'automatic', false, [cause]);
    return accepted(done.cluster, [
      ...observations,
      ...amongEquals(choice.target, choice.verdicts, c.config.clusterType),
      ...done.observations,
    ]);
  }
  // Why no replica took over: worded only when no failover happened.
  const refusals = [
    ...(threshold === null ? [] : [threshold]),
    ...choice.verdicts.flatMap((v) =>
      v.reasons.map((x) => ({ ...x, message: `${v.target}: ${x.message}` })),
    ),
  ];
  observations.push({ type: 'failover.notPossible', reasons: refusals });
  if (service === 'ONLINE') {
    observations.push({
      type: 'note',
      reason: reason(
        'RESTARTED_IN_PLACE',
        `no replica can take over: the cluster restarts the group on ${primary.name}`,
        source(
          'S26',
          'Lease mechanism: a primary that cannot renew its lease goes RESOLVING, "causing a restart or failover"',
        ),
      ),
    });
    // The group restarts where it is: PRIMARY_NORMAL to RESOLVING_NORMAL, then PRIMARY again.
    next = sendReplica(next, primary.name, { type: 'role.resolving' });
    next = becomePrimary(next, primary.name);
    return accepted(connectAllSecondaries(next), observations);
  }
  // No primary: every running replica resolves (CLUSTER_TYPE NONE has no cluster to say so). The
  // old primary, still running, reports RESOLVING, DISCONNECTED and its databases NOT
  // SYNCHRONIZING like the others (S7 role and connected_state; R-SYNC-4), not what it was.
  if (c.config.clusterType !== 'NONE') {
    for (const r of next.replicas) {
      if (isReplicaUp(r)) next = sendReplica(next, r.name, { type: 'role.resolving' });
    }
    if (!instanceStopped) next = disconnectSecondary(next, primary.name, false);
  }
  return accepted(next, observations);
};

/**
 * Which of several qualifying replicas the cluster picks is its own (automaticChooser, which no view
 * shows); the model takes the first in configuration order and says so.
 */
export const amongEquals = (
  target: string,
  verdicts: readonly { readonly target: string; readonly allowed: boolean }[],
  clusterType: string,
): Observation[] => {
  const others = verdicts.filter((v) => v.allowed && v.target !== target).map((v) => v.target);
  return others.length === 0
    ? []
    : [
        {
          type: 'note',
          reason: reason(
            'AUTOMATIC_CHOICE_AMONG_EQUALS',
            `${others.join(', ')} qualified too: ${automaticChooser(clusterType)}, which the model replaces by configuration order, taking ${target}`,
            source('MODEL', 'automatic failover target among several qualifying replicas'),
          ),
        },
      ];
};
