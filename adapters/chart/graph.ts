import type { AnyStateMachine } from 'xstate';
import { type ActionRef, type GuardRef, prop, readAction, readGuard } from './refs.js';

/**
 * A machine definition as a plain, serialisable graph: every exporter reads this, never XState
 * itself, so all formats agree on what the machine contains.
 */

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
export type HistoryType = 'shallow' | 'deep';

export interface ChartNode {
  readonly id: string;
  readonly key: string;
  readonly parent: string | null;
  /** Keys from the root to this node; the root's path is empty. */
  readonly path: readonly string[];
  readonly type: StateType;
  /** The id of the initial child of a compound state. */
  readonly initial: string | null;
  readonly children: readonly string[];
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly entry: readonly ActionRef[];
  readonly exit: readonly ActionRef[];
  readonly invoke: readonly { readonly id: string; readonly src: string }[];
  readonly history: HistoryType | null;
  /** Where a history state goes when it has no history yet, as XState resolves it. */
  readonly historyTarget: readonly string[] | null;
}

export type ChartEvent =
  | { readonly kind: 'event'; readonly type: string }
  /** An eventless (`always`) transition. */
  | { readonly kind: 'always' }
  /** A delayed (`after`) transition: a number of milliseconds or a named delay. */
  | { readonly kind: 'after'; readonly type: string; readonly delay: number | string }
  /** The `onDone` of a compound or parallel state. */
  | { readonly kind: 'done'; readonly type: string };

export interface ChartEdge {
  /** `<source id>:<n>`, n counting the source's transitions in document order. */
  readonly id: string;
  readonly source: string;
  /** Empty for a targetless transition, which runs its actions and stays put. */
  readonly targets: readonly string[];
  readonly event: ChartEvent;
  readonly guard: GuardRef | null;
  readonly actions: readonly ActionRef[];
  readonly reenter: boolean;
  /** The source state is not exited: targetless, or only its descendants are targeted. */
  readonly internal: boolean;
  readonly description: string | null;
}

export interface ChartGraph {
  readonly machine: string;
  readonly root: string;
  /** Pre-order, children in declaration order: the order XState evaluates them in. */
  readonly nodes: readonly ChartNode[];
  readonly edges: readonly ChartEdge[];
}

/** The part of XState's StateNode the walker reads. */
interface XNode {
  readonly id: string;
  readonly key: string;
  readonly type: StateType;
  readonly history: false | HistoryType;
  readonly parent?: XNode | undefined;
  readonly states: Readonly<Record<string, XNode>>;
  readonly transitions: ReadonlyMap<string, readonly XTransition[]>;
  readonly always?: readonly XTransition[] | undefined;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly tags: readonly string[];
  readonly description?: string | undefined;
  readonly initial: { readonly target: readonly XNode[] };
  readonly invoke: readonly { readonly id: string; readonly src: unknown }[];
  readonly config: { readonly target?: unknown };
}

interface XTransition {
  readonly target?: readonly XNode[] | undefined;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
  readonly reenter: boolean;
  readonly eventType: string;
  readonly description?: string | undefined;
}

const DONE_STATE = 'xstate.done.state.';

const isDescendantOrSelf = (node: XNode, ancestor: XNode): boolean => {
  for (let n: XNode | undefined = node; n !== undefined; n = n.parent) {
    if (n === ancestor) return true;
  }
  return false;
};

const readEvent = (source: XNode, t: XTransition, always: boolean): ChartEvent => {
  if (always) return { kind: 'always' };
  const delay = prop(t, 'delay');
  if (typeof delay === 'number' || typeof delay === 'string') {
    return { kind: 'after', type: t.eventType, delay };
  }
  if (t.eventType === `${DONE_STATE}${source.id}`) return { kind: 'done', type: t.eventType };
  return { kind: 'event', type: t.eventType };
};

