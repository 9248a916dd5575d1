import { stepFacts } from '../cluster/facts.js';
import { sendAg } from '../cluster/ops.js';
import { accepted, type StepResult } from '../cluster/result.js';
import { agService, findReplica, isReplicaUp, quorumState } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { externalVoters } from './external-checks.js';
import { automaticFailoverChoice } from './failover.js';
import { amongEquals } from './failure.js';
import { promote } from './promote.js';

/**
 * CLUSTER_TYPE = EXTERNAL: a replica's instance starts while the group has no primary, its last
 * primary still down. Pacemaker keeps no promoted instance of the ag resource then and tries again:
 * the resource agent's start leaves a RESOLVING replica as it is when there is no master, "so the
 * replica is available for pre-promote" (S341, ag-helper `start`), and its monitor gives a
 * synchronous-commit replica the promotion score that lets Pacemaker promote it. The promote is
 * the one an automatic failover runs, with the checks it has (floor(n / 2) + 1 sequence numbers,
 * the highest one, a synchronized copy of every database: S29, S53), on the group as it is now.
 * "With three synchronous replicas, the AG can automatically recover even if one server is not
 * available" (S342): the second one back is enough.
 */
export const pacemakerPromotesOnStart = (c: Cluster, started: string): StepResult | undefined =>
  pacemakerPromotes(c, started);

/**
 * The same once the cluster has quorum again (`quorum.regained`) while the group has no primary
 * and its last primary is down: the quorate cluster starts the ag resource's instances again, each
 * RESOLVING replica "available for pre-promote" while there is no master (S341), and promotes one.
 */
export const pacemakerPromotesOnQuorum = (c: Cluster): StepResult | undefined =>
  pacemakerPromotes(c, null);

/** `started`: the replica whose instance just started, or null when quorum came back. */
const pacemakerPromotes = (c: Cluster, started: string | null): StepResult | undefined => {
  if (c.config.clusterType !== 'EXTERNAL' || agService(c) !== 'RESOLVING') return undefined;
  if (quorumState(c) !== 'HEALTHY') return undefined;
  const last = c.ag.context.primary;
  if (last === null || (started !== null && sameName(last, started))) return undefined;
  const lastRuntime = findReplica(c, last);
  if (lastRuntime === undefined || isReplicaUp(lastRuntime)) return undefined;
  // The facts of the failure still going on: the last primary named, and down.
  const facts: ClusterFacts = { ...stepFacts(c), primary: last };
  const choice = automaticFailoverChoice(facts);
  if (choice.target === null) return undefined;
  const next = sendAg(c, {
    type: 'primary.failed',
    target: choice.target,
    facts,
    instanceRunning: false,
    thresholdExceeded: false,
  });
  if (agService(next) !== 'FAILING_OVER.AUTOMATIC') return undefined;
  const voters = externalVoters(c.config);
  const answering = voters.filter((x) => {
    const r = findReplica(c, x.name);
    return r !== undefined && isReplicaUp(r) && !sameName(x.name, last);
  });
  const answer = `${answering.length} of the ${voters.length} synchronous-commit and configuration-only replicas (${answering.map((x) => x.name).join(', ')}) now answer the pre-promote notification, and Pacemaker promotes ${choice.target}, whose sequence number is the highest reported and whose databases are synchronized`;
  const why = reason(
    started === null ? 'EXTERNAL_PROMOTED_ON_QUORUM' : 'EXTERNAL_PROMOTED_ON_START',
    started === null
      ? `the cluster has quorum again while ${c.config.name} has no primary (${last} down): ${answer}`
      : `${started} started while ${c.config.name} had no primary (${last} down): ${answer}`,
    source(
      'S341',
      'ag-helper start: with no master, a RESOLVING replica is left "available for pre-promote"',
    ),
  );
  const done = promote(next, choice.target, 'automatic', false, [why]);
  return accepted(done.cluster, [
    { type: 'note', reason: why },
    ...amongEquals(choice.target, choice.verdicts, c.config.clusterType),
    ...done.observations,
  ]);
};
