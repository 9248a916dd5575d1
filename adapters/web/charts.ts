import { MACHINE_NAMES, MACHINES, type MachineName } from '../../core/machines/registry.js';
import { dotStateNames } from '../chart/dot.js';
import { type ChartEdge, type ChartGraph, toGraph } from '../chart/graph.js';
import { lookup } from '../chart/ids.js';
import { MACHINE_PURPOSES } from '../chart/purposes.js';
import { xmlAttribute } from '../chart/scxml.js';
import { graphToSvg } from '../chart/svg.js';

/** Every machine's chart for the page, drawn once per process: the machines do not change. */

export interface MachineChart {
  readonly name: MachineName;
  readonly purpose: string;
  /**
   * Graphviz SVG whose state groups carry `data-state-id`, and whose transitions taken on an
   * event carry `data-event` (the event's type) and `data-source` (the state it leaves).
   */
  readonly svg: string;
}

export const machineGraphs: Readonly<Record<MachineName, ChartGraph>> = Object.fromEntries(
  MACHINE_NAMES.map((name) => [name, toGraph(MACHINES[name])]),
) as Record<MachineName, ChartGraph>;

/** The element ids dot.ts gives each transition's edges (one per target), by edge. */
const edgeIds = (graph: ChartGraph): ReadonlyMap<string, ChartEdge> => {
  const names = dotStateNames(graph);
  const ids = new Map<string, ChartEdge>();
  for (const e of graph.edges) {
    const base = `transition:${lookup(names, e.source)}:${e.id.slice(e.source.length + 1)}`;
    ids.set(base, e);
    for (let k = 0; k < e.targets.length; k++) ids.set(`${base}:${k}`, e);
  }
  return ids;
};

/** Graphviz writes `-` in ids as `&#45;`. */
const unescapeId = (written: string): string =>
  written.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

/** Marks every transition taken on an event, so the page can fire it from the chart. */
export const markTransitions = (svg: string, graph: ChartGraph): string => {
  const ids = edgeIds(graph);
  return svg.replace(/<g id="(transition:[^"]*)"/g, (found, id: string) => {
    const edge = ids.get(unescapeId(id));
    if (edge === undefined || edge.event.kind !== 'event') return found;
    return `${found} data-event="${xmlAttribute(edge.event.type)}" data-source="${xmlAttribute(edge.source)}"`;
  });
};

let charts: Promise<readonly MachineChart[]> | undefined;

export const machineCharts = (): Promise<readonly MachineChart[]> => {
  charts ??= Promise.all(
    MACHINE_NAMES.map(async (name) => ({
      name,
      purpose: MACHINE_PURPOSES[name],
      svg: markTransitions(await graphToSvg(machineGraphs[name]), machineGraphs[name]),
    })),
  );
  return charts;
};

/** The compound and parallel states that contain the active leaves, for a fainter light. */
export const enclosingStates = (graph: ChartGraph, active: readonly string[]): string[] => {
  const parent = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const found = new Set<string>();
  for (const leaf of active) {
    for (let p = parent.get(leaf) ?? null; p !== null; p = parent.get(p) ?? null) found.add(p);
  }
  return [...found];
};
