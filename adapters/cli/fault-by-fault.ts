import type { BudgetResult } from '../../core/explore/index.js';

/** The command's words for its state cap, for a search of several budgets that reached it. */
const AT_MAX_STATES = 'the search stopped at --max-states';

/**
 * The budgets 0, 1, … `faults` searched in turn (core/explore/by-faults.ts), under one state cap
 * for the whole run and one time limit (`stopReason`, asked between budgets; each search asks it
 * at its progress reports): a limit that stops the run leaves the budgets finished before proved.
 * Returns the searches, and why the run stopped when a limit stopped it (the state cap, in the
 * command's words, when the last search says nothing of its own).
 */
export const searchBudgets = async <R extends BudgetResult>(
  faults: number,
  limit: number,
  searchAt: (faults: number, maxStates: number) => Promise<R>,
  stopReason: () => string | null,
): Promise<{ readonly results: readonly R[]; readonly stoppedBefore: string }> => {
  const results: R[] = [];
  let used = 0;
  for (let k = 0; k <= faults; k++) {
    const r = await searchAt(k, limit - used);
    results.push(r);
    used += r.statesExplored;
    if (!r.complete || k === faults) break;
    const stoppedBefore = stopReason() ?? (used >= limit ? AT_MAX_STATES : null);
    if (stoppedBefore !== null) return { results, stoppedBefore };
  }
  return { results, stoppedBefore: AT_MAX_STATES };
};
