import type { Reason } from '../model/source.js';
import { journalEntries } from './journal.js';
import type { Observation } from './observation.js';
import type { Cluster, MachineTransition } from './types.js';

/** The outcome of one step: the next cluster, what was observed, and why the event was refused (if it was). */
export interface StepResult {
  readonly cluster: Cluster;
  readonly observations: readonly Observation[];
  /** Non-empty when the event was refused; the cluster is then unchanged. */
  readonly refused: readonly Reason[];
  /** The machine transitions the step took, in order (for traces, charts and coverage). */
  readonly transitions: readonly MachineTransition[];
}

export const accepted = (
  cluster: Cluster,
  observations: readonly Observation[] = [],
): StepResult => ({
  cluster,
  observations,
  refused: [],
  transitions: journalEntries(cluster.journal),
});

export const refused = (cluster: Cluster, reasons: readonly Reason[]): StepResult => ({
  cluster,
  observations: [],
  refused: reasons,
  transitions: [],
});
