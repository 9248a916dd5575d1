import type { Config } from '../model/config.js';
import type { SearchCommand } from './breadth-first.js';
import {
  checkBudget,
  DEFAULT_MAX_STATES,
  type ExploreOptions,
  exploreIterator,
  type Progress,
} from './explore.js';
import type { ExploreResult, SearchOutline, Verdict } from './result.js';

/**
 * A search fault by fault: the same group searched at 0 faults, then 1, … up to the budget asked,
 * each budget to its end before the next starts. The space of k faults holds every state of
 * fewer, so a "yes" at k is a yes at every larger budget, and a budget searched to its end proves
 * its "no"s. A search that a limit stops (states, time, memory, Ctrl-C) thus still proves what it
 * can at the budgets it finished, where one search at the largest budget proves nothing; and the
 * way shown for each "yes" takes the fewest faults any way takes, the shortest among those.
 */

/** Why a run stopped when its state cap (`maxStates`) ended it, unless its caller says otherwise. */
export const STATE_CAP_REACHED = 'the search reached its state cap (maxStates)';

/** One budget's search, as the fault-by-fault result lists it. */
export interface BudgetSearch {
  readonly faults: number;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  readonly complete: boolean;
  readonly stopped?: string;
}

export interface ByFaultsResult extends ExploreResult {
  /** Each budget searched, from 0 faults up; the last may be incomplete. */
  readonly byFaults: readonly BudgetSearch[];
}

/** What combining budgets reads of a search's result: a single group's, or a distributed group's. */
export type BudgetResult = SearchOutline;

/** What combining budgets reads of an answer, and adds to it. */
export interface BudgetAnswer {
  readonly answer: boolean;
  readonly verdict: Verdict;
  readonly fewestFaults?: number;
  readonly noUpToFaults?: number;
}

const budgetOf = (r: BudgetResult): BudgetSearch => ({
  faults: r.faults,
  statesExplored: r.statesExplored,
  transitions: r.transitions,
  depth: r.depth,
  complete: r.complete,
  ...(r.stopped === undefined ? {} : { stopped: r.stopped }),
});

/**
 * One question's answer over the budgets: the first "yes" with its way and the fewest faults it
 * takes; else "no" when the budget asked was searched to its end; else unknown, with the largest
 * budget that proves it cannot happen (when one does).
 */
const combine = <A extends BudgetAnswer>(
  answers: readonly A[],
  asked: number,
  searchedWhole: readonly boolean[],
): A => {
  const at = answers.findIndex((a) => a.answer);
  if (at >= 0) return { ...answers[at]!, fewestFaults: at };
  const last = answers[answers.length - 1]!;
  const provedUpTo = searchedWhole.lastIndexOf(true);
  if (answers.length === asked + 1 && searchedWhole[asked] === true) return last;
  return {
    ...last,
    verdict: 'unknown',
    ...(provedUpTo >= 0 ? { noUpToFaults: provedUpTo } : {}),
  };
};

/** Each question of a set of answers (`pick` reads it from a result), combined over the budgets. */
export const combinedAnswers = <R extends BudgetResult, K extends string, A extends BudgetAnswer>(
  results: readonly R[],
  pick: (r: R) => Readonly<Record<K, A>>,
  asked: number,
): Record<K, A> => {
  const searchedWhole = results.map((r) => r.complete);
  const ids = Object.keys(pick(results[0]!)) as K[];
  return Object.fromEntries(
    ids.map((id) => [
      id,
      combine(
        results.map((r) => pick(r)[id]),
        asked,
        searchedWhole,
      ),
    ]),
  ) as Record<K, A>;
};

/**
 * The figures of the budgets' searches as one run's for the budget asked: the work of all (states
 * and transitions summed, the deepest depth), complete only when the budget asked was searched to
 * its end, and each budget listed. Throws unless the searches are budgets 0, 1, … of one group,
 * each but the last complete. `stoppedBefore`: why no further budget was searched, when the last
 * one finished before the budget asked.
 */
export const combinedFigures = (
  who: string,
  results: readonly BudgetResult[],
  asked: number,
  stoppedBefore: string,
) => {
  const last = results[results.length - 1];
  const inOrder = results.every(
    (r, i) =>
      r.faults === i &&
      r.group === results[0]!.group &&
      r.commits === results[0]!.commits &&
      (r.complete || i === results.length - 1),
  );
  if (last === undefined || !inOrder || results.length > asked + 1)
    throw new RangeError(`${who}: the searches must be budgets 0, 1, … of one group`);
  const complete = results.length === asked + 1 && last.complete;
  return {
    faults: asked,
    statesExplored: results.reduce((n, r) => n + r.statesExplored, 0),
    transitions: results.reduce((n, r) => n + r.transitions, 0),
    depth: Math.max(...results.map((r) => r.depth)),
    complete,
    ...(complete ? {} : { stopped: last.stopped ?? stoppedBefore }),
    byFaults: results.map(budgetOf),
  };
};

/**
 * The budgets' searches as one result for the budget asked: the answers combined, every broken
 * invariant once, the figures of all (`combinedFigures`), and the store and search of the last.
 * `asked`: the budget the caller wanted; fewer searches than budgets mean a limit stopped the run
 * before it reached them, `stoppedBefore` saying which.
 */
export const combineByFaults = (
  results: readonly ExploreResult[],
  asked: number,
  stoppedBefore = STATE_CAP_REACHED,
): ByFaultsResult => {
  const figures = combinedFigures('combineByFaults', results, asked, stoppedBefore);
  const violations = results.flatMap((r) => r.violations);
  return {
    ...results[results.length - 1]!,
    ...figures,
    answers: combinedAnswers(results, (r) => r.answers, asked),
    noWritablePrimaryCauses: combinedAnswers(results, (r) => r.noWritablePrimaryCauses, asked),
    violations: violations.filter(
      (v, i) => violations.findIndex((w) => w.violation.invariant === v.violation.invariant) === i,
    ),
  };
};

/** A progress report of a fault-by-fault run: the budget being searched, and its search's. */
export interface ByFaultsProgress extends Progress {
  readonly faults: number;
}

/**
 * Search `config` at 0 faults, then 1, … up to `options.faults`, each to its end, under one state
 * cap for the whole run (`maxStates`, default 2,000,000): the budgets finished before the cap
 * prove their "no"s, and each "yes" comes with the fewest faults it takes. Yields each budget's
 * progress reports; a caller that answers one with `{ stop }` (a time limit, say) ends the run
 * there, with what its finished budgets prove.
 */
export function* exploreByFaultsIterator(
  config: Config,
  options: ExploreOptions,
): Generator<ByFaultsProgress, ByFaultsResult, SearchCommand | undefined> {
  checkBudget('exploreByFaults', options);
  const limit = options.maxStates ?? DEFAULT_MAX_STATES;
  const results: ExploreResult[] = [];
  let used = 0;
  for (let faults = 0; faults <= options.faults && used < limit; faults++) {
    const it = exploreIterator(config, { ...options, faults, maxStates: limit - used });
    let command: SearchCommand | undefined;
    for (;;) {
      const next = it.next(command);
      if (next.done === true) {
        results.push(next.value);
        break;
      }
      command = yield { ...next.value, faults };
    }
    const r = results[results.length - 1]!;
    used += r.statesExplored;
    if (!r.complete) break;
  }
  return combineByFaults(results, options.faults);
}

/** The whole fault-by-fault run (`exploreByFaultsIterator`), with no one to stop it. */
export const exploreByFaults = (config: Config, options: ExploreOptions): ByFaultsResult => {
  const it = exploreByFaultsIterator(config, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
