import { automaticFailoverChoice, type FailoverVerdict } from '../failover/failover.js';
import {
  detectionLatencyMs,
  failureThresholdReason,
  healthSignalTriggersFailover,
} from '../health/health.js';
import type { HealthCondition } from '../model/events.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';

/**
 * What a health condition on the primary would do now: whether the flexible failover policy acts
 * on it (FAILURE_CONDITION_LEVEL, HEALTH_CHECK_TIMEOUT, DB_FAILOVER), and if it does, whether the
 * group fails over automatically and to whom, or why not (ag-rules §4.3, §8).
 */
export interface HealthOutcome {
  readonly triggersFailover: boolean;
  /**
   * 'failover' to `target` (or to one of `among`), a 'restart' of the group on the primary's
   * node, or 'none'.
   */
  readonly result: 'failover' | 'restart' | 'none';
  readonly target: string | null;
  /** Two or more replicas that qualify: the cluster chooses by the role's preferred owners. */
  readonly among: readonly string[];
  /** How long after the condition begins the cluster sees it (sp_server_diagnostics, S23), in ms. */
  readonly detectionMs: number;
  readonly reasons: readonly Reason[];
  /** Why each other replica would not be chosen. */
  readonly verdicts: readonly FailoverVerdict[];
}

export const healthSignalOutcome = (
  facts: ClusterFacts,
  signal: { readonly condition: HealthCondition; readonly durationMs?: number },
): HealthOutcome => {
  const policy = healthSignalTriggersFailover(facts.config, signal);
  if (!policy.triggersFailover)
    return {
      triggersFailover: false,
      result: 'none',
      target: null,
      among: [],
      detectionMs: 0,
      reasons: policy.reasons,
      verdicts: [],
    };
  const choice = automaticFailoverChoice(facts);
  const threshold = failureThresholdReason(
    facts.config,
    facts.failureTimesMs ?? [],
    facts.nowMs ?? 0,
    facts.clusterNodes,
  );
  if (choice.target !== null && threshold === null)
    return {
      triggersFailover: true,
      result: 'failover',
      target: choice.qualifying.length > 1 ? null : choice.target,
      among: choice.qualifying.length > 1 ? choice.qualifying : [],
      detectionMs: detectionLatencyMs(facts.config, signal.condition),
      reasons: policy.reasons,
      verdicts: choice.verdicts,
    };
  return {
    triggersFailover: true,
    // The instance still runs: the cluster restarts the group where it is (S26), unless past the threshold.
    result: threshold === null ? 'restart' : 'none',
    target: null,
    among: [],
    detectionMs: detectionLatencyMs(facts.config, signal.condition),
    reasons: [
      ...policy.reasons,
      ...(threshold === null ? [] : [threshold]),
      ...choice.verdicts.flatMap((v) => v.reasons),
    ],
    verdicts: choice.verdicts,
  };
};
