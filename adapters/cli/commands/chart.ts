import { join } from 'node:path';
import { MACHINE_NAMES, MACHINES, type MachineName } from '../../../core/machines/registry.js';
import { toJSON } from '../../../core/model/json.js';
import {
  type ChartFormat,
  chartFileExtensions,
  combinedChart,
  isCombinable,
  renderGraph,
  toGraph,
} from '../../chart/index.js';
import { badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { inputOf, jsonResult } from '../render/json.js';
import { terminalText } from '../render/terminal.js';

export interface ChartCommandOptions {
  readonly json: boolean;
  readonly format: ChartFormat;
  /** A folder to write one file per machine into, instead of standard output. */
  readonly out?: string;
}

const isMachineName = (name: string): name is MachineName =>
  (MACHINE_NAMES as readonly string[]).includes(name);

const withNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);

/**
 * `agstate chart [machine]`: one machine's chart, or every machine's. Standard output always
 * carries one document: several machines become one combined DOT, SVG or SCXML document, one JSON
 * object keyed by machine, or (Mermaid) one chart after another; `--out DIR` writes a file each.
 */
export const runChart = async (
  io: Io,
  machine: string | undefined,
  options: ChartCommandOptions,
): Promise<ExitCode> => {
  const input = inputOf(undefined, { machine, ...options });
  if (machine !== undefined && !isMachineName(machine))
    return reportBadInput(
      io,
      'chart',
      badInput(
        'machine',
        `no machine is named ${JSON.stringify(machine)}; expected one of ${MACHINE_NAMES.join(', ')}`,
      ),
      options.json,
      input,
    );
  const names: readonly MachineName[] = machine === undefined ? MACHINE_NAMES : [machine];
  const graphs = names.map((name) => ({ machine: name, graph: toGraph(MACHINES[name]) }));
  const charts = await Promise.all(
    graphs.map(async (g) => ({
      machine: g.machine,
      chart: await renderGraph(g.graph, options.format),
    })),
  );
  if (options.out !== undefined) {
    const files: { machine: MachineName; path: string }[] = [];
    for (const c of charts) {
      const path = join(options.out, `${c.machine}.${chartFileExtensions[options.format]}`);
      try {
        await io.writeFile(path, withNewline(c.chart));
      } catch (e) {
        const code =
          (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
        return reportBadInput(
          io,
          'chart',
          badInput(path, `cannot be written (${code})`),
          options.json,
          input,
        );
      }
      files.push({ machine: c.machine, path });
    }
    io.stdout(
      options.json
        ? jsonResult(io, 'chart', input, { format: options.format, files })
        : await terminalText(
            files.map((f) => `wrote ${f.path}`),
            io,
          ),
    );
    return EXIT.ok;
  }
  if (options.json) {
    io.stdout(jsonResult(io, 'chart', input, { format: options.format, charts }));
  } else if (charts.length === 1) {
    io.stdout(withNewline(charts[0]!.chart));
  } else if (options.format === 'json') {
    io.stdout(
      `${toJSON(Object.fromEntries(charts.map((c) => [c.machine, JSON.parse(c.chart) as unknown])), 2)}\n`,
    );
  } else if (isCombinable(options.format)) {
    io.stdout(
      withNewline(
        await combinedChart(
          graphs.map((g) => g.graph),
          options.format,
        ),
      ),
    );
  } else {
    // Mermaid has no document of several diagrams: each follows the last, under a comment.
    for (const c of charts) io.stdout(`%% machine: ${c.machine}\n${withNewline(c.chart)}`);
  }
  return EXIT.ok;
};
