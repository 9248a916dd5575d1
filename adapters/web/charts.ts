import { MACHINE_NAMES, MACHINES, type MachineName } from '../../core/machines/registry.js';
import { MACHINE_PURPOSES } from '../chart/generate.js';
import { type ChartGraph, toGraph } from '../chart/graph.js';
import { graphToSvg } from '../chart/svg.js';

/** Every machine's chart for the page, drawn once per process: the machines do not change. */

export interface MachineChart {
  readonly name: MachineName;
  readonly purpose: string;
  /** Graphviz SVG whose state groups carry `data-state-id`. */
  readonly svg: string;
}

export const machineGraphs: Readonly<Record<MachineName, ChartGraph>> = Object.fromEntries(
  MACHINE_NAMES.map((name) => [name, toGraph(MACHINES[name])]),
) as Record<MachineName, ChartGraph>;

let charts: Promise<readonly MachineChart[]> | undefined;

export const machineCharts = (): Promise<readonly MachineChart[]> => {
  charts ??= Promise.all(
    MACHINE_NAMES.map(async (name) => ({
      name,
      purpose: MACHINE_PURPOSES[name],
      svg: await graphToSvg(machineGraphs[name]),
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
