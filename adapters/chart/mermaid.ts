import type { AnyStateMachine } from 'xstate';
import { type ChartGraph, type ChartNode, toGraph } from './graph.js';
import { lookup, makeIdMap, toMermaidId } from './ids.js';
import { ancestry, isComposite, nodeIndex, stateDetails, transitionLabel } from './labels.js';

/**
 * Mermaid `stateDiagram-v2`.
 *
 * - The machine root is drawn as the outermost composite, so root-level transitions have a source.
 * - Mermaid cannot draw a transition between inner states of different composites, and a state
 *   mentioned inside another composite's block moves there. Every transition is therefore drawn
 *   between the two siblings that contain its source and target, inside their common parent's
 *   block, and its label says where it really goes: `GO (from a.x to b.y)`. A transition from a
 *   composite to its own descendant becomes a self-loop on the composite. Regions of a parallel
 *   state are separate blocks too, so a transition between two regions is drawn on the parallel
 *   state itself.
 * - History states are states labelled `H` or `H*`, with an unlabelled arrow to their default.
 * - A final state is an ordinary state with an arrow to `[*]`, so it keeps its name.
 * - Description, entry/exit actions, targetless transitions and tags are description lines
 *   (`id : text`) of the state.
 * - Known Mermaid defect (mermaid-js/mermaid#4052): a transition to or from a composite state
 *   nested inside a parallel region can fail to render; the text here is still valid.
 */

/** Mermaid entity codes for the characters that end a label or would be read as markup. */
const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  ':': '#58;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '%': '#37;',
};

export const mermaidText = (text: string): string =>
  text.replace(/\r?\n|\r/g, ' ').replace(/[#;:"<>&%]/g, (c) => ENTITIES[c] ?? c);

interface Arrow {
  /** The composite whose block holds the arrow, null for the top level. */
  readonly scope: string | null;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

const relativePath = (node: ChartNode, scope: ChartNode | undefined): string =>
  node.path.slice(scope?.path.length ?? 0).join('.') || node.key;

/** Lifts a transition to the siblings that contain its ends, as described above. */
const liftArrow = (
  index: ReadonlyMap<string, ChartNode>,
  source: string,
  target: string,
  label: string,
): Arrow => {
  const sourceChain = ancestry(index, source);
  const targetChain = ancestry(index, target);
  const targetAncestors = new Set(targetChain.slice(1).map((n) => n.id));
  let scope = sourceChain.slice(1).find((n) => targetAncestors.has(n.id));
  const childOfScope = (chain: ChartNode[]): ChartNode =>
    chain.find((n) => n.parent === (scope?.id ?? null)) ?? chain[chain.length - 1]!;
  let from = childOfScope(sourceChain);
  let to = childOfScope(targetChain);
  if (scope?.type === 'parallel' && from !== to) {
    from = scope;
    to = scope;
    scope = scope.parent === null ? undefined : index.get(scope.parent);
  }
  const notes = [
    ...(from.id === source ? [] : [`from ${relativePath(sourceChain[0]!, scope)}`]),
    ...(to.id === target ? [] : [`to ${relativePath(targetChain[0]!, scope)}`]),
  ];
  const text = notes.length === 0 ? label : `${label} (${notes.join(' ')})`.trim();
  return { scope: scope?.id ?? null, from: from.id, to: to.id, label: text };
};

export const graphToMermaid = (graph: ChartGraph): string => {
  const index = nodeIndex(graph);
  const ids = makeIdMap(
    graph.nodes.map((n) => n.id),
    toMermaidId,
  );
  const id = (stateId: string): string => lookup(ids, stateId);
  const arrows: Arrow[] = [
    ...graph.edges.flatMap((e) =>
      e.targets.map((t) => liftArrow(index, e.source, t, transitionLabel(e))),
    ),
    ...graph.nodes.flatMap((n) =>
      (n.historyTarget ?? []).map((t) => liftArrow(index, n.id, t, '')),
    ),
  ];
  const arrowLines = (scope: string | null, from?: string): string[] =>
    arrows
      .filter((a) => a.scope === scope && (from === undefined || a.from === from))
      .map(
        (a) => `${id(a.from)} --> ${id(a.to)}${a.label === '' ? '' : ` : ${mermaidText(a.label)}`}`,
      );
  const indent = (lines: string[]): string[] => lines.map((l) => `  ${l}`);

  const declare = (node: ChartNode): string[] => {
    const me = id(node.id);
    const head =
      node.type === 'history'
        ? `state "${node.history === 'deep' ? 'H*' : 'H'}" as ${me}`
        : `state "${mermaidText(node.key)}" as ${me}`;
    const notes = [
      ...(node.description === null ? [] : [node.description]),
      ...stateDetails(node, graph),
    ];
    return [
      ...(isComposite(node) ? [`${head} {`, ...indent(inside(node)), '}'] : [head]),
      ...notes.filter((t) => t.trim() !== '').map((t) => `${me} : ${mermaidText(t)}`),
      ...(node.type === 'final' ? [`${me} --> [*]`] : []),
    ];
  };

  const inside = (node: ChartNode): string[] => {
    const children = node.children.map((c) => index.get(c)).filter((c) => c !== undefined);
    if (node.type === 'parallel') {
      return children.flatMap((child, i) => [
        ...(i === 0 ? [] : ['--']),
        ...declare(child),
        ...arrowLines(node.id, child.id),
      ]);
    }
    return [
      ...(node.initial === null ? [] : [`[*] --> ${id(node.initial)}`]),
      ...children.flatMap(declare),
      ...arrowLines(node.id),
    ];
  };

  const root = index.get(graph.root);
  const body = root === undefined ? [] : [...declare(root), ...arrowLines(null)];
  return `${['stateDiagram-v2', ...indent(body)].join('\n')}\n`;
};

export const toMermaid = (machine: AnyStateMachine): string => graphToMermaid(toGraph(machine));
