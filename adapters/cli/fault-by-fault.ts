import type { BudgetResult } from '../../core/explore/index.js';

/**
 * The budgets 0, 1, … `faults` searched in turn (core/explore/by-faults.ts), under one state cap
 * for the whole run and one time limit (`stopReason`, asked between budgets; each search asks it
 * at its progress reports): a limit that stops the run leaves the budgets finished before proved.
 * Returns the searches and, when the run stopped between budgets, why.
 */
export const searchBudgets = async <R extends BudgetResult>(
  faults: number,
  limit: number,
  searchAt: (faults: number, maxStates: number) => Promise<R>,
  stopReason: () => string | null,
): Promise<{ readonly results: readonly R[]; readonly stoppedBefore?: string }> => {
  const results: R[] = [];
  let used = 0;
  for (let k = 0; k <= faults; k++) {
    const r = await searchAt(k, limit - used);
    results.push(r);
    used += r.statesExplored;
    if (!r.complete || k === faults) break;
    const stoppedBefore =
      stopReason() ?? (used >= limit ? 'the search stopped at --max-states' : null);
    if (stoppedBefore !== null) return { results, stoppedBefore };
  }
  return { results };
};
