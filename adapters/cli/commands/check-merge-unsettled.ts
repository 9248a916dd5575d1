import type { ExploreResult } from '../../../core/explore/index.js';
import type { SwarmRunRead } from '../input/swarm-run.js';

/**
 * A merge replays the runs' paths on the configuration as read, from the one primary and the one
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT a search starts with; each run also tried the others
 * the script leaves open (check-unplaced-create.ts, check-agent-rsstc.ts) and left an answer they
 * disagreed on unknown. A run that answered yes with nothing unsettled found it from every start,
 * which settles it; otherwise an answer a run left unknown stays unknown, saying which run and why.
 */
export const withRunsUnsettled = (
  merged: ExploreResult,
  runs: readonly SwarmRunRead[],
): ExploreResult => {
  const answers = { ...merged.answers };
  for (const id of Object.keys(answers) as (keyof typeof answers)[]) {
    const settledYes = runs.some((r) => r.answers[id] != null && r.unsettled[id] === undefined);
    const left = runs.find((r) => r.unsettled[id] !== undefined);
    if (settledYes || left === undefined) continue;
    answers[id] = {
      ...answers[id],
      verdict: 'unknown',
      unsettled: `in the swarm run of seed ${left.seed}, ${left.unsettled[id]}`,
    };
  }
  return { ...merged, answers };
};
