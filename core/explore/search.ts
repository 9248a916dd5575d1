import { createCluster } from '../cluster/build.js';
import {
  stateViolations,
  stepViolations,
  transitionViolations,
  type Violation,
} from '../cluster/invariants.js';
import { stuckCaughtUpCopies } from '../cluster/liveness.js';
import type { Observation } from '../cluster/observation.js';
import type { StepResult } from '../cluster/result.js';
import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import type { Config } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';
import { type Action, type ActionKind, actions } from './alphabet.js';
import { writeStateKey } from './key.js';
import {
  commitsBlocked,
  lostAcknowledged,
  type NoPrimaryCause,
  noPrimaryCause,
  type QuestionId,
} from './questions.js';
import { KeyWriter, type StateKey } from './state-key.js';
import type { VisitedStore } from './store/index.js';

/**
 * What every way of searching shares: the space (a configuration under a budget), a position in
 * it, the moves out of a position, and what a move or a newly reached state answers. A trace is
 * kept as the path of action numbers from the start (the n-th action `actions` offers), and turned
 * back into events and observations by replaying it: the step is a pure function, so the replay
 * meets the same states.
 */

export type ForcedFailoverPolicy = 'withoutPrimary' | 'always' | 'never';

export interface SearchSpace {
  readonly config: Config;
  readonly start: Cluster;
  readonly base: bigint;
  readonly faults: number;
  readonly commits: number;
  readonly forcedFailover: ForcedFailoverPolicy;
}

export const searchSpace = (
  config: Config,
  options: { faults: number; commits?: number; forcedFailover?: ForcedFailoverPolicy },
): SearchSpace => {
  const start = createCluster(config);
  return {
    config,
    start,
    base: start.logs[config.databases[0] ?? '']?.settledLsn ?? 0n,
    faults: options.faults,
    commits: options.commits ?? 2,
    forcedFailover: options.forcedFailover ?? 'withoutPrimary',
  };
};

export interface Position {
  readonly cluster: Cluster;
  readonly faults: number;
  readonly commits: number;
  /** No action on the path here lost quorum. */
  readonly quorumKept: boolean;
}

export const startPosition = (space: SearchSpace): Position => ({
  cluster: space.start,
  faults: 0,
  commits: 0,
  quorumKept: true,
});

export const offered = (space: SearchSpace, p: Position): Action[] =>
  actions(p.cluster, {
    forcedFailover: space.forcedFailover,
    canFault: p.faults < space.faults,
    canCommit: p.commits < space.commits,
  });

/**
 * A position's key, written into `w` (a search keeps one writer and the store reads each key at
 * once): the cluster's, then the faults and commits spent.
 */
export const keyOf = (
  space: SearchSpace,
  p: Position,
  slots?: Uint8Array,
  w: KeyWriter = new KeyWriter(),
): StateKey => {
  w.begin();
  writeStateKey(w, p.cluster, space.base, slots);
  w.word(p.faults);
  w.word(p.commits);
  w.endPart();
  return w;
};

export interface Move {
  readonly position: Position;
  readonly observations: readonly Observation[];
  readonly violations: readonly Violation[];
}

/**
 * An action's events in order; null when none was accepted. With `checkReached` false the state
 * the move reaches is not checked against the state invariants (the states an action passes
 * through on the way are): a search checks each state once, when it first reaches it (`noteState`),
 * as a model checker does, not again on every move into it.
 */
export const move = (p: Position, action: Action, checkReached = true): Move | null => {
  let cluster = p.cluster;
  let accepted = false;
  // Most moves observe one event's worth and break nothing: its arrays are taken as they are.
  let observations: readonly Observation[] = NONE_OBSERVED;
  let violations: readonly Violation[] = NONE_BROKEN;
  // A refused event's invariants are checked only once the action turns out accepted: a wholly
  // refused action shows nothing, so it checks nothing.
  let refused: { before: Cluster; event: ClusterEvent; result: StepResult }[] | null = null;
  const check = checkReached ? stepViolations : transitionViolations;
  for (const event of action.events) {
    const result = step(cluster, event);
    if (result.refused.length > 0) {
      if (accepted) violations = joined(violations, check(cluster, event, result));
      else {
        refused ??= [];
        refused.push({ before: cluster, event, result });
      }
      continue;
    }
    if (!accepted) {
      if (refused !== null)
        for (const r of refused)
          violations = joined(violations, check(r.before, r.event, r.result));
    }
    // The state an earlier event of this action reached, passed through on the way.
    else if (!checkReached) violations = joined(violations, stateViolations(cluster));
    accepted = true;
    violations = joined(violations, check(cluster, event, result));
    cluster = result.cluster;
    observations = joined(observations, result.observations);
  }
  if (!accepted) return null;
  return {
    position: {
      cluster,
      faults: p.faults + (action.kind === 'fault' ? 1 : 0),
      commits: p.commits + (action.kind === 'commit' ? 1 : 0),
      quorumKept: p.quorumKept && !action.events.some(losesQuorum),
    },
    observations,
    violations,
  };
};

