import {
  type BudgetSearch,
  combinedAnswers,
  combinedFigures,
  STATE_CAP_REACHED,
} from '../by-faults.js';
import type { DistributedExploreResult } from './explore.js';

/** A distributed group searched fault by fault (core/explore/by-faults.ts): each budget listed. */
export interface DistributedByFaultsResult extends DistributedExploreResult {
  readonly byFaults: readonly BudgetSearch[];
}

/**
 * The budgets' searches of a distributed group as one result for the budget asked, as
 * `combineByFaults` does for one group: the answers combined, the figures of all, the store of the
 * last.
 */
export const combineDistributedByFaults = (
  results: readonly DistributedExploreResult[],
  asked: number,
  stoppedBefore = STATE_CAP_REACHED,
): DistributedByFaultsResult => ({
  ...results[results.length - 1]!,
  ...combinedFigures('combineDistributedByFaults', results, asked, stoppedBefore),
  answers: combinedAnswers(results, (r) => r.answers, asked),
});
