import { stuckCaughtUpCopies } from '../cluster/liveness.js';
import type { Config } from '../model/config.js';
import { commitsBlocked, lostAcknowledged, noPrimaryCause, type QuestionId } from './questions.js';
import {
  type ForcedFailoverPolicy,
  move,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
} from './search.js';

/**
 * A walk through the explorer's space (the same moves `check` searches, under the same budget of
 * faults and commits) that a sequence of choices steers: at each position the choice, modulo the
 * number of actions offered there, picks the action. A property-based test draws the choices and
 * shrinks them; the walk itself is pure, so the same choices always walk the same way and the
 * path it took replays with `replay` like any trace of the explorer.
 */

/** What a walk looks for: a question's "yes", or any broken invariant of the model. */
export type WalkTarget = QuestionId | 'invariants';

export interface WalkFinding {
  readonly target: WalkTarget;
  /** The action numbers taken from the start, as `replay` reads them. */
  readonly path: readonly number[];
  /** For `invariants`: the first broken one. */
  readonly invariant?: string;
}

export interface WalkOptions {
  readonly faults: number;
  readonly commits?: number;
  readonly forcedFailover?: ForcedFailoverPolicy;
}

export const walkSpace = (config: Config, options: WalkOptions): SearchSpace =>
  searchSpace(config, options);

/** Whether the position just reached answers `target` yes (acknowledged loss is the move's). */
const reached = (target: QuestionId, p: Position): boolean => {
  switch (target) {
    case 'acknowledgedLoss':
      return false;
    case 'noWritablePrimary':
      return noPrimaryCause(p.cluster) !== null;
    case 'noWritablePrimaryWithQuorum':
      return p.quorumKept && noPrimaryCause(p.cluster) !== null;
    case 'commitsBlocked':
      return commitsBlocked(p.cluster);
    case 'stuckSynchronizing':
      return stuckCaughtUpCopies(p.cluster).length > 0;
  }
};

/**
 * Walk the choices from the start and stop at the first position that answers `target`: the
 * finding, or null when the walk ends (choices spent, or no action offered) without one.
 */
export const walk = (
  space: SearchSpace,
  choices: readonly number[],
  target: WalkTarget,
): WalkFinding | null => {
  let p = startPosition(space);
  const path: number[] = [];
  if (target !== 'invariants' && reached(target, p)) return { target, path };
  for (const choice of choices) {
    const actions = offered(space, p);
    if (actions.length === 0) break;
    const n = choice % actions.length;
    const m = move(p, actions[n]!);
    // An action refused as a whole changes nothing: the walk stays where it is.
    if (m === null) continue;
    path.push(n);
    p = m.position;
    if (target === 'invariants') {
      const [broken] = m.violations;
      if (broken !== undefined) return { target, path, invariant: broken.invariant };
    } else if (
      target === 'acknowledgedLoss'
        ? lostAcknowledged(p.cluster, m.observations)
        : reached(target, p)
    )
      return { target, path };
  }
  return null;
};