const NONE_OBSERVED: readonly Observation[] = [];
const NONE_BROKEN: readonly Violation[] = [];
const losesQuorum = (e: ClusterEvent): boolean => e.type === 'quorum.lost';

/** `a` then `b`, as one of them when the other is empty. */
const joined = <T>(a: readonly T[], b: readonly T[]): readonly T[] =>
  b.length === 0 ? a : a.length === 0 ? b : [...a, ...b];

export interface TraceStep {
  readonly kind: ActionKind;
  readonly label: string;
  readonly events: readonly ClusterEvent[];
  readonly observations: readonly Observation[];
}

/** The trace a path of action numbers stands for. */
export const replay = (space: SearchSpace, path: readonly number[]): TraceStep[] => {
  let p = startPosition(space);
  return path.map((n) => {
    const action = offered(space, p)[n];
    const m = action === undefined ? null : move(p, action);
    if (action === undefined || m === null)
      throw new Error(`internal error: the path ${path.join('.')} does not replay at action ${n}`);
    p = m.position;
    return {
      kind: action.kind,
      label: action.label,
      events: action.events,
      observations: m.observations,
    };
  });
};

/**
 * The first path found to each "yes", and to each broken invariant. One search fills its own in
 * place (a local accumulator, owned by the search until it returns), since it may meet millions
 * of states.
 */
export interface Findings {
  readonly answers: Partial<Record<QuestionId, readonly number[]>>;
  readonly causes: Partial<Record<NoPrimaryCause, readonly number[]>>;
  readonly violations: { readonly violation: Violation; readonly path: readonly number[] }[];
}

export const newFindings = (): Findings => ({ answers: {}, causes: {}, violations: [] });

/** A one-thread search's start: its key put in `store`, what it answers noted; the findings to fill. */
export const startSearch = (space: SearchSpace, store: VisitedStore): Findings => {
  const found = newFindings();
  const start = startPosition(space);
  store.visit(keyOf(space, start), true);
  noteState(found, start, () => []);
  return found;
};

/** The first path to each broken invariant. */
const noteViolation = (found: Findings, v: Violation, path: () => readonly number[]): void => {
  if (!found.violations.some((f) => f.violation.invariant === v.invariant))
    found.violations.push({ violation: v, path: path() });
};

/** What a move shows on its way, whether or not its state is new: violations and lost commits. */
export const noteMove = (found: Findings, m: Move, path: () => readonly number[]): void => {
  for (const v of m.violations) noteViolation(found, v, path);
  if (
    found.answers.acknowledgedLoss === undefined &&
    lostAcknowledged(m.position.cluster, m.observations)
  )
    found.answers.acknowledgedLoss = path();
};

/**
 * What a newly reached state answers, each predicate only while its answer is still open, and the
 * state invariants it breaks.
 */
export const noteState = (found: Findings, p: Position, path: () => readonly number[]): void => {
  const { answers, causes } = found;
  for (const v of stateViolations(p.cluster)) noteViolation(found, v, path);
  const cause = noPrimaryCause(p.cluster);
  if (cause !== null) {
    if (answers.noWritablePrimary === undefined) answers.noWritablePrimary = path();
    if (causes[cause] === undefined) causes[cause] = path();
  }
  noteQuorumKept(found, p, path);
  if (answers.commitsBlocked === undefined && commitsBlocked(p.cluster))
    answers.commitsBlocked = path();
  if (answers.stuckSynchronizing === undefined && stuckCaughtUpCopies(p.cluster).length > 0)
    answers.stuckSynchronizing = path();
};

/** The one question a state answers again when it is reached anew without a quorum loss. */
export const noteQuorumKept = (
  found: Findings,
  p: Position,
  path: () => readonly number[],
): void => {
  const { answers } = found;
  if (
    p.quorumKept &&
    answers.noWritablePrimaryWithQuorum === undefined &&
    noPrimaryCause(p.cluster) !== null
  )
    answers.noWritablePrimaryWithQuorum = path();
};
