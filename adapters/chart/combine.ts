import { graphToDot } from './dot.js';
import type { ChartGraph } from './graph.js';
import { graphToScxml } from './scxml.js';
import { graphsToSvg } from './svg.js';

/**
 * Several machines as one document of one format: a DOT graph or an SVG with each machine as its
 * own cluster, or an SCXML document whose root runs the machines in parallel (as the cluster runs
 * them). Every state id already starts with its machine's id, so no two machines' ids meet.
 */

export type CombinableFormat = 'dot' | 'scxml' | 'svg';

export const isCombinable = (format: string): format is CombinableFormat =>
  format === 'dot' || format === 'scxml' || format === 'svg';

/** What lies between a document's first opening and its last closing mark. */
const body = (text: string, open: string, close: string): string => {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  if (start < 0 || end <= start) throw new Error(`chart: no ${open} … ${close} in a chart`);
  return text.slice(start + open.length, end);
};

export const combinedDot = (graphs: readonly ChartGraph[], name: string): string =>
  [
    `digraph ${JSON.stringify(name)} {`,
    ...graphs.map((g) => body(graphToDot(g), '{', '}').replace(/^\n|\n$/g, '')),
    '}',
    '',
  ].join('\n');

const SCXML_ROOT = /<scxml\b[^>]*>/;

export const combinedScxml = (graphs: readonly ChartGraph[], name: string): string => {
  const documents = graphs.map(graphToScxml);
  const [first] = documents;
  if (first === undefined) throw new Error('chart: no machine to combine');
  const root = SCXML_ROOT.exec(first)?.[0];
  if (root === undefined) throw new Error('chart: an SCXML chart without its <scxml> element');
  const combinedRoot = root
    .replace(/\sname="[^"]*"/, ` name="${name}"`)
    .replace(/\sinitial="[^"]*"/, ` initial="${name}"`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    combinedRoot,
    `  <parallel id="${name}">`,
    ...documents.map((d) =>
      body(d, SCXML_ROOT.exec(d)?.[0] ?? '<scxml>', '</scxml>').replace(/^\n|\n$/g, ''),
    ),
    '  </parallel>',
    '</scxml>',
    '',
  ].join('\n');
};

export const combinedChart = async (
  graphs: readonly ChartGraph[],
  format: CombinableFormat,
  name = 'agstate',
): Promise<string> => {
  switch (format) {
    case 'dot':
      return combinedDot(graphs, name);
    case 'scxml':
      return combinedScxml(graphs, name);
    case 'svg':
      return graphsToSvg(combinedDot(graphs, name), graphs);
  }
};
