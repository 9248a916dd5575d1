import { type CreateClusterOptions, createCluster } from '../../core/cluster/build.js';
import type { Observation } from '../../core/cluster/observation.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import type { ScenarioStep } from '../../core/model/scenario.js';
import type { Reason } from '../../core/model/source.js';
import { noProgress, type Progress } from './progress.js';

/**
 * The visualizer's session: the trace of clusters from the loaded configuration, and a cursor on
 * it. Values only; the server holds the current one. An event applied with the cursor in the past
 * starts a new future from there, as an editor's undo does.
 */

export interface TraceStep {
  /** null for the starting point. */
  readonly event: ClusterEvent | null;
  readonly note: string | null;
  readonly cluster: Cluster;
  readonly observations: readonly Observation[];
  /** A scenario's refused step stays in the trace with its reasons; the cluster is unchanged. */
  readonly refused: readonly Reason[];
}

export interface Session {
  /** What was loaded: an example's name, "pasted JSON", "pasted T-SQL". */
  readonly source: string;
  readonly trace: readonly TraceStep[];
  readonly cursor: number;
  /** How the first cluster was built from the configuration (kept to export the trace). */
  readonly options: CreateClusterOptions;
}

export const startSession = (
  source: string,
  config: Config,
  options: CreateClusterOptions = {},
): Session => ({
  source,
  trace: [
    {
      event: null,
      note: null,
      cluster: createCluster(config, options),
      observations: [],
      refused: [],
    },
  ],
  cursor: 0,
  options,
});

export const currentStep = (s: Session): TraceStep => s.trace[s.cursor]!;

export type Applied =
  | { readonly accepted: true; readonly session: Session; readonly step: TraceStep }
  | { readonly accepted: false; readonly session: Session; readonly refused: readonly Reason[] };

/** Applies an event at the cursor; a refused event leaves the session as it was. */
export const applyEvent = (
  s: Session,
  event: ClusterEvent,
  note: string | null = null,
): Applied => {
  const result = step(currentStep(s).cluster, event);
  if (result.refused.length > 0) return { accepted: false, session: s, refused: result.refused };
  const added: TraceStep = {
    event,
    note,
    cluster: result.cluster,
    observations: result.observations,
    refused: [],
  };
  const trace = [...s.trace.slice(0, s.cursor + 1), added];
  return { accepted: true, session: { ...s, trace, cursor: trace.length - 1 }, step: added };
};

export const moveCursor = (s: Session, to: number): Session => ({
  ...s,
  cursor: Math.min(Math.max(0, Math.trunc(to)), s.trace.length - 1),
});

/**
 * A scenario as a trace, the way core's simulate runs it: time advances to each step's `at`
 * first (so session timeouts happen on their own); a refused step is kept with its reasons.
 */
export const scenarioSession = (
  source: string,
  config: Config,
  steps: readonly ScenarioStep[],
  options: CreateClusterOptions = {},
  progress: Progress = noProgress,
): Session => {
  let session = startSession(source, config, options);
  for (const [n, s] of steps.entries()) {
    progress('running the scenario', n, steps.length);
    let cluster = currentStep(session).cluster;
    const observations: Observation[] = [];
    if (s.at !== undefined && s.at > cluster.nowMs) {
      const tick = step(cluster, { type: 'time.advance', ms: s.at - cluster.nowMs });
      cluster = tick.cluster;
      observations.push(...tick.observations);
    }
    const result = step(cluster, s.event);
    const added: TraceStep = {
      event: s.event,
      note: s.note ?? null,
      cluster: result.cluster,
      observations: [...observations, ...result.observations],
      refused: result.refused,
    };
    session = { ...session, trace: [...session.trace, added], cursor: session.trace.length };
  }
  return moveCursor(session, 0);
};
