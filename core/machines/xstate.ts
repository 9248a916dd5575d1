import {
  type AnyActorScope,
  type AnyStateMachine,
  assign,
  createEmptyActor,
  type EventFromLogic,
  initialTransition,
  transition as publicTransition,
  type SnapshotFrom,
  setup,
} from 'xstate';

export type { EventFromLogic, SnapshotFrom };
/**
 * The one module that calls XState. Machines are defined with `setup` (re-exported here), and the
 * cluster steps them through `transitionMachine`, which reuses one inert actor scope instead of
 * building a throw-away actor on every call as the public `transition()` does (several times
 * faster; properties/xstate-equivalence.test.ts proves both give the same snapshots). Machines
 * must not invoke or spawn actors: children would register in the shared scope.
 */
export { assign, setup };

const emptyActor = createEmptyActor();

const inertScope = {
  self: emptyActor,
  logger: () => {},
  id: '',
  sessionId: '',
  defer: () => {},
  system: emptyActor.system,
  stopChild: () => {},
  emit: () => {},
  actionExecutor: () => {},
} as unknown as AnyActorScope;

/** The initial snapshot of a machine. */
export const initialSnapshot = <M extends AnyStateMachine>(machine: M): SnapshotFrom<M> =>
  (initialTransition as (m: AnyStateMachine) => [unknown, unknown])(machine)[0] as SnapshotFrom<M>;

/** One macrostep of a machine, pure: the next snapshot (the same object when nothing changed). */
export const transitionMachine = <M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M>,
): SnapshotFrom<M> => machine.transition(snapshot, event, inertScope) as SnapshotFrom<M>;

/** The same step through XState's public pure API (slower); kept for the equivalence property. */
export const transitionMachinePublic = <M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M>,
): SnapshotFrom<M> => publicTransition(machine, snapshot, event)[0] as SnapshotFrom<M>;

/** Whether a machine would take a transition for this event (guards evaluated). */
export const canTake = <M extends AnyStateMachine>(
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M>,
): boolean => (snapshot as { can: (e: unknown) => boolean }).can(event);

/** Whether the snapshot is in a state (dotted path, e.g. "role.PRIMARY"). */
export const inState = <M extends AnyStateMachine>(
  snapshot: SnapshotFrom<M>,
  path: string,
): boolean => (snapshot as { matches: (v: unknown) => boolean }).matches(pathToValue(path));

const pathToValue = (path: string): unknown => {
  const parts = path.split('.');
  let value: unknown = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) value = { [parts[i]!]: value };
  return value;
};

/** The active leaf state ids of a snapshot, for traces and charts. */
export const activeStateIds = (snapshot: {
  _nodes: readonly { id: string; type: string }[];
}): string[] =>
  snapshot._nodes.filter((n) => n.type === 'atomic' || n.type === 'final').map((n) => n.id);
