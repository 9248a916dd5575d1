import type { AnyStateMachine } from 'xstate';
import { graphToDot } from './dot.js';
import { type ChartGraph, graphToJson, toGraph } from './graph.js';
import { graphToMermaid } from './mermaid.js';
import { graphToScxml } from './scxml.js';
import { graphToSvg } from './svg.js';

/** Every format a machine can be charted in, for the CLI's `--format`. */
export const chartFormats = ['mermaid', 'dot', 'scxml', 'json', 'svg'] as const;

export type ChartFormat = (typeof chartFormats)[number];

/** The usual file extension of each format, for writing charts to disk. */
export const chartFileExtensions: Readonly<Record<ChartFormat, string>> = {
  mermaid: 'mmd',
  dot: 'dot',
  scxml: 'scxml',
  json: 'json',
  svg: 'svg',
};

export const isChartFormat = (format: string): format is ChartFormat =>
  (chartFormats as readonly string[]).includes(format);

export const renderGraph = async (graph: ChartGraph, format: ChartFormat): Promise<string> => {
  switch (format) {
    case 'mermaid':
      return graphToMermaid(graph);
    case 'dot':
      return graphToDot(graph);
    case 'scxml':
      return graphToScxml(graph);
    case 'json':
      return graphToJson(graph);
    case 'svg':
      return graphToSvg(graph);
  }
};

export const renderChart = (machine: AnyStateMachine, format: ChartFormat): Promise<string> =>
  renderGraph(toGraph(machine), format);
