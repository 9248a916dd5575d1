import type { Action } from './alphabet.js';
import type { SearchCommand } from './breadth-first.js';
import { lastTwins } from './key.js';
import type { SearchOutcome } from './result.js';
import {
  type Findings,
  keyOf,
  move,
  noteMove,
  noteQuorumKept,
  noteState,
  offered,
  type Position,
  type SearchSpace,
  startPosition,
} from './search.js';
import { KeyWriter } from './state-key.js';
import type { VisitedStore } from './store/index.js';
import { MirroredMoves, NO_TWINS, subjectOf } from './twins.js';

/**
 * The depth-first search (SPIN's default order): each state's moves in turn, going down from the
 * newest state first. It meets the states a breadth-first search meets, in about half the memory
 * (a stack of positions, not a frontier) and with 10–25 % more states a second (the position just
 * made is the one expanded next, while its parts are still in the cache and young: see
 * docs/checks.md, "Depth-first"), but its traces are ways, not the shortest ones. A swarm run
 * (swarm.ts) is the same search over a bitstate store, each state's moves in an order drawn from
 * its seed.
 *
 * A state met again with "quorum kept" newly true (the store's flag) is expanded again, as the
 * breadth-first search does, so that the states after it are known to be reachable without a
 * quorum loss; a store that keeps no flag (bitstate) never reports one.
 */

export interface DepthFirstOptions {
  readonly maxStates: number;
  /** Yield progress every this many states of the store. */
  readonly progressEvery: number;
  /** The order in which `count` offered moves are tried; by default the order they are offered in. */
  readonly order?: (count: number) => readonly number[];
  /** Take a move mirrored on a twin replica once (twins.ts; default true). */
  readonly twins?: boolean;
}

export interface DepthFirstProgress {
  readonly statesExplored: number;
  /** The length of the path being searched. */
  readonly depth: number;
}

/** How far it got (its depth: the longest path searched), and why it stopped, if it did. */
export type DepthFirstOutcome = SearchOutcome;

interface Frame {
  readonly position: Position;
  readonly offers: readonly Action[];
  /** The moves' order, or null for the order they were offered in. */
  readonly order: readonly number[] | null;
  /** With twins in the state's key, the moves taken on them (twins.ts); else null. */
  readonly mirrors: MirroredMoves | null;
  next: number;
}

/**
 * Searches from the space's start, whose key the caller has already put in `store` (and noted).
 * Fills `found`; answers each progress report with the caller's command (stop, and why).
 */
export function* depthFirst(
  space: SearchSpace,
  store: VisitedStore,
  found: Findings,
  options: DepthFirstOptions,
): Generator<DepthFirstProgress, DepthFirstOutcome, SearchCommand | undefined> {
  const writer = new KeyWriter();
  const twins = options.twins !== false;
  const frame = (position: Position, twinsWord: number): Frame => {
    const offers = offered(space, position);
    let mirrors: MirroredMoves | null = null;
    if (twinsWord !== NO_TWINS) {
      mirrors = new MirroredMoves();
      mirrors.start(twinsWord);
    }
    return {
      position,
      offers,
      order: options.order === undefined ? null : options.order(offers.length),
      mirrors,
      next: 0,
    };
  };
  const stack: Frame[] = [frame(startPosition(space), NO_TWINS)];
  /** stack[i + 1] was reached from stack[i] by action path[i]. */
  const path: number[] = [];
  let transitions = 0;
  let mirrored = 0;
  let depth = 0;
  let stoppedAtMaxStates = false;
  let stoppedBy: string | null = null;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.offers.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const index = top.order === null ? top.next : top.order[top.next]!;
    top.next++;
    if (top.mirrors?.mirrored(subjectOf(top.position.cluster, top.offers[index]!)) === true) {
      mirrored++;
      continue;
    }
    // A state's own invariants are checked once, by `noteState` when the search first reaches it.
    const m = move(top.position, top.offers[index]!, false);
    if (m === null) continue;
    transitions++;
    noteMove(found, m, () => [...path, index]);
    const visit = store.visit(keyOf(space, m.position, undefined, writer), m.position.quorumKept);
    if (visit === 'seen') continue;
    path.push(index);
    if (visit === 'new') noteState(found, m.position, () => [...path]);
    else noteQuorumKept(found, m.position, () => [...path]);
    stack.push(frame(m.position, twins ? lastTwins(writer) : NO_TWINS));
    if (path.length > depth) depth = path.length;
    if (visit === 'new' && store.size() % options.progressEvery === 0) {
      const command = yield { statesExplored: store.size(), depth: path.length };
      if (command !== undefined) {
        stoppedBy = command.stop;
        break;
      }
    }
    if (store.size() >= options.maxStates) {
      stoppedAtMaxStates = true;
      break;
    }
  }
  return { transitions, mirrored, depth, stoppedAtMaxStates, stoppedBy };
}
