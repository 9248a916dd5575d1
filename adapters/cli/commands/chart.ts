import { MACHINE_NAMES, MACHINES, type MachineName } from '../../../core/machines/registry.js';
import { type ChartFormat, renderChart } from '../../chart/index.js';
import { badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { toJson } from '../render/json.js';

export interface ChartCommandOptions {
  readonly json: boolean;
  readonly format: ChartFormat;
}

const isMachineName = (name: string): name is MachineName =>
  (MACHINE_NAMES as readonly string[]).includes(name);

/** A line naming the machine, as a comment in the format's own syntax, between charts. */
const heading = (format: ChartFormat, machine: string): string => {
  switch (format) {
    case 'mermaid':
      return `%% machine: ${machine}`;
    case 'dot':
      return `// machine: ${machine}`;
    case 'scxml':
    case 'svg':
      return `<!-- machine: ${machine} -->`;
    case 'json':
      return '';
  }
};

const withNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);

/** `agstate chart [machine]`: one machine's chart, or every machine's, in the chosen format. */
export const runChart = async (
  io: Io,
  machine: string | undefined,
  options: ChartCommandOptions,
): Promise<ExitCode> => {
  if (machine !== undefined && !isMachineName(machine))
    return reportBadInput(
      io,
      'chart',
      badInput(
        'machine',
        `no machine is named ${JSON.stringify(machine)}; expected one of ${MACHINE_NAMES.join(', ')}`,
      ),
      options.json,
    );
  const names: readonly MachineName[] = machine === undefined ? MACHINE_NAMES : [machine];
  const charts = await Promise.all(
    names.map(async (name) => ({
      machine: name,
      chart: await renderChart(MACHINES[name], options.format),
    })),
  );
  if (options.json) {
    io.stdout(`${toJson({ format: options.format, charts })}\n`);
  } else if (options.format === 'json' && charts.length > 1) {
    // Several JSON graphs are one JSON object, keyed by machine, so the output stays one document.
    io.stdout(
      `${toJson(Object.fromEntries(charts.map((c) => [c.machine, JSON.parse(c.chart) as unknown])))}\n`,
    );
  } else {
    for (const c of charts) {
      if (charts.length > 1) io.stdout(`${heading(options.format, c.machine)}\n`);
      io.stdout(withNewline(c.chart));
    }
  }
  return EXIT.ok;
};
