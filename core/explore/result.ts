import type { Violation } from '../cluster/invariants.js';
import { type BlockedCommit, blockedCommitsAt } from './blocked-commits.js';
import {
  NO_PRIMARY_CAUSE_IDS,
  NO_PRIMARY_CAUSES,
  type NoPrimaryCause,
  QUESTION_IDS,
  QUESTIONS,
  type QuestionId,
} from './questions.js';
import {
  type Findings,
  type ForcedFailoverPolicy,
  replay,
  type SearchSpace,
  type TraceStep,
} from './search.js';
import type { StoreReport, VisitedStore } from './store/index.js';

/** What a search returns, however it searched. */

/**
 * A question's answer in words: yes (a trace shows it), no (the whole space was searched), or
 * unknown (not found, but the search stopped before its end, so it may still happen).
 */
export type Verdict = 'yes' | 'no' | 'unknown';

export const verdictOf = (found: boolean, complete: boolean): Verdict =>
  found ? 'yes' : complete ? 'no' : 'unknown';

export interface Answer {
  readonly question: string;
  /** Whether the search found a way: true is yes; false is no only when the search was complete. */
  readonly answer: boolean;
  readonly verdict: Verdict;
  /** Searched fault by fault (core/explore/by-faults.ts), a "yes": the fewest faults any way takes. */
  readonly fewestFaults?: number;
  /** Searched fault by fault, an "unknown": none with at most this many faults (that space searched whole). */
  readonly noUpToFaults?: number;
  /** A sequence that shows it, when the answer is yes (the shortest, when `search.shortest`). */
  readonly trace: readonly TraceStep[] | null;
  /** The same sequence as action numbers from the start, which `check --merge` replays. */
  readonly path: readonly number[] | null;
  /**
   * Unknown whatever the search found: what the input lacks for this question, and the
   * statement that would settle it (a group with no database makes no commit to search).
   */
  readonly unsettled?: string;
  /**
   * "Can commits be blocked", a yes: each database whose commits the primary refuses where the
   * trace ends, with decide's reasons (which setting or which lost majority refuses them).
   */
  readonly blocked?: readonly BlockedCommit[];
}

export interface SearchReport {
  /**
   * breadthFirst: one thread; depthFirst: one thread, depth-first; parallel: workers sharing one
   * store; swarm: one randomized depth-first run.
   */
  readonly kind: 'breadthFirst' | 'depthFirst' | 'parallel' | 'swarm';
  /** Whether every trace is a shortest one (only a one-thread breadth-first search promises it). */
  readonly shortest: boolean;
  readonly partialOrderReduction: boolean;
  /** With the reduction: the moves its sleep sets left out (each covered by another order). */
  readonly asleep?: number;
  /** Moves left out as mirrors of the same move on a twin: a replica in the same state (twins.ts). */
  readonly mirrored?: number;
  readonly workers?: number;
  readonly seed?: number;
  /** Merged swarm runs: how many, and how their coverage combines (core/explore/merge.ts). */
  readonly swarm?: SwarmCoverage;
}

export interface SwarmCoverage {
  readonly runs: number;
  readonly seeds: readonly number[];
  /** The distinct states the runs met together: at least the largest run's, at most their sum. */
  readonly statesAtLeast: number;
  readonly statesAtMost: number;
  /**
   * 1 − Π(1 − cᵢ) over each run's expected coverage cᵢ: the chance that a state every run met was
   * stored by at least one of them, the runs hashing with their own seeds (independent omissions).
   */
  readonly expectedCoverage: number;
}

/** What every search's result says of its group, its budget and its work. */
export interface SearchOutline {
  readonly group: string;
  readonly faults: number;
  readonly commits: number;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  /** False when the search stopped at maxStates: a "no" is then only "not within what was explored". */
  readonly complete: boolean;
  /** Why the caller stopped the search before its end, when it did (complete is then false). */
  readonly stopped?: string;
}

export interface ExploreResult extends SearchOutline {
  readonly answers: Readonly<Record<QuestionId, Answer>>;
  /** "No writable primary", once per cause. */
  readonly noWritablePrimaryCauses: Readonly<Record<NoPrimaryCause, Answer>>;
  /** Broken invariants of the model itself, with the trace that reaches each (should be empty). */
  readonly violations: readonly {
    readonly violation: Violation;
    readonly trace: readonly TraceStep[];
    readonly path: readonly number[];
  }[];
  /** When an operator may force a failover: part of the budget, as faults and commits are. */
  readonly forcedFailover: ForcedFailoverPolicy;
  readonly store: StoreReport;
  readonly search: SearchReport;
}

export interface SearchFigures {
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  readonly complete: boolean;
  readonly stopped?: string;
  readonly store: StoreReport;
  readonly search: SearchReport;
}

const answerOf = (
  space: SearchSpace,
  question: string,
  path: readonly number[] | undefined,
  complete: boolean,
): Answer => ({
  question,
  answer: path !== undefined,
  verdict: verdictOf(path !== undefined, complete),
  trace: path === undefined ? null : replay(space, path),
  path: path ?? null,
});

export const resultOf = (
  space: SearchSpace,
  found: Findings,
  figures: SearchFigures,
): ExploreResult => ({
  group: space.config.name,
  faults: space.faults,
  commits: space.commits,
  forcedFailover: space.forcedFailover,
  ...figures,
  answers: Object.fromEntries(
    QUESTION_IDS.map((id) => {
      const answer = answerOf(space, QUESTIONS[id], found.answers[id], figures.complete);
      return [
        id,
        id === 'commitsBlocked' && answer.path !== null
          ? { ...answer, blocked: blockedCommitsAt(space, answer.path) }
          : answer,
      ];
    }),
  ) as Record<QuestionId, Answer>,
  noWritablePrimaryCauses: Object.fromEntries(
    NO_PRIMARY_CAUSE_IDS.map((id) => [
      id,
      answerOf(space, NO_PRIMARY_CAUSES[id], found.causes[id], figures.complete),
    ]),
  ) as Record<NoPrimaryCause, Answer>,
  violations: found.violations.map((v) => ({
    violation: v.violation,
    trace: replay(space, v.path),
    path: v.path,
  })),
});

/** How far a one-thread search got, and why it stopped before its end, if it did. */
export interface SearchOutcome {
  readonly transitions: number;
  /** Moves left out as mirrors of the same move on a twin replica (twins.ts). */
  readonly mirrored?: number;
  readonly depth: number;
  readonly stoppedAtMaxStates: boolean;
  /** Why the caller stopped the search at a progress report (null: it did not). */
  readonly stoppedBy: string | null;
}

/** The result of a one-thread search over `store`, from what it found and how far it got. */
export const finishedSearch = (
  space: SearchSpace,
  found: Findings,
  store: VisitedStore,
  outcome: SearchOutcome,
  search: SearchReport,
): ExploreResult =>
  resultOf(space, found, {
    statesExplored: store.size(),
    transitions: outcome.transitions,
    depth: outcome.depth,
    complete: !outcome.stoppedAtMaxStates && outcome.stoppedBy === null,
    ...(outcome.stoppedBy === null ? {} : { stopped: outcome.stoppedBy }),
    store: store.report(),
    search,
  });
