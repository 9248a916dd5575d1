import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Config } from '../model/config.js';
import type { SearchCommand } from './breadth-first.js';
import { type DepthFirstProgress, depthFirst } from './depth-first.js';
import { type ExploreResult, finishedSearch } from './result.js';
import { type ForcedFailoverPolicy, searchSpace, startSearch } from './search.js';
import { bitstateStore } from './store/bitstate.js';

/**
 * One swarm run (Holzmann, Joshi and Groce, "Swarm verification"): the depth-first search
 * (depth-first.ts) trying each state's actions in an order drawn from its seed, over a bitstate
 * store hashed with the same seed. Runs with different seeds go different ways first, so many
 * small runs, spread over processes or machines, cover more of a space too large for one
 * exhaustive search; their results are merged by merge.ts. Its traces are not shortest. The seeded
 * generator is the run's own: the same seed gives the same run.
 */

export interface SwarmOptions {
  readonly faults: number;
  readonly commits?: number;
  readonly forcedFailover?: ForcedFailoverPolicy;
  readonly seed: number;
  /** The bit array, in MiB (default 16). */
  readonly mebibytes?: number;
  readonly hashes?: number;
  readonly maxStates?: number;
  readonly progressEvery?: number;
  /** Take a move mirrored on a twin replica once (twins.ts; default true). */
  readonly twins?: boolean;
}

export type SwarmProgress = DepthFirstProgress;

export const DEFAULT_SWARM_MEBIBYTES = 16;

export function* swarmIterator(
  config: Config,
  options: SwarmOptions,
): Generator<SwarmProgress, ExploreResult, SearchCommand | undefined> {
  const space = searchSpace(config, options);
  const rng = xoroshiro128plus(options.seed);
  const store = bitstateStore(
    options.mebibytes ?? DEFAULT_SWARM_MEBIBYTES,
    options.hashes,
    options.seed,
  );
  /** A random order of `n` action numbers (Fisher–Yates). */
  const shuffled = (n: number): number[] => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  };
  const found = startSearch(space, store);
  const outcome = yield* depthFirst(space, store, found, {
    maxStates: options.maxStates ?? Number.POSITIVE_INFINITY,
    progressEvery: options.progressEvery ?? 5_000,
    order: shuffled,
    twins: options.twins !== false,
  });
  return finishedSearch(space, found, store, outcome, {
    kind: 'swarm',
    shortest: false,
    partialOrderReduction: false,
    ...(options.twins === false ? {} : { mirrored: outcome.mirrored ?? 0 }),
    seed: options.seed,
  });
}

export const swarm = (config: Config, options: SwarmOptions): ExploreResult => {
  const it = swarmIterator(config, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
