import { grown } from './grown.js';
import {
  fromCanonical,
  INDEPENDENT_OF,
  reductionId,
  SLEEP_BITS,
  tiedMoves,
  toCanonical,
} from './independence.js';
import { createInterner } from './intern.js';
import { lastTwins } from './key.js';
import { level } from './level.js';
import {
  type Findings,
  keyOf,
  type Move,
  move,
  noteMove,
  noteQuorumKept,
  noteState,
  offered,
  type Position,
  type SearchSpace,
} from './search.js';
import { KeyWriter, type StateKey } from './state-key.js';
import type { StoreSides, VisitedStore } from './store/index.js';
import { MirroredMoves, NO_TWINS, subjectOf } from './twins.js';

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
  /**
   * The canonical key (valid until the next is made); `slots` receives each replica's place in it
   * (for the reduction).
   */
  readonly key: (p: P, slots?: Uint8Array) => StateKey;
  /** Sleep sets (the partial-order reduction): each action's number, −1 when it takes no part. */
  readonly reduction?: { readonly id: (p: P, action: A) => number; readonly replicas: number };
  /**
   * Twins (twins.ts): the word of the key made last, and what an action is done to, so that a
   * move mirrored on a twin is taken once.
   */
  readonly twins?: {
    readonly ofLastKey: () => number;
    readonly subject: (p: P, action: A) => number;
  };
  /** The path-dependent bit a store keeps per state (for a cluster: quorum never lost). */
  readonly flag: (p: P) => boolean;
  readonly noteMove: (m: M, path: () => readonly number[]) => void;
  readonly noteState: (p: P, path: () => readonly number[]) => void;
  /** A state reached again with its bit newly set. */
  readonly noteAgain: (p: P, path: () => readonly number[]) => void;
  /** The position as the frontier keeps it: its parts equal to other positions' shared with them. */
  readonly share?: (p: P) => P;
}

/** The single group's cluster as a search model, filling `found`. */
export const clusterModel = (
  space: SearchSpace,
  found: Findings,
  reduce = false,
  withTwins = true,
): SearchModel<Position, ReturnType<typeof offered>[number], Move> => {
  const interner = createInterner();
  const writer = new KeyWriter();
  return {
    ...(reduce
      ? {
          reduction: {
            id: (p: Position, a: ReturnType<typeof offered>[number]) => reductionId(p.cluster, a),
            replicas: space.config.replicas.length,
          },
        }
      : {}),
    ...(withTwins
      ? {
          twins: {
            ofLastKey: () => lastTwins(writer),
            subject: (p: Position, a: ReturnType<typeof offered>[number]) =>
              subjectOf(p.cluster, a),
          },
        }
      : {}),
    offered: (p) => offered(space, p),
    // Each state's invariants are checked once, by `noteState` when it is first reached.
    move: (p, action) => move(p, action, false),
    key: (p, slots) => keyOf(space, p, slots, writer),
    flag: (p) => p.quorumKept,
    noteMove: (m, path) => noteMove(found, m, path),
    noteState: (p, path) => noteState(found, p, path),
    noteAgain: (p, path) => noteQuorumKept(found, p, path),
    share: (p) => {
      const cluster = interner.cluster(p.cluster);
      return cluster === p.cluster
        ? p
        : { cluster, faults: p.faults, commits: p.commits, quorumKept: p.quorumKept };
    },
  };
};

/**
 * Replays action paths from `origin`, each from the longest prefix it shares with the path before
 * it: for paths taken in tree order, a prefix they share is replayed once. The model is pure, so
 * the same moves from the same position reach the same state.
 */
