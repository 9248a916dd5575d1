import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MACHINE_NAMES, MACHINES, type MachineName } from '../../core/machines/registry.js';
import { packageRoot } from '../package-root.js';
import { type ChartGraph, type ChartNode, toGraph } from './graph.js';
import { MACHINE_PURPOSES } from './purposes.js';
import { type ChartFormat, renderGraph } from './render.js';

/**
 * docs/charts: for every machine of the model, a Markdown page with a Mermaid chart (GitHub draws
 * it), the chart as DOT, SCXML, JSON graph and SVG, and an index. The files are generated and
 * checked against the machines by generate.test.ts, so they cannot go stale.
 */

export const REGENERATE_COMMAND = 'npm run build && node dist/adapters/chart/generate.js';

export { MACHINE_PURPOSES };

/** The other files written per machine, in the order the page links them. */
const FILE_FORMATS: readonly { readonly format: ChartFormat; readonly extension: string }[] = [
  { format: 'dot', extension: 'dot' },
  { format: 'scxml', extension: 'scxml' },
  { format: 'json', extension: 'json' },
  { format: 'svg', extension: 'svg' },
];

const GENERATED_NOTE = `<!-- Generated from the machines by adapters/chart/generate.ts; do not edit. Regenerate: ${REGENERATE_COMMAND} -->`;

/** Table cells hold one line, and `|` would end the cell. */
const cell = (text: string): string => text.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');

const stateRows = (graph: ChartGraph): string[] =>
  graph.nodes
    .filter((n: ChartNode) => n.id !== graph.root)
    .map(
      (n) =>
        `| \`${cell(n.path.join('.'))}\` | ${n.type} | ${cell(n.description ?? '')} | ${cell(n.tags.join(', '))} |`,
    );

const machinePage = (name: MachineName, graph: ChartGraph, mermaid: string): string =>
  [
    GENERATED_NOTE,
    '',
    `# The \`${name}\` machine`,
    '',
    MACHINE_PURPOSES[name],
    '',
    `Also as ${FILE_FORMATS.map(({ format, extension }) => `[${format === 'json' ? 'JSON graph' : format.toUpperCase()}](${name}.${extension})`).join(', ')}.`,
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
    '## States',
    '',
    '| state | type | description | tags |',
    '| ----- | ---- | ----------- | ---- |',
    ...stateRows(graph),
    '',
  ].join('\n');

const indexPage = (): string =>
  [
    GENERATED_NOTE,
    '',
    '# State charts',
    '',
    'One page per machine of the model, generated from the machines themselves. Each page draws the',
    'chart in Mermaid and links the same chart as Graphviz DOT, SCXML, a JSON graph and SVG.',
    '',
    '| machine | purpose | files |',
    '| ------- | ------- | ----- |',
    ...MACHINE_NAMES.map(
      (name) =>
        `| [${name}](${name}.md) | ${cell(MACHINE_PURPOSES[name])} | ${FILE_FORMATS.map(({ extension }) => `[${extension}](${name}.${extension})`).join(' ')} |`,
    ),
    '',
    `Regenerate with \`${REGENERATE_COMMAND}\`; the test adapters/chart/generate.test.ts fails while`,
    'these files differ from the machines.',
    '',
  ].join('\n');

/** Every file of docs/charts, by file name, as the machines draw them now. */
export const chartDocs = async (): Promise<ReadonlyMap<string, string>> => {
  const files = new Map<string, string>();
  for (const name of MACHINE_NAMES) {
    const graph = toGraph(MACHINES[name]);
    files.set(`${name}.md`, machinePage(name, graph, await renderGraph(graph, 'mermaid')));
    for (const { format, extension } of FILE_FORMATS) {
      files.set(`${name}.${extension}`, await renderGraph(graph, format));
    }
  }
  files.set('README.md', indexPage());
  return files;
};

/** How a folder differs from the generated files; all empty when it is up to date. */
export interface ChartDocsDrift {
  readonly missing: readonly string[];
  readonly changed: readonly string[];
  /** Files in the folder that no machine generates (a machine was renamed or removed). */
  readonly extra: readonly string[];
}

export const chartDocsDrift = async (dir: string): Promise<ChartDocsDrift> => {
  const expected = await chartDocs();
  const present = existsSync(dir) ? readdirSync(dir) : [];
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [file, text] of expected) {
    if (!present.includes(file)) missing.push(file);
    else if (readFileSync(join(dir, file), 'utf8') !== text) changed.push(file);
  }
  const extra = present.filter((f) => !expected.has(f)).sort();
  return { missing, changed, extra };
};

/** Writes docs/charts afresh: the folder holds generated files only, so stale ones are removed. */
export const writeChartDocs = async (dir: string): Promise<readonly string[]> => {
  const files = await chartDocs();
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => !files.has(f))) {
    rmSync(join(dir, stale), { force: true });
  }
  for (const [file, text] of files) writeFileSync(join(dir, file), text);
  return [...files.keys()];
};

export { packageRoot };

export const CHART_DOCS_DIR = 'docs/charts';

// Run as a script (node dist/adapters/chart/generate.js), not imported.
const isMain =
  process.argv[1] !== undefined &&
  existsSync(process.argv[1]) &&
  realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));

if (isMain) {
  const dir = join(packageRoot(), CHART_DOCS_DIR);
  const written = await writeChartDocs(dir);
  process.stdout.write(`wrote ${written.length} files to ${dir}\n`);
}
