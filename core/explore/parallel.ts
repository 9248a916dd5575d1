import type { Config } from '../model/config.js';
import {
  type BreadthFirstOutcome,
  breadthFirst,
  type LevelProgress,
  pathReplayer,
  type SearchCommand,
  type Start,
} from './breadth-first.js';
import { DEFAULT_MAX_STATES, type ExploreOptions } from './explore.js';
import { NO_PRIMARY_CAUSE_IDS, QUESTION_IDS } from './questions.js';
import { type ExploreResult, resultOf } from './result.js';
import {
  type Findings,
  move,
  newFindings,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
  startSearch,
} from './search.js';
import { sharedCompactionStore } from './store/shared.js';

/**
 * The parts of a parallel search that do not touch threads (the adapter starts the workers):
 * the first levels, searched breadth-first on one thread until the frontier is wide enough to
 * share; a worker's search from its share of that frontier, over the one visited table all
 * workers share; and the combination of what they found. Every state is expanded by the one
 * worker that claimed it in the table, so a complete parallel search meets the states a single
 * thread meets, but a worker deeper in its own part can claim a state first that another reaches
 * sooner: its traces are ways, not necessarily the shortest.
 */

export type ParallelOptions = Pick<
  ExploreOptions,
  'faults' | 'commits' | 'forcedFailover' | 'maxStates' | 'keepPositionsUpTo' | 'twins'
>;

/** A frontier position as a worker gets it: its action path from the start. */
export interface Share {
  readonly path: readonly number[];
  readonly again: boolean;
}

/** What a worker is handed: its share of the frontier. */
export interface WorkerTask {
  readonly config: Config;
  readonly options: ParallelOptions;
  readonly shares: readonly Share[];
}

/** What a worker hands back: paths only, which the main thread replays. */
export interface WorkerOutcome {
  readonly answers: Findings['answers'];
  readonly causes: Findings['causes'];
  readonly violations: readonly (readonly number[])[];
  readonly transitions: number;
  readonly mirrored: number;
  readonly reexpanded: number;
  readonly depth: number;
  readonly stoppedAtMaxStates: boolean;
  /** Why the worker's caller stopped its search early (null: it did not). */
  readonly stoppedBy: string | null;
}

/** Run a search to its end, answering each progress report (by default: go on). */
const drain = <T, R>(
  it: Generator<T, R, SearchCommand | undefined>,
  answer: (progress: T) => SearchCommand | undefined = () => undefined,
): R => {
  let command: SearchCommand | undefined;
  for (;;) {
    const r = it.next(command);
    if (r.done === true) return r.value;
    command = answer(r.value);
  }
};

/** How often a worker whose caller watches it reports progress, in states of the shared table. */
const WATCHED_EVERY = 1000;

const twinsOn = (options: ParallelOptions): boolean => options.twins !== false;

const limits = (options: ParallelOptions, maxDepth?: number) => ({
  maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
  progressEvery: Number.POSITIVE_INFINITY,
  ...(maxDepth === undefined ? {} : { maxDepth }),
  ...(options.keepPositionsUpTo === undefined
    ? {}
    : { keepPositionsUpTo: options.keepPositionsUpTo }),
});

export interface FirstLevels {
  readonly space: SearchSpace;
  readonly found: Findings;
  readonly transitions: number;
  /** Twins on (twins.ts), and the moves the first levels left out as their mirrors. */
  readonly twins: boolean;
  readonly mirrored: number;
  readonly depth: number;
  readonly frontier: readonly Start[];
  readonly stoppedAtMaxStates: boolean;
}

/** Breadth-first, level by level, until at least `wide` positions wait (or the search ends). */
export const firstLevels = (
  config: Config,
  options: ParallelOptions,
  buffer: SharedArrayBuffer,
  wide: number,
): FirstLevels => {
  const space = searchSpace(config, options);
  const store = sharedCompactionStore(buffer);
  const found = startSearch(space, store);
  let frontier: readonly Start[] = [{ position: startPosition(space), path: [] }];
  let transitions = 0;
  let mirrored = 0;
  let depth = 0;
  let outcome: BreadthFirstOutcome | undefined;
  while (frontier.length > 0 && frontier.length < wide) {
    outcome = drain(
      breadthFirst(space, store, found, frontier, limits(options, 1), [], false, twinsOn(options)),
    );
    transitions += outcome.transitions;
    mirrored += outcome.mirrored;
    depth += outcome.depth;
    frontier = outcome.frontier;
    if (outcome.stoppedAtMaxStates) break;
  }
  return {
    space,
    found,
    transitions,
    twins: twinsOn(options),
    mirrored,
    depth,
    frontier,
    stoppedAtMaxStates: outcome?.stoppedAtMaxStates ?? false,
  };
};

/** The path's order against another, action by action (a prefix first). */
const byActions = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/**
 * The positions paths lead to (a worker rebuilds its share of the frontier this way). The paths
 * are taken in order, so that each shares the longest prefix with the one before, and a prefix
 * they share is replayed once: positions handed on mid-search are siblings deep in one search
 * tree, and replaying each from the start cost a step per level for every one of them.
 */
export const positionsAt = (
  space: SearchSpace,
  paths: readonly (readonly number[])[],
): Position[] => {
  const positions: Position[] = new Array(paths.length);
  const replay = pathReplayer(
    { offered: (p: Position) => offered(space, p), move },
    startPosition(space),
  );
  const order = paths.map((_, i) => i).sort((a, b) => byActions(paths[a]!, paths[b]!));
  for (const i of order) positions[i] = replay(paths[i]!);
  return positions;
};

