import { dirname, isAbsolute, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../../core/model/config.js';
import { resolveConfig } from '../../../core/model/config.js';
import { decodeWith } from '../../../core/model/decode.js';
import { formatProblem } from '../../../core/model/report.js';
import {
  type CatalogDatabaseInput,
  ScenarioInput,
  type ScenarioStep,
} from '../../../core/model/scenario.js';
import { scenarioStepProblems } from '../../../core/model/scenario-check.js';
import type { Reason } from '../../../core/model/source.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { tsqlRelease, type VersionArg } from '../options.js';
import { tsqlConfigAndUnknowns } from './config.js';
import { heldKindOfDocument, refuseOtherKind, wrongKindProblem } from './held-kind.js';
import { parseJson } from './json.js';
import { readText } from './read.js';

export interface Scenario {
  readonly name: string;
  readonly description: string | null;
  readonly config: Config;
  readonly steps: readonly ScenarioStep[];
  readonly start?: 'synchronized' | 'unprepared';
  readonly baseLsn?: bigint;
  readonly catalog?: Readonly<Record<string, CatalogDatabaseInput>>;
  /** A T-SQL configuration's replicas that the script leaves granting CREATE ANY DATABASE. */
  readonly granted?: readonly string[];
  /** A T-SQL configuration: the script's path as the scenario names it (beside the scenario). */
  readonly script?: string;
  /** Its warnings, each placed (`12:5: warning: …`), as validate prints them. */
  readonly warnings?: readonly string[];
  /** Its statements SQL Server refuses, left out of `config`, as validate reports them. */
  readonly refused?: readonly Reason[];
}

/** A T-SQL script named by a scenario is found beside the scenario file. */
const besideScenario = (scenarioPath: string, path: string): string =>
  isAbsolute(path) || scenarioPath === '-' ? path : join(dirname(scenarioPath), path);

/** Read a scenario file; its configuration is inline, or a T-SQL script read with --sql-version. */
export const loadScenario = async (
  io: Io,
  path: string,
  version: VersionArg | undefined,
): Promise<E.Either<BadInput, Scenario>> => {
  const doc = await readScenarioDocument(io, path);
  return E.isLeft(doc) ? doc : scenarioFromDocument(io, path, doc.right, version);
};

/** A scenario file's JSON document, before it is decoded (a distributed group's or a group's). */
export const readScenarioDocument = async (
  io: Io,
  path: string,
): Promise<E.Either<BadInput, unknown>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  const otherKind = refuseOtherKind(path, text.right, 'scenario');
  return E.isLeft(otherKind) ? otherKind : parseJson(path, text.right);
};

/** Decode a group's scenario document read from `path`. */
export const scenarioFromDocument = async (
  io: Io,
  path: string,
  document: unknown,
  version: VersionArg | undefined,
): Promise<E.Either<BadInput, Scenario>> => {
  const decoded = decodeWith(ScenarioInput)(document);
  if (E.isLeft(decoded)) {
    const otherKind = wrongKindProblem('scenario', heldKindOfDocument(document));
    return E.left(
      otherKind === undefined
        ? badInput(path, ...decoded.left.map(formatProblem))
        : badInput(path, otherKind),
    );
  }
  const input = decoded.right;
  let config: Config;
  let granted: readonly string[] | undefined;
  let read:
    | {
        readonly script: string;
        readonly warnings: readonly string[];
        readonly refused: readonly Reason[];
      }
    | undefined;
  if ('tsql' in input.config) {
    const script = besideScenario(path, input.config.tsql);
    const scriptText = await readText(io, script);
    if (E.isLeft(scriptText)) return scriptText;
    // As check reads it: the group the script deploys, its refusals and warnings named.
    const deployed = await tsqlConfigAndUnknowns(script, scriptText.right, version);
    if (E.isLeft(deployed)) return deployed;
    config = deployed.right.config;
    read = { script, warnings: deployed.right.warnings, refused: deployed.right.refused };
    granted = await grantedInScript(script, scriptText.right, config, version);
  } else {
    config = resolveConfig(input.config);
  }
  const stepProblems = scenarioStepProblems(config, input.steps);
  if (stepProblems.length > 0) return E.left(badInput(path, ...stepProblems.map(formatProblem)));
  return E.right({
    name: input.name ?? path,
    description: input.description ?? null,
    config,
    steps: input.steps,
    ...(input.start === undefined ? {} : { start: input.start }),
    ...(input.baseLsn === undefined ? {} : { baseLsn: input.baseLsn }),
    ...(input.catalog === undefined ? {} : { catalog: input.catalog }),
    ...(granted === undefined || granted.length === 0 ? {} : { granted }),
    ...(read === undefined ? {} : read),
  });
};

/** The replicas a scenario's T-SQL script leaves granting the group CREATE ANY DATABASE. */
const grantedInScript = async (
  path: string,
  text: string,
  config: Config,
  version: VersionArg | undefined,
): Promise<readonly string[]> => {
  if (version === undefined) return [];
  const { readScript } = await import('../../tsql/script.js');
  const { grantedAfterScript } = await import('../../tsql/granted.js');
  const script = readScript(text, { ...tsqlRelease(version), fileName: path });
  return E.isLeft(script) ? [] : grantedAfterScript(script.right.statements, config);
};
