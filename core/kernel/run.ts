import type {
  CompiledMachine,
  CompiledTransition,
  Configuration,
  Slot,
  StateValue,
} from './compile.js';

/**
 * The kernel's machine snapshot: a configuration index of the compiled machine, the state value
 * that configuration spells (shared by every snapshot in it) and the context. It reads like an
 * XState snapshot's `value` and `context`; `toXState` in the differential property turns one
 * into XState's own snapshot to compare.
 */
export interface MachineSnapshot<C> {
  readonly configuration: number;
  readonly value: StateValue;
  readonly context: C;
}

type Machine<C, E extends { readonly type: string }> = CompiledMachine<C, E>;

const snapshotOf = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  mask: number,
  context: C,
): MachineSnapshot<C> => {
  const configuration = m.configurationOf.get(mask);
  // Unreachable by construction: the compiler enumerated every configuration any guard allows.
  if (configuration === undefined)
    throw new Error(`kernel: ${m.id} reached an unknown configuration`);
  return { configuration, value: m.configurations[configuration]!.value, context };
};

export const initialSnapshot = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
): MachineSnapshot<C> =>
  settle(m, snapshotOf(m, m.configurations[m.initial]!.mask, m.initialContext), null);

const enabled = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  t: CompiledTransition,
  context: C,
  event: unknown,
): boolean => t.guard < 0 || m.guards[t.guard]!({ context, event });

const firstEnabled = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  slot: Slot,
  context: C,
  event: unknown,
): CompiledTransition | undefined => {
  for (const t of slot) if (enabled(m, t, context, event)) return t;
  return undefined;
};

/** The first enabled candidate of each slot, then XState's removeConflictingTransitions. */
const select = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  slots: readonly Slot[],
  mask: number,
  context: C,
  event: unknown,
): CompiledTransition[] => {
  const chosen: CompiledTransition[] = [];
  for (const slot of slots) {
    const t = firstEnabled(m, slot, context, event);
    if (t === undefined || chosen.includes(t)) continue;
    let preempted = false;
    for (let i = chosen.length - 1; i >= 0; i--) {
      const other = chosen[i]!;
      if ((t.exits & mask & other.exits) === 0) continue;
      if ((m.descendants[other.source]! & (1 << t.source)) !== 0) chosen.splice(i, 1);
      else {
        preempted = true;
        break;
      }
    }
    if (!preempted) chosen.push(t);
  }
  return chosen;
};

interface Micro<C> {
  readonly mask: number;
  readonly context: C;
}

const microstep = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  chosen: readonly CompiledTransition[],
  mask: number,
  context: C,
  event: unknown,
): Micro<C> => {
  let exits = 0;
  let enters = 0;
  let next = context;
  for (const t of chosen) {
    if (t.targeted) {
      exits |= t.exits & mask;
      enters |= t.enters;
    }
  }
  for (const t of chosen) for (const u of t.updates) next = m.updates[u]!(next, event);
  return { mask: (mask & ~exits) | enters, context: next };
};

/** Eventless transitions until none is enabled (XState's macrostep loop). */
const settle = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  s: MachineSnapshot<C>,
  event: unknown,
): MachineSnapshot<C> => {
  let current = s;
  for (;;) {
    const slots = m.eventless[current.configuration]!;
    if (slots.length === 0) return current;
    const mask = m.configurations[current.configuration]!.mask;
    const chosen = select(m, slots, mask, current.context, event);
    if (chosen.length === 0) return current;
    const out = microstep(m, chosen, mask, current.context, event);
    current = snapshotOf(m, out.mask, out.context);
  }
};

/**
 * One macrostep, pure: the next snapshot, or the same object when no transition was enabled (as
 * XState returns the same snapshot then). A taken transition that runs an assign yields a new
 * snapshot even when nothing else changes, as XState's does.
 */
export const transition = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  s: MachineSnapshot<C>,
  event: E,
): MachineSnapshot<C> => {
  const e = m.eventIndex.get(event.type);
  let current = s;
  if (e !== undefined) {
    const slots = m.table[s.configuration * m.eventCount + e]!;
    if (slots.length === 1) {
      // One active atom has candidates (most events): its first enabled one is the whole choice.
      const t = firstEnabled(m, slots[0]!, s.context, event);
      if (t !== undefined) {
        const mask = m.configurations[s.configuration]!.mask;
        let context = s.context;
        for (const u of t.updates) context = m.updates[u]!(context, event);
        const nextMask = t.targeted ? (mask & ~(t.exits & mask)) | t.enters : mask;
        if (nextMask !== mask || context !== s.context) current = snapshotOf(m, nextMask, context);
      }
    } else if (slots.length > 0) {
      const mask = m.configurations[s.configuration]!.mask;
      const chosen = select(m, slots, mask, s.context, event);
      if (chosen.length > 0) {
        const out = microstep(m, chosen, mask, s.context, event);
        if (out.mask !== mask || out.context !== s.context)
          current = snapshotOf(m, out.mask, out.context);
      }
    }
  }
  return settle(m, current, event);
};

/** XState's `snapshot.can(event)`: an enabled transition that targets a state or runs an action. */
export const can = <C, E extends { readonly type: string }>(
  m: Machine<C, E>,
  s: MachineSnapshot<C>,
  event: E,
): boolean => {
  const e = m.eventIndex.get(event.type);
  if (e === undefined) return false;
  const mask = m.configurations[s.configuration]!.mask;
  return select(m, m.table[s.configuration * m.eventCount + e]!, mask, s.context, event).some(
    (t) => t.targeted || t.updates.length > 0,
  );
};

/** What reading a snapshot's configuration needs of its machine, whatever its context and events. */
interface Configurations {
  readonly id: string;
  readonly configurations: readonly Configuration[];
}
interface InConfiguration {
  readonly configuration: number;
}

/** Whether the snapshot is in a state, by dotted path below the machine (e.g. "role.PRIMARY"). */
export const inState = (m: Configurations, s: InConfiguration, path: string): boolean =>
  m.configurations[s.configuration]!.activeIds.has(`${m.id}.${path}`);

export const hasTag = (m: Configurations, s: InConfiguration, tag: string): boolean =>
  m.configurations[s.configuration]!.tags.has(tag);

/** The active atomic and final state ids, for traces and charts. */
export const activeStateIds = (m: Configurations, s: InConfiguration): readonly string[] =>
  m.configurations[s.configuration]!.leafIds;
