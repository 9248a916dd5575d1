import type { AnyStateMachine } from 'xstate';
import { type ChartGraph, type ChartNode, toGraph } from './graph.js';
import { lookup, makeIdMap, toNcName } from './ids.js';
import { ancestry, isComposite, nodeIndex, stateDetails, transitionLabel, wrap } from './labels.js';

/**
 * Graphviz DOT.
 *
 * - Compound and parallel states are clusters; the regions of a parallel state are dashed.
 * - A cluster that a transition touches holds an invisible anchor node; the transition ends at
 *   it and is clipped at the cluster's border (`compound=true`, `lhead`/`ltail`). When one
 *   end lies inside the other's cluster, Graphviz cannot clip, so the arrow starts or ends at the
 *   anchor inside the cluster instead.
 * - Each compound state has a filled dot for its initial state; final states have a double
 *   border; history states are circles labelled `H` or `H*` with a dashed arrow to their default.
 * - Element ids are `state:<id>` (clusters and nodes) and `transition:<source>:<n>` (edges), with
 *   state ids made XML names, so the SVG can be scripted; toSvg adds the exact id as
 *   `data-state-id`.
 */

/** A DOT quoted string; doubling backslashes keeps `\N`, `\l` and the like literal. */
const quote = (text: string): string =>
  `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, '\\n')}"`;

/** A label of several lines. `&` is escaped because Graphviz reads `&lt;` and the like. */
const labelOf = (lines: readonly string[]): string =>
  quote(lines.map((l) => l.replace(/&/g, '&amp;')).join('\n'));

/** An attribute list, with a leading space, or nothing when there are no attributes. */
const attrs = (pairs: Readonly<Record<string, string>>): string => {
  const list = Object.entries(pairs).map(([k, v]) => `${k}=${v}`);
  return list.length === 0 ? '' : ` [${list.join(', ')}]`;
};

const DESCRIPTION_WIDTH = 40;

/** The XML name each state has in the DOT (and so in the SVG), by state id. */
export const dotStateNames = (graph: ChartGraph): ReadonlyMap<string, string> =>
  makeIdMap(
    graph.nodes.map((n) => n.id),
    toNcName,
  );

export const graphToDot = (graph: ChartGraph): string => {
  const index = nodeIndex(graph);
  const ids = dotStateNames(graph);
  const name = (stateId: string): string => lookup(ids, stateId);
  const node = (stateId: string): ChartNode | undefined => index.get(stateId);
  const composite = (stateId: string): boolean => {
    const n = node(stateId);
    return n !== undefined && isComposite(n);
  };
  const endpoint = (stateId: string): string =>
    quote(composite(stateId) ? `${name(stateId)}:anchor` : name(stateId));
  const contains = (outer: string, inner: string): boolean =>
    ancestry(index, inner).some((n) => n.id === outer);

  /** `from` is null for an initial dot, which sits outside every cluster it points into. */
  const edgeLine = (
    tail: string,
    from: string | null,
    to: string,
    extra: Readonly<Record<string, string>>,
  ): string => {
    const clip: Record<string, string> = {};
    if (from !== null && composite(from) && !contains(from, to)) {
      clip.ltail = quote(`cluster_${name(from)}`);
    }
    if (composite(to) && (from === null || !contains(to, from))) {
      clip.lhead = quote(`cluster_${name(to)}`);
    }
    return `${tail} -> ${endpoint(to)}${attrs({ ...extra, ...clip })};`;
  };
  const anchored = new Set(
    [
      ...graph.edges.flatMap((e) => [e.source, ...e.targets]),
      ...graph.nodes.flatMap((n) => [
        ...(n.initial === null ? [] : [n.initial]),
        ...(n.historyTarget ?? []),
      ]),
    ].filter(composite),
  );

  const labelLines = (n: ChartNode): string[] => [
    n.key,
    ...(n.description === null ? [] : wrap(n.description, DESCRIPTION_WIDTH)),
    ...stateDetails(n, graph),
  ];

  const isRegion = (n: ChartNode): boolean =>
    n.parent !== null && node(n.parent)?.type === 'parallel';

  const declare = (n: ChartNode): string[] => {
    const me = name(n.id);
    const common = { id: quote(`state:${me}`), class: quote(`state ${n.type}`) };
    if (isComposite(n)) {
      const style = isRegion(n) ? 'rounded,dashed' : 'rounded';
      return [
        `subgraph ${quote(`cluster_${me}`)} {`,
        `  graph${attrs({ ...common, label: labelOf(labelLines(n)), style: quote(style) })};`,
        ...(n.initial === null ? [] : [`  ${quote(`${me}:initial`)} [shape=point, width=0.15];`]),
        ...(anchored.has(n.id)
          ? [`  ${quote(`${me}:anchor`)} [shape=point, style=invis, width=0, height=0, label=""];`]
          : []),
        ...n.children.flatMap((c) => {
          const child = node(c);
          return child === undefined ? [] : declare(child).map((l) => `  ${l}`);
        }),
        '}',
      ];
    }
    const shape: Record<string, string> =
      n.type === 'history'
        ? {
            shape: 'circle',
            label: quote(n.history === 'deep' ? 'H*' : 'H'),
            tooltip: quote(n.key),
            width: '0.4',
            fixedsize: 'true',
          }
        : { label: labelOf(labelLines(n)) };
    if (n.type === 'final') shape.peripheries = '2';
    if (isRegion(n)) shape.style = quote('rounded,filled,dashed');
    return [`${quote(me)}${attrs({ ...common, ...shape })};`];
  };

  const initialEdges = graph.nodes.flatMap((n) =>
    n.initial === null ? [] : [edgeLine(quote(`${name(n.id)}:initial`), null, n.initial, {})],
  );
  const transitionEdges = graph.edges.flatMap((e) =>
    e.targets.map((t, k) => {
      const position = e.id.slice(e.source.length + 1);
      const suffix = e.targets.length > 1 ? `:${k}` : '';
      return edgeLine(endpoint(e.source), e.source, t, {
        id: quote(`transition:${name(e.source)}:${position}${suffix}`),
        class: quote('transition'),
        label: labelOf([transitionLabel(e)]),
      });
    }),
  );
  const historyEdges = graph.nodes.flatMap((n) =>
    (n.historyTarget ?? []).map((t) => edgeLine(endpoint(n.id), n.id, t, { style: 'dashed' })),
  );

  const root = node(graph.root);
  return `${[
    `digraph ${quote(graph.machine)} {`,
    // Titles right-aligned: left to right, transitions enter a state from its left, and their
    // labels were drawn over a left-aligned title (adapters/web/e2e.test.ts checks every chart).
    '  graph [compound=true, rankdir=LR, labeljust=r, fontname="Helvetica", fontsize=12];',
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
    ...(root === undefined ? [] : declare(root)).map((l) => `  ${l}`),
    ...[...initialEdges, ...transitionEdges, ...historyEdges].map((l) => `  ${l}`),
    '}',
  ].join('\n')}\n`;
};

export const toDot = (machine: AnyStateMachine): string => graphToDot(toGraph(machine));