export const pathReplayer = <P, A, M extends { readonly position: P }>(
  model: Pick<SearchModel<P, A, M>, 'offered' | 'move'>,
  origin: P,
): ((path: readonly number[]) => P) => {
  /** along[i]: the position after the first i actions of the path replayed last. */
  const along: P[] = [origin];
  let last: readonly number[] = [];
  return (path) => {
    let shared = 0;
    while (shared < path.length && shared < last.length && path[shared] === last[shared]) shared++;
    along.length = shared + 1;
    for (let k = shared; k < path.length; k++) {
      const p = along[k]!;
      const action = model.offered(p)[path[k]!];
      const m = action === undefined ? null : model.move(p, action);
      if (m === null) throw new Error(`internal error: the path ${path.join('.')} does not replay`);
      along.push(m.position);
    }
    last = path;
    return along[path.length]!;
  };
};

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
  /** Share the positions' equal parts once the level being built holds this many (default 10,000). */
  readonly shareFrom?: number;
  /**
   * Keep at most this many positions of the level being built (default: all); the others keep
   * only their place in the search tree and are made again, by replaying their last moves, when
   * their turn comes. Bounds the frontier's memory for about one more move per state past it.
   */
  readonly keepPositionsUpTo?: number;
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

/**
 * What the caller of a search may answer a progress report with: stop now, and why (the search
 * itself has no clock and no view of memory; its caller has). The search ends as at its state cap:
 * incomplete, with what it found so far.
 */
export interface SearchCommand {
  readonly stop: string;
}

export interface BreadthFirstOutcome<P = Position> {
  readonly transitions: number;
  /** Moves the sleep sets left out: each reaches a state another order of the same moves reaches. */
  readonly asleep: number;
  /** Moves left out as mirrors of the same move on a twin (twins.ts). */
  readonly mirrored: number;
  /** States expanded again to carry "quorum kept" further (their moves are not transitions). */
  readonly reexpanded: number;
  readonly depth: number;
  readonly stoppedAtMaxStates: boolean;
  /** Why the caller stopped the search at a progress report (null: it did not). */
  readonly stoppedBy: string | null;
  /** The positions not yet expanded when maxDepth stopped the search (else empty). */
  readonly frontier: readonly Start<P>[];
}

/**
 * Positions are kept with their equal parts shared once the level being built holds this many:
 * below it the memory saved is a few megabytes, and sharing costs about 4 % of a small search.
 */
const SHARE_FROM = 10_000;

/** A state's word in the store, with the reduction: its sleep set, and whether it was expanded. */
const EXPANDED = 1 << 30;

/**
 * The search tree as growable typed arrays: each node's parent and action number, and with the
 * reduction its replicas' places in its key (`width` bytes a node, at node × width). A typed array
 * per state would cost some 200 bytes of heap each, more than the rest of a waiting position.
 */
