import type {
  AssignAction,
  GuardImplementation,
  XStateMachineShape,
  XStateNode,
  XStateTransition,
} from './xstate-shape.js';

/**
 * Compiles an XState machine definition, once at load time, into flat tables over small integers:
 * state nodes are bits of a mask, every reachable configuration (set of active nodes) gets an
 * index, and each (configuration, event type) pair lists its candidate transitions in XState's
 * priority order, each with its guard, its context updates and the masks it exits and enters.
 * The statechart semantics ported here are those of XState v5's macrostep (selectTransitions,
 * removeConflictingTransitions, getTransitionDomain, computeExitSet, computeEntrySet and the
 * eventless loop), for the features the project's machines use; the compiler refuses any other
 * feature, so a machine that outgrows the kernel fails at load, not silently.
 */

export type StateValue = string | { readonly [region: string]: StateValue };

export type Update<C> = (context: C, event: unknown) => C;

export interface CompiledTransition {
  readonly source: number;
  /** Index into the machine's guards, or -1 when unguarded. */
  readonly guard: number;
  readonly updates: readonly number[];
  readonly targeted: boolean;
  /** Nodes this transition exits, before intersecting with the active ones. */
  readonly exits: number;
  readonly enters: number;
}

/** The candidates for one active atomic state, first enabled wins (the atom's, then its ancestors'). */
export type Slot = readonly CompiledTransition[];

export interface Configuration {
  readonly mask: number;
  readonly value: StateValue;
  /** Active atomic and final node ids, in document order. */
  readonly leafIds: readonly string[];
  readonly activeIds: ReadonlySet<string>;
  readonly tags: ReadonlySet<string>;
}

export interface CompiledMachine<C, E extends { readonly type: string }> {
  readonly id: string;
  readonly nodeIds: readonly string[];
  /** Proper descendants of each node, as a mask. */
  readonly descendants: readonly number[];
  readonly configurations: readonly Configuration[];
  readonly configurationOf: ReadonlyMap<number, number>;
  readonly eventIndex: ReadonlyMap<string, number>;
  readonly eventCount: number;
  /** Slots per configuration × event: `table[configuration * eventCount + event]`. */
  readonly table: readonly (readonly Slot[])[];
  /** Eventless (`always`) slots per configuration. */
  readonly eventless: readonly (readonly Slot[])[];
  readonly guards: readonly GuardImplementation[];
  readonly guardNames: readonly string[];
  readonly updates: readonly Update<C>[];
  readonly initial: number;
  readonly initialContext: C;
  /** Phantom: the machine's event type. */
  readonly events?: E;
}

const MAX_NODES = 31;

const unsupported = (machine: string, what: string): Error =>
  new Error(
    `kernel: machine "${machine}" uses ${what}, which the compiled kernel does not support`,
  );

const properAncestors = (node: XStateNode, upTo: XStateNode | undefined): XStateNode[] => {
  const out: XStateNode[] = [];
  for (let m = node.parent; m !== undefined && m !== upTo; m = m.parent) out.push(m);
  return out;
};

