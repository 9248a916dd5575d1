import type { ChartEdge, ChartEvent, ChartGraph, ChartNode } from './graph.js';
import type { ActionRef, GuardRef, NamedRef } from './refs.js';

/** The human-readable text shared by the drawn formats, before each format escapes it. */

const withParams = (ref: NamedRef): string => {
  if (ref.dynamicParams) return `${ref.type}(<dynamic>)`;
  return ref.params === undefined ? ref.type : `${ref.type}(${JSON.stringify(ref.params)})`;
};

export const guardLabel = (guard: GuardRef): string => {
  switch (guard.kind) {
    case 'named':
      return withParams(guard);
    case 'inline':
      return '<inline>';
    case 'and':
    case 'or':
      return `${guard.kind}(${guard.guards.map(guardLabel).join(', ')})`;
    case 'not':
      return `not(${guardLabel(guard.guard)})`;
    case 'stateIn':
      return `stateIn(${JSON.stringify(guard.state)})`;
  }
};

export const actionLabel = (action: ActionRef): string => {
  switch (action.kind) {
    case 'named':
      return withParams(action);
    case 'inline':
      return '<inline>';
    case 'builtin':
      return action.type.replace(/^xstate\./, '');
  }
};

export const eventLabel = (event: ChartEvent): string => {
  switch (event.kind) {
    case 'event':
      return event.type;
    case 'always':
      return 'always';
    case 'after':
      return typeof event.delay === 'number' ? `after ${event.delay}ms` : `after ${event.delay}`;
    case 'done':
      return 'done';
  }
};

/** `event [guard] / action, action`, the UML transition label. */
export const transitionLabel = (edge: ChartEdge): string =>
  [
    eventLabel(edge.event),
    ...(edge.guard === null ? [] : [`[${guardLabel(edge.guard)}]`]),
    ...(edge.actions.length === 0 ? [] : [`/ ${edge.actions.map(actionLabel).join(', ')}`]),
  ].join(' ');

/**
 * What a state does without leaving: entry and exit actions, invoked actors, targetless
 * transitions (UML internal transitions) and tags, one line each.
 */
export const stateDetails = (node: ChartNode, graph: ChartGraph): string[] => [
  ...(node.entry.length === 0 ? [] : [`entry / ${node.entry.map(actionLabel).join(', ')}`]),
  ...(node.exit.length === 0 ? [] : [`exit / ${node.exit.map(actionLabel).join(', ')}`]),
  ...node.invoke.map((i) => `invoke ${i.src}`),
  ...graph.edges.filter((e) => e.source === node.id && e.targets.length === 0).map(transitionLabel),
  ...(node.tags.length === 0 ? [] : [`tags: ${node.tags.join(', ')}`]),
];

/** Breaks text into lines of at most `width` characters at spaces, for box labels. */
export const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
};

/** The graph's nodes by id, for exporters that walk the tree. */
export const nodeIndex = (graph: ChartGraph): ReadonlyMap<string, ChartNode> =>
  new Map(graph.nodes.map((n) => [n.id, n]));

/** The node itself and its ancestors, innermost first. */
export const ancestry = (index: ReadonlyMap<string, ChartNode>, id: string): ChartNode[] => {
  const chain: ChartNode[] = [];
  for (
    let n = index.get(id);
    n !== undefined;
    n = n.parent === null ? undefined : index.get(n.parent)
  ) {
    chain.push(n);
  }
  return chain;
};

export const isComposite = (node: ChartNode): boolean =>
  node.type === 'compound' || node.type === 'parallel';
