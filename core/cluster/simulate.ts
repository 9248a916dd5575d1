import type { Config } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';
import type { ClusterFacts } from '../model/facts.js';
import type { ScenarioStep } from '../model/scenario.js';
import type { Reason } from '../model/source.js';
import { type CreateClusterOptions, createCluster } from './build.js';
import { clusterFacts } from './facts.js';
import type { Observation } from './observation.js';
import { step } from './step.js';
import type { Cluster } from './types.js';

/** One entry of a simulation trace. */
export interface TraceEntry {
  readonly index: number;
  readonly atMs: number;
  readonly event: ClusterEvent;
  readonly note: string | null;
  readonly refused: readonly Reason[];
  readonly observations: readonly Observation[];
  /** The cluster after the event, as its DMVs would show it. */
  readonly facts: ClusterFacts;
}

export interface Simulation {
  readonly initial: ClusterFacts;
  readonly trace: readonly TraceEntry[];
  readonly final: Cluster;
}

/**
 * Run a scenario: time advances to each step's `at` (so session timeouts happen on their own),
 * then the step's event applies. A refused event is recorded with its reasons and the run goes on.
 */
export const simulate = (
  config: Config,
  steps: readonly ScenarioStep[],
  options: CreateClusterOptions = {},
): Simulation => {
  let cluster = createCluster(config, options);
  const initial = clusterFacts(cluster);
  const trace: TraceEntry[] = [];
  for (const s of steps) {
    const observations: Observation[] = [];
    if (s.at !== undefined && s.at > cluster.nowMs) {
      const tick = step(cluster, { type: 'time.advance', ms: s.at - cluster.nowMs });
      cluster = tick.cluster;
      observations.push(...tick.observations);
    }
    const result = step(cluster, s.event);
    cluster = result.cluster;
    observations.push(...result.observations);
    trace.push({
      index: trace.length,
      atMs: cluster.nowMs,
      event: s.event,
      note: s.note ?? null,
      refused: result.refused,
      observations,
      facts: clusterFacts(cluster),
    });
  }
  return { initial, trace, final: cluster };
};