const isDescendant = (child: XStateNode, parent: XStateNode): boolean => {
  let marker = child;
  while (marker.parent !== undefined && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
};

const children = (node: XStateNode): XStateNode[] => Object.values(node.states);

/** getTransitionDomain of XState v5. */
const domainOf = (t: XStateTransition): XStateNode | undefined => {
  const targets = t.target ?? [];
  if (targets.length === 0) return undefined;
  if (!t.reenter && targets.every((s) => s === t.source || isDescendant(s, t.source)))
    return t.source;
  const [head, ...tail] = [...targets, t.source];
  for (const ancestor of properAncestors(head as XStateNode, undefined))
    if (tail.every((s) => isDescendant(s, ancestor))) return ancestor;
  return t.reenter ? undefined : rootOf(t.source);
};

const rootOf = (node: XStateNode): XStateNode => (node.parent ? rootOf(node.parent) : node);

const addDescendants = (node: XStateNode, entered: Set<XStateNode>): void => {
  if (node.type === 'compound') {
    const initial = node.initial?.target[0];
    if (initial === undefined) throw new Error(`kernel: ${node.id} has no initial state`);
    entered.add(initial);
    addDescendants(initial, entered);
  } else if (node.type === 'parallel') {
    for (const child of children(node))
      if (![...entered].some((s) => isDescendant(s, child))) {
        entered.add(child);
        addDescendants(child, entered);
      }
  }
};

const addAncestors = (
  entered: Set<XStateNode>,
  ancestors: readonly XStateNode[],
  domain: XStateNode | undefined,
): void => {
  for (const ancestor of ancestors) {
    if (domain === undefined || isDescendant(ancestor, domain)) entered.add(ancestor);
    if (ancestor.type === 'parallel')
      for (const child of children(ancestor))
        if (![...entered].some((s) => isDescendant(s, child))) {
          entered.add(child);
          addDescendants(child, entered);
        }
  }
};

/** computeEntrySet of XState v5, for one transition. */
const entrySet = (t: XStateTransition, domain: XStateNode | undefined): Set<XStateNode> => {
  const entered = new Set<XStateNode>();
  for (const s of t.target ?? []) {
    if (t.source !== s || t.source !== domain || t.reenter) entered.add(s);
    addDescendants(s, entered);
  }
  for (const s of t.target ?? []) {
    const ancestors = properAncestors(s, domain);
    if (domain?.type === 'parallel') ancestors.push(domain);
    addAncestors(
      entered,
      ancestors,
      t.source.parent === undefined && t.reenter ? undefined : domain,
    );
  }
  return entered;
};

const stateValueOf = (node: XStateNode, active: (n: XStateNode) => boolean): StateValue => {
  const on = children(node).filter(active);
  if (node.type === 'compound') {
    const child = on[0];
    if (child === undefined) return {};
    if (child.type === 'atomic' || child.type === 'final') return child.key;
  }
  return Object.fromEntries(on.map((c) => [c.key, stateValueOf(c, active)]));
};

export const compileMachine = <C, E extends { readonly type: string }>(
  machine: XStateMachineShape,
): CompiledMachine<C, E> => {
  const id = machine.id;
  const nodes: XStateNode[] = [];
  const walk = (n: XStateNode): void => {
    if (n.type === 'history') throw unsupported(id, `the history state ${n.id}`);
    if (n.entry.length > 0 || n.exit.length > 0)
      throw unsupported(id, `entry/exit actions on ${n.id}`);
    if (n.invoke.length > 0) throw unsupported(id, `invoke on ${n.id}`);
    if (n.after.length > 0) throw unsupported(id, `delayed transitions on ${n.id}`);
    nodes.push(n);
    for (const c of children(n)) walk(c);
  };
  walk(machine.root);
  if (nodes.length > MAX_NODES)
    throw unsupported(id, `${nodes.length} state nodes (at most ${MAX_NODES})`);
  const bit = new Map(nodes.map((n, i) => [n, 1 << i]));
  const bitOf = (n: XStateNode): number => bit.get(n) ?? 0;
  const maskOf = (set: Iterable<XStateNode>): number => {
    let m = 0;
    for (const n of set) m |= bitOf(n);
    return m;
  };
  const descendants = nodes.map((n) => maskOf(nodes.filter((d) => isDescendant(d, n))));

  const guardNames: string[] = [];
  const guards: GuardImplementation[] = [];
  const guardIndex = (g: unknown): number => {
    if (g === undefined) return -1;
    if (typeof g !== 'string') throw unsupported(id, 'a guard that is not a named guard');
    const at = guardNames.indexOf(g);
    if (at >= 0) return at;
    const impl = machine.implementations.guards[g];
    if (typeof impl !== 'function') throw unsupported(id, `the unknown guard "${g}"`);
    guardNames.push(g);
    guards.push(impl as GuardImplementation);
    return guards.length - 1;
  };
  const updateNames: string[] = [];
  const updates: Update<C>[] = [];
  const updateIndex = (a: unknown): number => {
    if (typeof a !== 'string') throw unsupported(id, 'an action that is not a named action');
    const at = updateNames.indexOf(a);
    if (at >= 0) return at;
    const impl = machine.implementations.actions[a] as AssignAction | undefined;
    if (impl?.type !== 'xstate.assign') throw unsupported(id, `the action "${a}", not an assign`);
    updateNames.push(a);
    updates.push(assignUpdate<C>(impl));
    return updates.length - 1;
  };

  const compiled = new Map<XStateTransition, CompiledTransition>();
  const compile = (t: XStateTransition): CompiledTransition => {
    const known = compiled.get(t);
    if (known !== undefined) return known;
    const targets = t.target ?? [];
    const domain = domainOf(t);
    if (targets.length > 0 && domain === undefined)
      throw unsupported(id, 'a reentering root transition');
    const exits =
      domain === undefined
        ? 0
        : descendants[nodes.indexOf(domain)]! |
          (t.reenter && t.source === domain ? bitOf(domain) : 0);
    const out: CompiledTransition = {
      source: nodes.indexOf(t.source),
      guard: guardIndex(t.guard),
      updates: t.actions.map(updateIndex),
      targeted: targets.length > 0,
      exits,
      enters: targets.length > 0 ? maskOf(entrySet(t, domain)) : 0,
    };
    compiled.set(t, out);
    return out;
  };

  const eventTypes = [...new Set(nodes.flatMap((n) => [...n.transitions.keys()]))];
  for (const type of eventTypes)
    if (
      type === '*' ||
      type.startsWith('done.') ||
      type.startsWith('xstate.') ||
      type.includes('*')
    )
      throw unsupported(id, `the event descriptor "${type}"`);
  // A node with transitions has no parallel descendant, so each candidate belongs to one atom.
  for (const n of nodes)
    if (
      n.transitions.size > 0 &&
      (n.type === 'parallel' || nodes.some((d) => d.type === 'parallel' && isDescendant(d, n)))
    )
      throw unsupported(id, `transitions on ${n.id}, which is or contains a parallel state`);
  const eventIndex = new Map(eventTypes.map((type, i) => [type, i]));

  const atomsOf = (mask: number): XStateNode[] =>
    nodes.filter((n) => (mask & bitOf(n)) !== 0 && (n.type === 'atomic' || n.type === 'final'));
  const slotsFor = (mask: number, type: string): Slot[] =>
    atomsOf(mask)
      .map((atom) =>
        [atom, ...properAncestors(atom, undefined)].flatMap((n) =>
          (n.transitions.get(type) ?? []).map(compile),
        ),
      )
      .filter((slot) => slot.length > 0);
  const eventlessFor = (mask: number): Slot[] =>
    atomsOf(mask)
      .map((atom) =>
        [atom, ...properAncestors(atom, undefined)].flatMap((n) => (n.always ?? []).map(compile)),
      )
      .filter((slot) => slot.length > 0);

  // Every configuration reachable when any guard may pass: a superset of what can happen.
  const start = new Set<XStateNode>([machine.root]);
  addDescendants(machine.root, start);
  const initialMask = maskOf(start);
  const masks: number[] = [initialMask];
  const seen = new Set(masks);
  for (let i = 0; i < masks.length; i++) {
    const mask = masks[i]!;
    const all = [...eventTypes.flatMap((type) => slotsFor(mask, type)), ...eventlessFor(mask)];
    for (const t of all.flat()) {
      if (!t.targeted) continue;
      const next = (mask & ~(t.exits & mask)) | t.enters;
      if (!seen.has(next)) {
        seen.add(next);
        masks.push(next);
      }
    }
  }
  const configurations: Configuration[] = masks.map((mask) => {
    const active = (n: XStateNode): boolean => (mask & bitOf(n)) !== 0;
    const on = nodes.filter(active);
    return {
      mask,
      value: stateValueOf(machine.root, active),
      leafIds: atomsOf(mask).map((n) => n.id),
      activeIds: new Set(on.map((n) => n.id)),
      tags: new Set(on.flatMap((n) => n.tags)),
    };
  });
  const table = masks.flatMap((mask) => eventTypes.map((type) => slotsFor(mask, type)));
  const context = machine.config.context;
  if (typeof context === 'function') throw unsupported(id, 'a context factory');
  return {
    id,
    nodeIds: nodes.map((n) => n.id),
    descendants,
    configurations,
    configurationOf: new Map(masks.map((m, i) => [m, i])),
    eventIndex,
    eventCount: eventTypes.length,
    table,
    eventless: masks.map(eventlessFor),
    guards,
    guardNames,
    updates,
    initial: 0,
    // Made as `assign` makes every later context, so that all share one hidden class.
    initialContext: merged((context ?? {}) as C, {}),
  };
};

/**
 * The context with the partial update over it, key by key from an empty object: contexts with the
 * same keys then share one hidden class in V8, where a spread over a spread gave one context's
 * field several (each read of it became a megamorphic lookup).
 */
const merged = <C>(context: C, partial: Readonly<Record<string, unknown>>): C => {
  const out: Record<string, unknown> = {};
  const from = context as Readonly<Record<string, unknown>>;
  for (const key in from) out[key] = from[key];
  for (const key in partial) out[key] = partial[key];
  return out as C;
};

/** XState's resolveAssign: the partial update merged over a copy of the context. */
const assignUpdate = <C>(action: AssignAction): Update<C> => {
  const { assignment } = action;
  // An object's entries are the action's, fixed: listed once, not on every transition.
  const entries = typeof assignment === 'function' ? [] : Object.entries(assignment);
  return (context, event) => {
    const args = { context, event };
    if (typeof assignment === 'function')
      return merged(context, assignment(args) as Readonly<Record<string, unknown>>);
    const partial: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i]!;
      partial[key] =
        typeof value === 'function' ? (value as (a: typeof args) => unknown)(args) : value;
    }
    return merged(context, partial);
  };
};
