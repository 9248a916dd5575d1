import type { Config } from '../model/config.js';
import { type ExploreResult, resultOf } from './result.js';
import {
  type ForcedFailoverPolicy,
  move,
  newFindings,
  noteMove,
  noteQuorumKept,
  noteState,
  offered,
  type Position,
  partsOf,
  searchSpace,
  startPosition,
} from './search.js';
import { makeStore, type StoreOptions } from './store/index.js';

/**
 * Exhaustive, bounded breadth-first search over the states a configuration can reach under a
 * budget of faults and commits. It checks the model's invariants on every step and answers a
 * user's questions with the shortest trace that shows a "yes".
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
}

export interface Progress {
  readonly statesExplored: number;
  /** States found so far at the level being built. */
  readonly frontier: number;
  readonly depth: number;
  /** How many new states each finished level held, from the start (level 0 is the start). */
  readonly levels: readonly number[];
}

interface Queued {
  readonly position: Position;
  readonly node: number;
  /** Expanded once already: reached again only to carry "quorum kept" further. */
  readonly again: boolean;
}

/** The breadth-first tree as two growable typed arrays: each node's parent and action number. */
const tree = () => {
  let parents = new Int32Array(1024);
  let moves = new Uint16Array(1024);
  let size = 1;
  parents[0] = -1;
  return {
    add: (parent: number, action: number): number => {
      if (size === parents.length) {
        const p = new Int32Array(size * 2);
        p.set(parents);
        parents = p;
        const m = new Uint16Array(size * 2);
        m.set(moves);
        moves = m;
      }
      parents[size] = parent;
      moves[size] = action;
      return size++;
    },
    path: (node: number, last?: number): number[] => {
      const out: number[] = last === undefined ? [] : [last];
      for (let n = node; n > 0; n = parents[n]!) out.push(moves[n]!);
      return out.reverse();
    },
  };
};

export const DEFAULT_MAX_STATES = 2_000_000;

export function* exploreIterator(
  config: Config,
  options: ExploreOptions,
): Generator<Progress, ExploreResult> {
  const space = searchSpace(config, options);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const progressEvery = options.progressEvery ?? 5_000;
  const store = makeStore(options.store);
  const nodes = tree();
  const found = newFindings();
  const start = startPosition(space);
  store.visit(partsOf(space, start), true);
  noteState(found, start, () => []);
  const levels = [1];
  let queue: Queued[] = [{ position: start, node: 0, again: false }];
  let transitions = 0;
  let depth = 0;
  let complete = true;
  while (queue.length > 0 && complete) {
    const next: Queued[] = [];
    let fresh = 0;
    for (const item of queue) {
      const offers = offered(space, item.position);
      for (let index = 0; index < offers.length && complete; index++) {
        const m = move(item.position, offers[index]!);
        if (m === null) continue;
        if (!item.again) transitions++;
        const path = () => nodes.path(item.node, index);
        noteMove(found, m, path);
        const visit = store.visit(partsOf(space, m.position), m.position.quorumKept);
        if (visit === 'seen') continue;
        const node = nodes.add(item.node, index);
        const nodePath = () => nodes.path(node);
        if (visit === 'new') {
          fresh++;
          noteState(found, m.position, nodePath);
        } else noteQuorumKept(found, m.position, nodePath);
        next.push({ position: m.position, node, again: visit === 'flagged' });
        if (visit === 'new' && store.size() % progressEvery === 0)
          yield {
            statesExplored: store.size(),
            frontier: next.length,
            depth: depth + 1,
            levels,
          };
        if (store.size() >= maxStates) complete = false;
      }
    }
    if (fresh > 0) {
      depth++;
      levels.push(fresh);
    }
    queue = next;
  }
  return resultOf(space, found, {
    statesExplored: store.size(),
    transitions,
    depth,
    complete,
    store: store.report(),
    search: { kind: 'breadthFirst', shortest: true, partialOrderReduction: false },
  });
}

/** Run the whole search. */
export const explore = (config: Config, options: ExploreOptions): ExploreResult => {
  const it = exploreIterator(config, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