const tree = <P>(starts: readonly Start<P>[], width: number) => {
  let parents = new Int32Array(1024);
  let moves = new Uint16Array(1024);
  let places = new Uint8Array(1024 * width);
  let size = 0;
  const add = (parent: number, action: number): number => {
    if (size === parents.length) {
      parents = grown(parents, size * 2);
      moves = grown(moves, size * 2);
      places = grown(places, size * 2 * width);
    }
    parents[size] = parent;
    moves[size] = action;
    return size++;
  };
  // The roots: node i is starts[i], its parent −1.
  for (let i = 0; i < starts.length; i++) add(-1, 0);
  /** The root a node descends from, and the action numbers from it down to the node. */
  const fromRoot = (node: number): { root: number; actions: number[] } => {
    const actions: number[] = [];
    let n = node;
    for (; parents[n]! >= 0; n = parents[n]!) actions.push(moves[n]!);
    return { root: n, actions: actions.reverse() };
  };
  return {
    add,
    /** The array that holds every node's places (replaced as it grows: read it anew each time). */
    places: (): Uint8Array => places,
    setPlaces: (node: number, from: Uint8Array): void => places.set(from, node * width),
    fromRoot,
    path: (node: number, last?: number): number[] => {
      const { root, actions } = fromRoot(node);
      if (last !== undefined) actions.push(last);
      return [...starts[root]!.path, ...actions];
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
  reduce = false,
  twins = true,
): Generator<LevelProgress, BreadthFirstOutcome, SearchCommand | undefined> {
  return breadthFirstOver(
    clusterModel(space, found, reduce, twins),
    store,
    starts,
    options,
    levels,
  );
}

export function* breadthFirstOver<P, A, M extends { readonly position: P }>(
  model: SearchModel<P, A, M>,
  store: VisitedStore,
  starts: readonly Start<P>[],
  options: BreadthFirstOptions,
  levels: number[],
): Generator<LevelProgress, BreadthFirstOutcome<P>, SearchCommand | undefined> {
  const reduction = store.sides === undefined ? undefined : model.reduction;
  const sides = reduction === undefined ? undefined : store.sides;
  const replicas = reduction?.replicas ?? 0;
  const nodes = tree(starts, replicas);
  /** Where the key writes a successor's places, copied to its node if it is kept. */
  const scratch = new Uint8Array(replicas);
  const placed = (p: P, node: number): number => {
    if (sides === undefined) return -1;
    scratch.fill(0);
    store.visit(model.key(p, scratch), model.flag(p));
    nodes.setPlaces(node, scratch);
    return sides.handle();
  };
  let queue = level<P>();
  starts.forEach((s, i) => {
    const position = model.share === undefined ? s.position : model.share(s.position);
    queue.push(position, i, s.again === true, placed(s.position, i), 0, NO_TWINS);
  });
  const keepUpTo = options.keepPositionsUpTo ?? Number.POSITIVE_INFINITY;
  // Waiting states are in tree order: each is replayed from the longest prefix it shares with
  // the one made again before it, so a sibling costs one move.
  let replaying: { readonly root: number; readonly replay: (path: readonly number[]) => P } | null =
    null;
  const remake = (node: number): P => {
    const { root, actions } = nodes.fromRoot(node);
    if (replaying?.root !== root)
      replaying = { root, replay: pathReplayer(model, starts[root]!.position) };
    return replaying.replay(actions);
  };
  // The paths the model is given to read when it records a finding, made only then: one function
  // each, pointed at the move or node at hand, not a closure made per move.
  let movePathAt = 0;
  let movePathLast = 0;
  let nodePathAt = 0;
  const movePath = () => nodes.path(movePathAt, movePathLast);
  const nodePath = () => nodes.path(nodePathAt);
  const twins = model.twins;
  const mirrors = new MirroredMoves();
  let transitions = 0;
  let asleep = 0;
  let mirrored = 0;
  let reexpanded = 0;
  let depth = 0;
  let stopped = false;
  let stoppedBy: string | null = null;
  while (queue.size() > 0 && !stopped) {
    if (options.maxDepth !== undefined && depth >= options.maxDepth)
      return {
        transitions,
        asleep,
        mirrored,
        reexpanded,
        depth,
        stoppedAtMaxStates: false,
        stoppedBy: null,
        frontier: Array.from({ length: queue.size() }, (_, i) => ({
          position: queue.position(i) ?? remake(queue.node(i)),
          path: nodes.path(queue.node(i)),
          again: queue.again(i),
        })),
      };
    const next = level<P>();
    let fresh = 0;
    for (let at = 0; at < queue.size(); at++) {
      const itemNode = queue.node(at);
      const itemAgain = queue.again(at);
      const itemWake = queue.wake(at);
      if (itemAgain && itemWake === 0) reexpanded++;
      const sleep = sleepOf(queue.handle(at), itemNode, itemWake, sides, nodes.places(), replicas);
      const position = queue.position(at) ?? remake(itemNode);
      const offers = model.offered(position);
      mirrors.start(twins === undefined ? NO_TWINS : queue.twins(at));
      // A twin's moves sleep on nothing of its group's: each group's moves are taken on one
      // replica, so its successor stands for its mirrors', whose sleep sets name the others.
      const tiedSleep = tiedMoves(mirrors.tiedReplicas());
      // The moves taken so far from this state, by number: a later independent move's successor
      // sleeps on them (Godefroid's sleep sets).
      let taken = 0;
      for (let index = 0; index < offers.length && !stopped; index++) {
        const id = reduction === undefined ? -1 : reduction.id(position, offers[index]!);
        if (
          sleep.wake !== 0
            ? id < 0 || (sleep.wake & (1 << id)) === 0
            : id >= 0 && (sleep.asleep & (1 << id)) !== 0
        ) {
          if (sleep.wake === 0) asleep++;
          continue;
        }
        const subject =
          twins === undefined || !mirrors.hasTwins() ? -1 : twins.subject(position, offers[index]!);
        if (mirrors.mirrored(subject)) {
          mirrored++;
          continue;
        }
        const m = model.move(position, offers[index]!);
        if (m === null) continue;
        if (!itemAgain || itemWake !== 0) transitions++;
        let successorSleep = id < 0 ? 0 : (sleep.asleep | taken) & INDEPENDENT_OF[id]!;
        if (mirrors.groupOf(subject) >= 0) successorSleep &= ~tiedSleep;
        if (id >= 0) taken |= 1 << id;
        movePathAt = itemNode;
        movePathLast = index;
        model.noteMove(m, movePath);
        if (sides !== undefined) scratch.fill(0);
        const visit = store.visit(
          model.key(m.position, sides === undefined ? undefined : scratch),
          model.flag(m.position),
        );
        let wake = 0;
        let handle = -1;
        if (sides !== undefined) {
          handle = sides.handle();
          wake = settleSleep(
            sides,
            handle,
            visit,
            toCanonical(successorSleep, scratch, 0, replicas),
          );
        }
        if (visit === 'seen' && wake === 0) continue;
        const successorTwins = twins === undefined ? NO_TWINS : twins.ofLastKey();
        const node = nodes.add(itemNode, index);
        if (sides !== undefined) nodes.setPlaces(node, scratch);
        nodePathAt = node;
        if (visit === 'new') {
          fresh++;
          model.noteState(m.position, nodePath);
        } else if (visit === 'flagged') model.noteAgain(m.position, nodePath);
        const kept =
          next.size() >= keepUpTo
            ? null
            : model.share === undefined || next.size() < (options.shareFrom ?? SHARE_FROM)
              ? m.position
              : model.share(m.position);
        if (visit !== 'seen') next.push(kept, node, visit === 'flagged', handle, 0, successorTwins);
        if (wake !== 0) next.push(kept, node, false, handle, wake, successorTwins);
        if (visit === 'new' && store.size() % options.progressEvery === 0) {
          const command = yield {
            statesExplored: store.size(),
            frontier: next.size(),
            depth: depth + 1,
            levels,
          };
          if (command !== undefined) {
            stopped = true;
            stoppedBy = command.stop;
          }
        }
        if (store.size() >= options.maxStates) stopped = true;
      }
      if (stopped) break;
      // An expanded position is let go at once, not with its whole level: the next level, 2–3
      // times as large on a large group, is being built meanwhile.
      queue.release(at);
      const waiting = queue.size() - at - 1;
      if (options.sharing !== undefined && waiting >= 2 && options.sharing.wanted())
        options.sharing.share(
          queue.cut(at + 1 + (waiting >> 1)).map((q) => ({
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
  return {
    transitions,
    asleep,
    mirrored,
    reexpanded,
    depth,
    stoppedAtMaxStates: stopped && stoppedBy === null,
    stoppedBy,
    frontier: [],
  };
}

/**
 * The sleep set a state is expanded with, in its replicas' order: the one stored for it (the
 * intersection of every way it was reached so far), or, for a state expanded before, the moves
 * that a smaller sleep set has since woken. Marks the state expanded.
 */
const sleepOf = (
  handle: number,
  node: number,
  wake: number,
  sides: StoreSides | undefined,
  places: Uint8Array,
  replicas: number,
): { asleep: number; wake: number } => {
  if (sides === undefined) return { asleep: 0, wake: 0 };
  const word = sides.get(handle);
  if ((word & EXPANDED) === 0) sides.set(handle, (word | EXPANDED) >>> 0);
  const at = node * replicas;
  return {
    asleep: fromCanonical(word & SLEEP_BITS, places, at, replicas),
    wake: fromCanonical(wake, places, at, replicas),
  };
};

/**
 * Records the sleep set a state was reached with: a new state keeps it; a state seen before keeps
 * the intersection. When the state was already expanded, the moves that left its sleep set are
 * returned to be taken now (Godefroid's state caching with sleep sets), else 0.
 */
const settleSleep = (sides: StoreSides, handle: number, visit: string, sleep: number): number => {
  if (visit === 'new') {
    sides.set(handle, sleep);
    return 0;
  }
  const word = sides.get(handle);
  const stored = word & SLEEP_BITS;
  const kept = stored & sleep;
  if (kept === stored) return 0;
  sides.set(handle, ((word & ~SLEEP_BITS) | kept) >>> 0);
  return (word & EXPANDED) !== 0 ? stored & ~kept : 0;
};
