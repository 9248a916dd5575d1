import type { DistributedCluster } from '../../distributed/types.js';
import { breadthFirstOver, type LevelProgress, type SearchCommand } from '../breadth-first.js';
import { DEFAULT_MAX_STATES } from '../explore.js';
import { type Verdict, verdictOf } from '../result.js';
import { makeStore, type StoreOptions, type StoreReport } from '../store/index.js';
import type { FailoverProcedure } from './alphabet.js';
import {
  DISTRIBUTED_QUESTION_IDS,
  DISTRIBUTED_QUESTIONS,
  type DistributedFindings,
  type DistributedQuestionId,
  type DistributedSpace,
  type DistributedTraceStep,
  distributedKey,
  distributedModel,
  distributedStart,
  replayDistributed,
} from './model.js';

/**
 * The explorer on a distributed availability group: the same bounded breadth-first search as for
 * one group (core/explore/breadth-first.ts), over the distributed model. Its traces are shortest.
 */

export interface DistributedExploreOptions {
  /** Faults: crashes, disconnects and quorum loss inside either member, and the link cut. */
  readonly faults: number;
  /** Commits addressed to the members' primaries (default 1). */
  readonly commits?: number;
  /** In which order an operator may run the failover statements (default any). */
  readonly procedure?: FailoverProcedure;
  readonly forcedFailover?: 'withoutPrimary' | 'always' | 'never';
  /** Whether an operator may fail over inside a member group (default true). */
  readonly memberFailovers?: boolean;
  readonly maxStates?: number;
  readonly progressEvery?: number;
  readonly store?: StoreOptions;
  /** As the single group's search: past this many, a level's states are made again when expanded. */
  readonly keepPositionsUpTo?: number;
}

export interface DistributedAnswer {
  readonly question: string;
  readonly answer: boolean;
  /** yes, no (the whole space searched) or unknown (not found before the search stopped). */
  readonly verdict: Verdict;
  /** Searched fault by fault, a "yes": the fewest faults any way takes. */
  readonly fewestFaults?: number;
  /** Searched fault by fault, an "unknown": none with at most this many faults. */
  readonly noUpToFaults?: number;
  /** The shortest sequence that shows it, when the answer is yes. */
  readonly trace: readonly DistributedTraceStep[] | null;
  readonly path: readonly number[] | null;
}

export interface DistributedExploreResult {
  readonly group: string;
  readonly members: readonly [string, string];
  readonly faults: number;
  readonly commits: number;
  readonly procedure: FailoverProcedure;
  readonly memberFailovers: boolean;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  readonly complete: boolean;
  /** Why the caller stopped the search before its end, when it did (complete is then false). */
  readonly stopped?: string;
  readonly answers: Readonly<Record<DistributedQuestionId, DistributedAnswer>>;
  readonly store: StoreReport;
}

export function* exploreDistributedIterator(
  start: DistributedCluster,
  options: DistributedExploreOptions,
): Generator<LevelProgress, DistributedExploreResult, SearchCommand | undefined> {
  const base =
    start.logs[Object.keys(start.logs)[0] ?? '']?.settledLsn[start.members[0].name] ?? 0n;
  const space: DistributedSpace = {
    start,
    base,
    faults: options.faults,
    commits: options.commits ?? 1,
    procedure: options.procedure ?? 'any',
    forcedFailover: options.forcedFailover ?? 'withoutPrimary',
    memberFailovers: options.memberFailovers ?? true,
  };
  const store = makeStore(options.store);
  const found: DistributedFindings = {};
  const model = distributedModel(space, found);
  const first = distributedStart(space);
  store.visit(distributedKey(first, base), true);
  model.noteState(first, () => []);
  const outcome = yield* breadthFirstOver(
    model,
    store,
    [{ position: first, path: [] }],
    {
      maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
      progressEvery: options.progressEvery ?? 5_000,
      ...(options.keepPositionsUpTo === undefined
        ? {}
        : { keepPositionsUpTo: options.keepPositionsUpTo }),
    },
    [1],
  );
  const complete = !outcome.stoppedAtMaxStates && outcome.stoppedBy === null;
  const answer = (id: DistributedQuestionId): DistributedAnswer => {
    const path = found[id];
    return {
      question: DISTRIBUTED_QUESTIONS[id],
      answer: path !== undefined,
      verdict: verdictOf(path !== undefined, complete),
      trace: path === undefined ? null : replayDistributed(space, path),
      path: path ?? null,
    };
  };
  return {
    group: start.config.name,
    members: [start.members[0].name, start.members[1].name],
    faults: space.faults,
    commits: space.commits,
    procedure: space.procedure,
    memberFailovers: space.memberFailovers,
    statesExplored: store.size(),
    transitions: outcome.transitions,
    depth: outcome.depth,
    complete,
    ...(outcome.stoppedBy === null ? {} : { stopped: outcome.stoppedBy }),
    answers: Object.fromEntries(DISTRIBUTED_QUESTION_IDS.map((id) => [id, answer(id)])) as Record<
      DistributedQuestionId,
      DistributedAnswer
    >,
    store: store.report(),
  };
}

export const exploreDistributed = (
  start: DistributedCluster,
  options: DistributedExploreOptions,
): DistributedExploreResult => {
  const it = exploreDistributedIterator(start, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
