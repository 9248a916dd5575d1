import {
  type Findings,
  type Move,
  move,
  noteMove,
  noteQuorumKept,
  noteState,
  offered,
  type Position,
  partsOf,
  type SearchSpace,
} from './search.js';
import type { VisitedStore } from './store/index.js';

/**
 * The breadth-first search itself, from one or more starting positions (the start, or the part
 * of a frontier a parallel worker was handed), over a given store. Level by level, so the first
 * path found to any state is a shortest one from its start.
 *
 * The search knows a model only through `SearchModel`: a single group's cluster and a distributed
 * group (core/explore/distributed/) are searched by the same code.
 */

/** What the search needs of a model: its moves, its key and what a move or a new state answers. */
export interface SearchModel<P, A, M extends { readonly position: P }> {
  readonly offered: (p: P) => readonly A[];
  /** An action from `p`; null when the model refused all of it. */
  readonly move: (p: P, action: A) => M | null;
  /** The canonical key's parts. */
  readonly parts: (p: P) => readonly string[];
  /** The path-dependent bit a store keeps per state (for a cluster: quorum never lost). */
  readonly flag: (p: P) => boolean;
  readonly noteMove: (m: M, path: () => readonly number[]) => void;
  readonly noteState: (p: P, path: () => readonly number[]) => void;
  /** A state reached again with its bit newly set. */
  readonly noteAgain: (p: P, path: () => readonly number[]) => void;
}

/** The single group's cluster as a search model, filling `found`. */
export const clusterModel = (
  space: SearchSpace,
  found: Findings,
): SearchModel<Position, ReturnType<typeof offered>[number], Move> => ({
  offered: (p) => offered(space, p),
  move,
  parts: (p) => partsOf(space, p),
  flag: (p) => p.quorumKept,
  noteMove: (m, path) => noteMove(found, m, path),
  noteState: (p, path) => noteState(found, p, path),
  noteAgain: (p, path) => noteQuorumKept(found, p, path),
});

export interface Start<P = Position> {
  readonly position: P;
  /** The action numbers from the search space's start to this position. */
  readonly path: readonly number[];
  /** Expanded once already: reached again only to carry "quorum kept" further. */
  readonly again?: boolean;
}

export interface BreadthFirstOptions {
  readonly maxStates: number;
  readonly progressEvery: number;
  /** Stop after this many levels and hand back the frontier (for the parallel search's first levels). */
  readonly maxDepth?: number;
  /**
   * A parallel worker's offer to share: asked after each expanded position, and when it says yes,
   * the second half of the level's positions not yet expanded go to `share` instead.
   */
  readonly sharing?: {
    readonly wanted: () => boolean;
    readonly share: (
      starts: readonly { readonly path: readonly number[]; readonly again: boolean }[],
    ) => void;
  };
}

export interface LevelProgress {
  readonly statesExplored: number;
  /** States found so far at the level being built. */
  readonly frontier: number;
  readonly depth: number;
  /** How many new states each finished level held, from the start (level 0 is the start). */
  readonly levels: readonly number[];
}

export interface BreadthFirstOutcome<P = Position> {
  readonly transitions: number;
  /** States expanded again to carry "quorum kept" further (their moves are not transitions). */
  readonly reexpanded: number;
  readonly depth: number;
  readonly stoppedAtMaxStates: boolean;
  /** The positions not yet expanded when maxDepth stopped the search (else empty). */
  readonly frontier: readonly Start<P>[];
}

interface Queued<P> {
  readonly position: P;
  readonly node: number;
  /** Expanded once already: reached again only to carry "quorum kept" further. */
  readonly again: boolean;
}

/** The search tree as growable typed arrays: each node's parent and action number. */
const tree = <P>(starts: readonly Start<P>[]) => {
  let parents = new Int32Array(1024);
  let moves = new Uint16Array(1024);
  let size = 0;
  const add = (parent: number, action: number): number => {
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
  };
  // The roots: node i is starts[i], its parent −1.
  for (let i = 0; i < starts.length; i++) add(-1, 0);
  return {
    add,
    path: (node: number, last?: number): number[] => {
      const out: number[] = last === undefined ? [] : [last];
      let n = node;
      for (; parents[n]! >= 0; n = parents[n]!) out.push(moves[n]!);
      return [...starts[n]!.path, ...out.reverse()];
    },
  };
};

export function breadthFirst(
  space: SearchSpace,
  store: VisitedStore,
  found: Findings,
  starts: readonly Start[],
  options: BreadthFirstOptions,
  levels: number[],
): Generator<LevelProgress, BreadthFirstOutcome> {
  return breadthFirstOver(clusterModel(space, found), store, starts, options, levels);
}

export function* breadthFirstOver<P, A, M extends { readonly position: P }>(
  model: SearchModel<P, A, M>,
  store: VisitedStore,
  starts: readonly Start<P>[],
  options: BreadthFirstOptions,
  levels: number[],
): Generator<LevelProgress, BreadthFirstOutcome<P>> {
  const nodes = tree(starts);
  let queue: Queued<P>[] = starts.map((s, i) => ({
    position: s.position,
    node: i,
    again: s.again === true,
  }));
  let transitions = 0;
  let reexpanded = 0;
  let depth = 0;
  let stopped = false;
  while (queue.length > 0 && !stopped) {
    if (options.maxDepth !== undefined && depth >= options.maxDepth)
      return {
        transitions,
        reexpanded,
        depth,
        stoppedAtMaxStates: false,
        frontier: queue.map((q) => ({
          position: q.position,
          path: nodes.path(q.node),
          again: q.again,
        })),
      };
    const next: Queued<P>[] = [];
    let fresh = 0;
    for (let at = 0; at < queue.length; at++) {
      const item = queue[at]!;
      if (item.again) reexpanded++;
      const offers = model.offered(item.position);
      for (let index = 0; index < offers.length && !stopped; index++) {
        const m = model.move(item.position, offers[index]!);
        if (m === null) continue;
        if (!item.again) transitions++;
        model.noteMove(m, () => nodes.path(item.node, index));
        const visit = store.visit(model.parts(m.position), model.flag(m.position));
        if (visit === 'seen') continue;
        const node = nodes.add(item.node, index);
        const nodePath = () => nodes.path(node);
        if (visit === 'new') {
          fresh++;
          model.noteState(m.position, nodePath);
        } else model.noteAgain(m.position, nodePath);
        next.push({ position: m.position, node, again: visit === 'flagged' });
        if (visit === 'new' && store.size() % options.progressEvery === 0)
          yield { statesExplored: store.size(), frontier: next.length, depth: depth + 1, levels };
        if (store.size() >= options.maxStates) stopped = true;
      }
      if (stopped) break;
      const waiting = queue.length - at - 1;
      if (options.sharing !== undefined && waiting >= 2 && options.sharing.wanted())
        options.sharing.share(
          queue.splice(at + 1 + (waiting >> 1)).map((q) => ({
            path: nodes.path(q.node),
            again: q.again,
          })),
        );
    }
    if (fresh > 0) {
      depth++;
      levels.push(fresh);
    }
    queue = next;
  }
  return { transitions, reexpanded, depth, stoppedAtMaxStates: stopped, frontier: [] };
}