const readEdges = (node: XNode): ChartEdge[] => {
  const defs: [XTransition, boolean][] = [
    ...[...node.transitions.values()].flat().map((t): [XTransition, boolean] => [t, false]),
    ...(node.always ?? []).map((t): [XTransition, boolean] => [t, true]),
  ];
  return defs.map(([t, always], n) => {
    const targets = t.target ?? [];
    return {
      id: `${node.id}:${n}`,
      source: node.id,
      targets: targets.map((x) => x.id),
      event: readEvent(node, t, always),
      guard: t.guard === undefined ? null : readGuard(t.guard),
      actions: t.actions.map(readAction),
      reenter: t.reenter,
      internal: !t.reenter && targets.every((x) => isDescendantOrSelf(x, node)),
      description: t.description ?? null,
    };
  });
};

/**
 * XState schedules delayed transitions with a raise on entry and a cancel on exit that it adds
 * itself; the `after` edge already says so, and showing them would clutter every timed state.
 */
const isDelaySchedule = (action: unknown, afterEvents: ReadonlySet<string>): boolean => {
  const type = prop(action, 'type');
  const ref = type === 'xstate.raise' ? prop(action, 'id') : prop(action, 'sendId');
  return (
    (type === 'xstate.raise' || type === 'xstate.cancel') &&
    typeof ref === 'string' &&
    afterEvents.has(ref)
  );
};

const childByPath = (from: XNode, path: string): XNode | undefined =>
  path.split('.').reduce<XNode | undefined>((n, key) => n?.states[key], from);

/** XState's default for a history state without a target: the parent's initial, or the parent. */
const historyTarget = (node: XNode, byId: ReadonlyMap<string, XNode>): string[] | null => {
  if (node.type !== 'history' || node.parent === undefined) return null;
  const parent = node.parent;
  const configured = node.config.target;
  const targets = typeof configured === 'string' ? [configured] : configured;
  if (Array.isArray(targets) && targets.length > 0) {
    return targets.flatMap((t: unknown) => {
      if (typeof t !== 'string') return [];
      const found = t.startsWith('#') ? byId.get(t.slice(1)) : childByPath(parent, t);
      return found === undefined ? [] : [found.id];
    });
  }
  if (parent.type === 'parallel') return [parent.id];
  return parent.initial.target.map((x) => x.id);
};

const readNode = (node: XNode, path: readonly string[], byId: ReadonlyMap<string, XNode>) => {
  const afterEvents = new Set(
    [...node.transitions.values()]
      .flat()
      .filter((t) => prop(t, 'delay') !== undefined)
      .map((t) => t.eventType),
  );
  const chartNode: ChartNode = {
    id: node.id,
    key: node.key,
    parent: node.parent?.id ?? null,
    path,
    type: node.type,
    initial: node.type === 'compound' ? (node.initial.target[0]?.id ?? null) : null,
    children: Object.values(node.states).map((c) => c.id),
    description: node.description ?? null,
    tags: [...node.tags],
    entry: node.entry.filter((a) => !isDelaySchedule(a, afterEvents)).map(readAction),
    exit: node.exit.filter((a) => !isDelaySchedule(a, afterEvents)).map(readAction),
    invoke: node.invoke.map((i) => ({
      id: i.id,
      src: typeof i.src === 'string' ? i.src : '<inline>',
    })),
    history: node.type === 'history' ? (node.history === 'deep' ? 'deep' : 'shallow') : null,
    historyTarget: historyTarget(node, byId),
  };
  return chartNode;
};

/** Walks `machine.root` into a plain graph. */
export const toGraph = (machine: AnyStateMachine): ChartGraph => {
  const root: XNode = machine.root;
  const all: { node: XNode; path: readonly string[] }[] = [];
  const visit = (node: XNode, path: readonly string[]): void => {
    all.push({ node, path });
    for (const [key, child] of Object.entries(node.states)) visit(child, [...path, key]);
  };
  visit(root, []);
  const byId = new Map(all.map(({ node }) => [node.id, node]));
  return {
    machine: machine.id,
    root: root.id,
    nodes: all.map(({ node, path }) => readNode(node, path, byId)),
    edges: all.flatMap(({ node }) => readEdges(node)),
  };
};

/** The graph as JSON, for the web page and for tools in other languages. */
export const graphToJson = (graph: ChartGraph): string => `${JSON.stringify(graph, null, 2)}\n`;

export const toJsonGraph = (machine: AnyStateMachine): string => graphToJson(toGraph(machine));
