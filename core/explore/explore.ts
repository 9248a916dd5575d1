import type { Config } from '../model/config.js';
import { breadthFirst, type LevelProgress, type SearchCommand } from './breadth-first.js';
import { type DepthFirstProgress, depthFirst } from './depth-first.js';
import { type ExploreResult, finishedSearch } from './result.js';
import { type ForcedFailoverPolicy, searchSpace, startPosition, startSearch } from './search.js';
import { makeStore, type StoreOptions } from './store/index.js';

/**
 * Exhaustive, bounded breadth-first search over the states a configuration can reach under a
 * budget of faults and commits. It checks the model's invariants on every step and answers a
 * user's questions with the shortest trace that shows a "yes". `exploreDepthFirst` searches the
 * same space depth-first.
 */

export interface ExploreOptions {
  /** How many faults (crashes, disconnects, quorum loss) may happen. */
  readonly faults: number;
  /** How many commits the application makes (default 2). */
  readonly commits?: number;
  /** When an operator may force a failover (default: only when no writable primary exists). */
  readonly forcedFailover?: ForcedFailoverPolicy;
  /** Stop after this many states (default 2,000,000); the result then says it is incomplete. */
  readonly maxStates?: number;
  /** Yield progress every this many states (default 5,000). */
  readonly progressEvery?: number;
  /** Where visited states are kept (default exact). */
  readonly store?: StoreOptions;
  /**
   * Sleep sets (default on): moves that another order of independent moves already covers are
   * left out. Every state is still reached; it needs the exact store, and is off with the others.
   */
  readonly partialOrderReduction?: boolean;
  /**
   * Twins (default on): a move on a replica whose state equals another's in the same symmetry
   * class is taken on one of them only, the others' reaching mirror images of its state.
   */
  readonly twins?: boolean;
  /**
   * Keep at most this many states of the level being built as positions (default: all); the rest
   * are made again from their moves when expanded: bounded memory for about one more move each.
   */
  readonly keepPositionsUpTo?: number;
}

export type Progress = LevelProgress;

export const DEFAULT_MAX_STATES = 2_000_000;

const wholeAtLeast = (who: string, name: string, value: number, least: number): void => {
  if (!Number.isInteger(value) || value < least)
    throw new RangeError(`${who}: ${name} must be a whole number ≥ ${least}, got ${value}`);
};

/** The budget as a search can take it: whole numbers, a state cap of at least one state. */
export const checkBudget = (who: string, options: ExploreOptions): void => {
  wholeAtLeast(who, 'faults', options.faults, 0);
  if (options.commits !== undefined) wholeAtLeast(who, 'commits', options.commits, 0);
  if (options.maxStates !== undefined) wholeAtLeast(who, 'maxStates', options.maxStates, 1);
};

export function* exploreIterator(
  config: Config,
  options: ExploreOptions,
): Generator<Progress, ExploreResult, SearchCommand | undefined> {
  checkBudget('explore', options);
  const space = searchSpace(config, options);
  const storeOptions = options.store ?? { kind: 'exact' };
  const reduce = options.partialOrderReduction !== false && storeOptions.kind === 'exact';
  const store = makeStore(reduce ? { kind: 'exact', sides: true } : storeOptions);
  const found = startSearch(space, store);
  const levels = [1];
  const outcome = yield* breadthFirst(
    space,
    store,
    found,
    [{ position: startPosition(space), path: [] }],
    {
      maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
      progressEvery: options.progressEvery ?? 5_000,
      ...(options.keepPositionsUpTo === undefined
        ? {}
        : { keepPositionsUpTo: options.keepPositionsUpTo }),
    },
    levels,
    reduce,
    options.twins !== false,
  );
  return finishedSearch(space, found, store, outcome, {
    kind: 'breadthFirst',
    shortest: true,
    partialOrderReduction: reduce,
    ...(reduce ? { asleep: outcome.asleep } : {}),
    ...(options.twins === false ? {} : { mirrored: outcome.mirrored }),
  });
}

/** Run the whole search. */
export const explore = (config: Config, options: ExploreOptions): ExploreResult =>
  drained(exploreIterator(config, options));

/**
 * The same space searched depth-first (core/explore/depth-first.ts): the same questions over the
 * same states, with a stack instead of a frontier and 10–25 % more states a second, but
 * each "yes" shown by a way, not the shortest one. Without sleep sets (`partialOrderReduction`
 * and `keepPositionsUpTo` do not apply); any store.
 */
export function* exploreDepthFirstIterator(
  config: Config,
  options: ExploreOptions,
): Generator<DepthFirstProgress, ExploreResult, SearchCommand | undefined> {
  checkBudget('explore', options);
  const space = searchSpace(config, options);
  const store = makeStore(options.store ?? { kind: 'exact' });
  const found = startSearch(space, store);
  const outcome = yield* depthFirst(space, store, found, {
    maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
    progressEvery: options.progressEvery ?? 5_000,
    twins: options.twins !== false,
  });
  return finishedSearch(space, found, store, outcome, {
    kind: 'depthFirst',
    shortest: false,
    partialOrderReduction: false,
    ...(options.twins === false ? {} : { mirrored: outcome.mirrored ?? 0 }),
  });
}

export const exploreDepthFirst = (config: Config, options: ExploreOptions): ExploreResult =>
  drained(exploreDepthFirstIterator(config, options));

const drained = <P>(it: Generator<P, ExploreResult, SearchCommand | undefined>): ExploreResult => {
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