/**
 * How a worker hands part of its work to an idle one: `wanted` says whether a worker waits for
 * work (the adapter reads it from memory the threads share), `share` sends the positions.
 */
export interface Sharing {
  readonly wanted: () => boolean;
  readonly share: (shares: readonly Share[]) => void;
}

/**
 * Sharing through a counter the threads share (`waiting[0]`: how many workers wait for work): a
 * worker that offers claims one waiting worker by decrementing it, then sends. Once the command
 * has said stop (`stop[0]` set), nothing is handed on: a share is a list of paths the taker
 * replays from the start before it reaches its first report, and on a large level that is
 * minutes of work for a search that is over.
 */
export const sharingThrough = (
  waiting: Int32Array,
  send: (shares: readonly Share[]) => void,
  stop?: Int32Array,
): Sharing => ({
  wanted: () => {
    if (stop !== undefined && Atomics.load(stop, 0) !== 0) return false;
    const now = Atomics.load(waiting, 0);
    return now > 0 && Atomics.compareExchange(waiting, 0, now, now - 1) === now;
  },
  share: send,
});

/**
 * A worker's search from its shares (all at one depth from the start). Its depth is counted from
 * the start, so that shares handed on mid-search count their own.
 */
export const workerSearch = (
  task: WorkerTask,
  buffer: SharedArrayBuffer,
  sharing?: Sharing,
  answer?: (progress: LevelProgress) => SearchCommand | undefined,
): WorkerOutcome => {
  const space = searchSpace(task.config, task.options);
  const store = sharedCompactionStore(buffer);
  const found = newFindings();
  const positions = positionsAt(
    space,
    task.shares.map((s) => s.path),
  );
  const starts = task.shares.map((s, i) => ({
    position: positions[i]!,
    path: s.path,
    again: s.again,
  }));
  const options = {
    ...limits(task.options),
    ...(sharing === undefined ? {} : { sharing }),
    ...(answer === undefined ? {} : { progressEvery: WATCHED_EVERY }),
  };
  const outcome = drain(
    breadthFirst(space, store, found, starts, options, [], false, twinsOn(task.options)),
    answer,
  );
  return {
    answers: found.answers,
    causes: found.causes,
    violations: found.violations.map((v) => v.path),
    transitions: outcome.transitions,
    mirrored: outcome.mirrored,
    reexpanded: outcome.reexpanded,
    depth: (task.shares[0]?.path.length ?? 0) + outcome.depth,
    stoppedAtMaxStates: outcome.stoppedAtMaxStates,
    stoppedBy: outcome.stoppedBy,
  };
};

/** Deal the frontier out round-robin, so each worker gets positions from every part of it. */
export const deal = (frontier: readonly Start[], workers: number): Share[][] =>
  Array.from({ length: workers }, (_, w) =>
    frontier
      .filter((_, i) => i % workers === w)
      .map((s) => ({ path: s.path, again: s.again === true })),
  );

const shorter = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  a === undefined || (b !== undefined && b.length < a.length) ? b : a;

export const combine = (
  first: FirstLevels,
  outcomes: readonly WorkerOutcome[],
  buffer: SharedArrayBuffer,
  workers: number,
): ExploreResult => {
  const { space, found } = first;
  for (const o of outcomes) {
    for (const id of QUESTION_IDS) {
      const path = shorter(found.answers[id], o.answers[id]);
      if (path !== undefined) found.answers[id] = path;
    }
    for (const id of NO_PRIMARY_CAUSE_IDS) {
      const path = shorter(found.causes[id], o.causes[id]);
      if (path !== undefined) found.causes[id] = path;
    }
    for (const path of o.violations) {
      let p = startPosition(space);
      path.forEach((n, i) => {
        const m = move(p, offered(space, p)[n]!);
        if (m === null) return;
        p = m.position;
        for (const violation of m.violations)
          if (!found.violations.some((f) => f.violation.invariant === violation.invariant))
            found.violations.push({ violation, path: path.slice(0, i + 1) });
      });
    }
  }
  const store = sharedCompactionStore(buffer);
  const stopped = outcomes.find((o) => o.stoppedBy !== null)?.stoppedBy ?? null;
  return resultOf(space, found, {
    statesExplored: store.size(),
    transitions: first.transitions + outcomes.reduce((n, o) => n + o.transitions, 0),
    depth: Math.max(first.depth, ...outcomes.map((o) => o.depth)),
    complete:
      !first.stoppedAtMaxStates && stopped === null && outcomes.every((o) => !o.stoppedAtMaxStates),
    ...(stopped === null ? {} : { stopped }),
    store: store.report(),
    search: {
      kind: 'parallel',
      shortest: false,
      partialOrderReduction: false,
      ...(first.twins
        ? { mirrored: first.mirrored + outcomes.reduce((n, o) => n + o.mirrored, 0) }
        : {}),
      workers,
    },
  });
};

/** The whole parallel search on one thread, workers one after another: for tests and fallbacks. */
export const parallelInline = (
  config: Config,
  options: ParallelOptions,
  buffer: SharedArrayBuffer,
  workers: number,
): ExploreResult => {
  const first = firstLevels(config, options, buffer, 8 * workers);
  const shares = deal(first.frontier, workers);
  return combine(
    first,
    shares.map((share) => workerSearch({ config, options, shares: share }, buffer)),
    buffer,
    workers,
  );
};
