import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Config } from '../model/config.js';
import type { Action } from './alphabet.js';
import { type ExploreResult, resultOf } from './result.js';
import {
  type ForcedFailoverPolicy,
  keyOf,
  move,
  newFindings,
  noteMove,
  noteState,
  offered,
  type Position,
  searchSpace,
  startPosition,
} from './search.js';
import { bitstateStore } from './store/bitstate.js';

/**
 * One swarm run (Holzmann, Joshi and Groce, "Swarm verification"): a depth-first search that
 * tries each state's actions in an order drawn from its seed, over a bitstate store hashed with
 * the same seed. Runs with different seeds go different ways first, so many small runs, spread
 * over processes or machines, cover more of a space too large for one exhaustive search; their
 * results are merged by merge.ts. Its traces are not shortest. The seeded generator is the run's
 * own: the same seed gives the same run.
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
}

export interface SwarmProgress {
  readonly statesExplored: number;
  readonly depth: number;
}

interface Frame {
  readonly position: Position;
  readonly offers: readonly Action[];
  readonly order: readonly number[];
  next: number;
}

export const DEFAULT_SWARM_MEBIBYTES = 16;

export function* swarmIterator(
  config: Config,
  options: SwarmOptions,
): Generator<SwarmProgress, ExploreResult> {
  const space = searchSpace(config, options);
  const rng = xoroshiro128plus(options.seed);
  const store = bitstateStore(
    options.mebibytes ?? DEFAULT_SWARM_MEBIBYTES,
    options.hashes,
    options.seed,
  );
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const progressEvery = options.progressEvery ?? 5_000;
  const found = newFindings();
  /** A random order of `n` action numbers (Fisher–Yates). */
  const shuffled = (n: number): number[] => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  };
  const frame = (position: Position): Frame => {
    const offers = offered(space, position);
    return { position, offers, order: shuffled(offers.length), next: 0 };
  };
  const start = startPosition(space);
  store.visit(keyOf(space, start), true);
  noteState(found, start, () => []);
  const stack: Frame[] = [frame(start)];
  /** stack[i + 1] was reached from stack[i] by action path[i]. */
  const path: number[] = [];
  let transitions = 0;
  let depth = 0;
  let stopped = false;
  while (stack.length > 0 && !stopped) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.order.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const index = top.order[top.next++]!;
    const action = top.offers[index]!;
    // A state's own invariants are checked once, by `noteState` when the run first reaches it.
    const m = move(top.position, action, false);
    if (m === null) continue;
    transitions++;
    noteMove(found, m, () => [...path, index]);
    if (store.visit(keyOf(space, m.position), m.position.quorumKept) !== 'new') continue;
    path.push(index);
    noteState(found, m.position, () => [...path]);
    stack.push(frame(m.position));
    depth = Math.max(depth, path.length);
    if (store.size() % progressEvery === 0)
      yield { statesExplored: store.size(), depth: path.length };
    if (store.size() >= maxStates) stopped = true;
  }
  return resultOf(space, found, {
    statesExplored: store.size(),
    transitions,
    depth,
    complete: !stopped,
    store: store.report(),
    search: {
      kind: 'swarm',
      shortest: false,
      partialOrderReduction: false,
      seed: options.seed,
    },
  });
}

export const swarm = (config: Config, options: SwarmOptions): ExploreResult => {
  const it = swarmIterator(config, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
