import { instance, type Viz } from '@viz-js/viz';
import type { AnyStateMachine } from 'xstate';
import { dotStateNames, graphToDot } from './dot.js';
import { type ChartGraph, toGraph } from './graph.js';
import { xmlAttribute } from './scxml.js';

/** SVG, laid out by Graphviz compiled to WebAssembly: offline, no system Graphviz needed. */

let viz: Promise<Viz> | undefined;

export interface DotRendering {
  readonly svg: string;
  /** Graphviz's warnings; a well-formed chart has none. */
  readonly warnings: readonly string[];
}

export const renderDot = async (dot: string): Promise<DotRendering> => {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status === 'failure') {
    const reasons = result.errors.map((e) => e.message).join('; ');
    throw new Error(`chart: Graphviz could not lay out the chart: ${reasons}`);
  }
  return { svg: result.output, warnings: result.errors.map((e) => e.message) };
};

/** Graphviz writes `-` in ids as `&#45;`; the names it was given use no other escapes. */
const unescapeName = (written: string): string =>
  written.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

/**
 * Adds `data-state-id` with the exact XState id to every state's group, beside the element id
 * `state:<xml name>`, so a page can light the states of a snapshot without knowing the id rule.
 */
const markStates = (svg: string, graph: ChartGraph): string => {
  const stateOfName = new Map([...dotStateNames(graph)].map(([id, name]) => [name, id]));
  return svg.replace(/<g id="state:([^"]*)"/g, (found, name: string) => {
    const id = stateOfName.get(unescapeName(name));
    return id === undefined ? found : `${found} data-state-id="${xmlAttribute(id)}"`;
  });
};

export const graphToSvg = async (graph: ChartGraph): Promise<string> =>
  markStates((await renderDot(graphToDot(graph))).svg, graph);

/** One SVG of a DOT graph drawing several machines, every state marked as graphToSvg marks it. */
export const graphsToSvg = async (dot: string, graphs: readonly ChartGraph[]): Promise<string> =>
  graphs.reduce((svg, g) => markStates(svg, g), (await renderDot(dot)).svg);

export const toSvg = (machine: AnyStateMachine): Promise<string> => graphToSvg(toGraph(machine));
