/**
 * The machines' statecharts as Mermaid, DOT, SCXML, JSON and SVG, one machine or several in one document.
 *
 * @module agstate/chart
 */
export {
  type CombinableFormat,
  combinedChart,
  combinedDot,
  combinedScxml,
  isCombinable,
} from './combine.js';
export { dotStateNames, graphToDot, toDot } from './dot.js';
export type {
  ChartEdge,
  ChartEvent,
  ChartGraph,
  ChartNode,
  HistoryType,
  StateType,
} from './graph.js';
export { graphToJson, toGraph, toJsonGraph } from './graph.js';
export { actionLabel, eventLabel, guardLabel, transitionLabel } from './labels.js';
export { graphToMermaid, toMermaid } from './mermaid.js';
export type { ActionRef, GuardRef, JsonValue, NamedRef } from './refs.js';
export type { ChartFormat } from './render.js';
export {
  chartFileExtensions,
  chartFormats,
  isChartFormat,
  renderChart,
  renderGraph,
} from './render.js';
export { graphToScxml, toScxml } from './scxml.js';
export type { DotRendering } from './svg.js';
export { graphsToSvg, graphToSvg, renderDot, toSvg } from './svg.js';
