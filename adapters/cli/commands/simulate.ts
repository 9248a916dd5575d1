import * as E from 'fp-ts/lib/Either.js';
import { clusterFacts } from '../../../core/cluster/facts.js';
import { simulate } from '../../../core/cluster/simulate.js';
import { decide } from '../../../core/decide/decide.js';
import type { ClusterFacts } from '../../../core/model/facts.js';
import { automaticSeedingRows, physicalSeedingStats } from '../../../core/seeding/view.js';
import { validateConfig } from '../../../core/validation/validate.js';
import { oneLine, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import {
  distributedScenarioFrom,
  isDistributedScenarioDocument,
} from '../input/distributed-scenario.js';
import { readScenarioDocument, type Scenario, scenarioFromDocument } from '../input/scenario.js';
import type { Io } from '../io.js';
import type { VersionArg } from '../options.js';
import { configSummary, violationsLines } from '../render/config.js';
import { decisionsLines } from '../render/decisions.js';
import { inputOf, jsonResult } from '../render/json.js';
import { seedingLines } from '../render/seeding.js';
import type { Style } from '../render/style.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { statesLines, traceEntryLines } from '../render/trace.js';
import { runDistributedSimulate } from './simulate-distributed.js';

export interface SimulateCommandOptions {
  readonly json: boolean;
  readonly traceOnly: boolean;
  readonly version?: VersionArg;
}

/** What the DMVs would show, without the configuration that every step shares. */
const states = ({ config: _config, ...rest }: ClusterFacts) => rest;

/**
 * What the scenario's T-SQL script says before the trace, as check says it: its warnings, then the
 * statements SQL Server refuses, left out of the group the scenario starts from (sqlcmd runs the
 * next batches after an error unless told to stop, S337).
 */
const scriptLines = (style: Style, scenario: Scenario): readonly string[] => {
  const { script, warnings = [], refused = [] } = scenario;
  if (script === undefined) return [];
  const one = refused.length === 1;
  return [
    ...warnings.map((w) => style.warn(oneLine(`${script}:${w}`))),
    ...(refused.length === 0
      ? []
      : [
          `${script}: SQL Server refuses ${one ? 'one statement' : `${refused.length} statements`} of this script (validate reports ${one ? 'it' : 'them'}); the scenario starts from the group as the script leaves it without ${one ? 'it' : 'them'}: ${configSummary(scenario.config)}`,
          ...violationsLines(style, refused),
        ]),
    ...(warnings.length + refused.length === 0 ? [] : ['']),
  ];
};

/** `agstate simulate <scenario>`: run the events, print the trace, then the decisions at the end. */
export const runSimulate = async (
  io: Io,
  file: string,
  options: SimulateCommandOptions,
): Promise<ExitCode> => {
  const input = inputOf(file, options);
  const document = await readScenarioDocument(io, file);
  if (E.isLeft(document)) return reportBadInput(io, 'simulate', document.left, options.json, input);
  if (isDistributedScenarioDocument(document.right)) {
    const distributed = distributedScenarioFrom(file, document.right);
    return E.isLeft(distributed)
      ? reportBadInput(io, 'simulate', distributed.left, options.json, input)
      : runDistributedSimulate(io, file, distributed.right, options, input);
  }
  const loaded = await scenarioFromDocument(io, file, document.right, options.version);
  if (E.isLeft(loaded)) return reportBadInput(io, 'simulate', loaded.left, options.json, input);
  const scenario = loaded.right;
  const style = styleFor(io.color);
  const fromScript = {
    ...(scenario.warnings === undefined ? {} : { warnings: scenario.warnings }),
    ...(scenario.refused === undefined || scenario.refused.length === 0
      ? {}
      : { refused: scenario.refused }),
  };
  // A refused statement breaks documented rules, as validate says (exit 1), whatever the trace.
  const exit = fromScript.refused === undefined ? EXIT.ok : EXIT.no;
  // The model encodes documented behaviour; a group the documents forbid has none to simulate.
  const violations = validateConfig(scenario.config);
  if (violations.length > 0) {
    if (options.json)
      io.stdout(jsonResult(io, 'simulate', input, { simulated: false, violations, ...fromScript }));
    else
      io.stdout(
        await terminalText(
          [
            ...scriptLines(style, scenario),
            `${file}: not simulated: the configuration breaks documented rules: ${configSummary(scenario.config)}`,
            ...violationsLines(style, violations),
          ],
          io,
        ),
      );
    return EXIT.no;
  }
  const run = simulate(scenario.config, scenario.steps, {
    ...(scenario.start === undefined ? {} : { start: scenario.start }),
    ...(scenario.baseLsn === undefined ? {} : { baseLsn: scenario.baseLsn }),
    ...(scenario.catalog === undefined ? {} : { catalog: scenario.catalog }),
    ...(scenario.granted === undefined ? {} : { granted: scenario.granted }),
  });
  const decisions = options.traceOnly ? undefined : decide(clusterFacts(run.final));
  // The two seeding DMVs at the end, as the primary shows them, when the scenario seeded at all.
  const automaticSeeding = automaticSeedingRows(run.final);
  const seeding =
    automaticSeeding.length === 0
      ? undefined
      : { automaticSeeding, physicalSeedingStats: physicalSeedingStats(run.final) };
  if (options.json) {
    io.stdout(
      jsonResult(io, 'simulate', input, {
        name: scenario.name,
        description: scenario.description,
        simulated: true,
        config: scenario.config,
        initial: states(run.initial),
        trace: run.trace.map(({ facts, ...entry }) => ({ ...entry, states: states(facts) })),
        ...(decisions === undefined ? {} : { decisions }),
        ...(seeding === undefined ? {} : { seeding }),
        ...fromScript,
      }),
    );
    return exit;
  }
  const header = options.traceOnly
    ? []
    : [
        style.bold(scenario.name),
        ...(scenario.description === null ? [] : [style.dim(scenario.description)]),
        configSummary(scenario.config),
        '',
        'At the start:',
        ...statesLines(run.initial, '    | '),
        '',
      ];
  const seedingSection =
    seeding === undefined || options.traceOnly
      ? []
      : ['', style.bold('Seeding after the last step'), ...seedingLines(seeding)];
  const footer =
    decisions === undefined
      ? []
      : [
          '',
          style.bold('Decisions after the last step'),
          '',
          ...decisionsLines(style, decisions, 'LOG'),
        ];
  io.stdout(
    await terminalText(
      [
        ...scriptLines(style, scenario),
        ...header,
        ...run.trace.flatMap((e) => traceEntryLines(style, e)),
        ...seedingSection,
        ...footer,
      ],
      io,
    ),
  );
  return exit;
};
