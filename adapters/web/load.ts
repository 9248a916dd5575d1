import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { type Config, resolveConfig } from '../../core/model/config.js';
import { decodeConfig, decodeWith } from '../../core/model/decode.js';
import { SqlServerVersion } from '../../core/model/enums.js';
import { formatProblem } from '../../core/model/report.js';
import { ScenarioInput } from '../../core/model/scenario.js';
import { validateConfig } from '../../core/validation/validate.js';
import { jsonTooDeep } from '../json-nesting.js';
import { readDeployedWithRefusals } from '../tsql/script.js';
import { findExample } from './examples.js';
import { snapshotSession } from './load-snapshot.js';
import { noProgress, type Progress } from './progress.js';
import { type Session, scenarioSession, startSession } from './session.js';

/**
 * What the page may load: a bundled example by name, a pasted JSON document, pasted T-SQL, or a
 * pasted DMV snapshot to start from (load-snapshot.ts).
 */
export const LoadRequest = t.union([
  t.strict({ example: t.string }),
  t.strict({ json: t.string }),
  t.intersection([t.strict({ tsql: t.string }), t.partial({ version: SqlServerVersion })]),
  t.strict({ snapshot: t.string }),
]);
export type LoadRequest = t.TypeOf<typeof LoadRequest>;

export interface LoadFailure {
  readonly message: string;
  /** Every problem, one line each, with its place (JSON pointer, or line and column). */
  readonly problems: readonly string[];
}

/** T-SQL does not say which SQL Server runs it: the page asks, and this is the version otherwise. */
export const DEFAULT_TSQL_VERSION: SqlServerVersion = 2022;

/**
 * The most databases the page takes in one group. SQL Server sets no limit ("no enforced limit
 * on AGs or databases per instance; Microsoft tested 10 AGs and 100 DBs per physical machine",
 * Prerequisites, Restrictions, and Recommendations for Always On availability groups); every
 * view of the page lists every copy, so the page stops at twenty times the tested count.
 */
export const MAX_PAGE_DATABASES = 2_000;

/** The most steps a trace holds: a scenario's, or the events applied on the page. */
export const MAX_TRACE_STEPS = 10_000;

const failure = (message: string, problems: readonly string[] = []): E.Either<LoadFailure, never> =>
  E.left({ message, problems });

/** A configuration that breaks documented rules is not one SQL Server would run: not loaded. */
const validated = (
  source: string,
  config: Config,
  make: (c: Config) => Session,
): E.Either<LoadFailure, Session> => {
  if (config.databases.length > MAX_PAGE_DATABASES)
    return failure(
      `${source}: the group has ${config.databases.length} databases; the page shows at most ${MAX_PAGE_DATABASES}`,
      [
        'SQL Server enforces no limit on databases per group; Microsoft tested 100 per machine (Prerequisites, Restrictions, and Recommendations for Always On availability groups). Use agstate decide or check for larger groups.',
      ],
    );
  const broken = validateConfig(config);
  return broken.length === 0
    ? E.right(make(config))
    : failure(
        `${source}: the configuration breaks documented rules`,
        broken.map((r) => `${r.code}: ${r.message}`),
      );
};

/** A parsed JSON document: a scenario when it has steps, otherwise a configuration. */
const fromDocument = (
  source: string,
  doc: unknown,
  progress: Progress,
): E.Either<LoadFailure, Session> => {
  if (typeof doc === 'object' && doc !== null && 'distributed' in doc)
    return failure(
      `${source}: a distributed availability group: it loads into its own session (POST /api/distributed/load)`,
    );
  const isScenario = typeof doc === 'object' && doc !== null && 'steps' in doc;
  if (!isScenario) {
    const decoded = decodeConfig(doc);
    if (E.isLeft(decoded))
      return failure(`${source}: not a configuration`, decoded.left.map(formatProblem));
    return validated(source, decoded.right, (c) => startSession(source, c));
  }
  const decoded = decodeWith(ScenarioInput)(doc);
  if (E.isLeft(decoded))
    return failure(`${source}: not a scenario`, decoded.left.map(formatProblem));
  const scenario = decoded.right;
  if (scenario.steps.length > MAX_TRACE_STEPS)
    return failure(
      `${source}: the scenario has ${scenario.steps.length} steps; the page holds at most ${MAX_TRACE_STEPS}`,
    );
  if ('tsql' in scenario.config)
    return failure(`${source}: the scenario names a T-SQL file; paste the script as T-SQL instead`);
  const options = {
    ...(scenario.start === undefined ? {} : { start: scenario.start }),
    ...(scenario.baseLsn === undefined ? {} : { baseLsn: scenario.baseLsn }),
    ...(scenario.catalog === undefined ? {} : { catalog: scenario.catalog }),
  };
  return validated(source, resolveConfig(scenario.config), (c) =>
    scenarioSession(scenario.name ?? source, c, scenario.steps, options, progress),
  );
};

const parseJson = (source: string, text: string): E.Either<LoadFailure, unknown> => {
  const deep = jsonTooDeep(text);
  if (deep !== undefined)
    return failure(`${source}: not a document agstate reads`, [
      `${deep.line}:${deep.column}: ${deep.message}`,
    ]);
  try {
    return E.right(JSON.parse(text));
  } catch (e) {
    return failure(`${source}: not JSON`, [(e as Error).message]);
  }
};

export const loadSession = (
  request: LoadRequest,
  examplesDir: string,
  progress: Progress = noProgress,
): E.Either<LoadFailure, Session> => {
  if ('example' in request) {
    const example = findExample(examplesDir, request.example);
    if (example === undefined) return failure(`no bundled example is named ${request.example}`);
    if (example.kind === 'distributed')
      return failure(
        `${example.name} is a distributed availability group: it loads into its own session (POST /api/distributed/load)`,
      );
    return E.flatMap(parseJson(example.name, readFileSync(example.file, 'utf8')), (doc) =>
      fromDocument(example.name, doc, progress),
    );
  }
  if ('json' in request)
    return E.flatMap(parseJson('pasted JSON', request.json), (doc) =>
      fromDocument('pasted JSON', doc, progress),
    );
  if ('snapshot' in request)
    return E.flatMap(snapshotSession(request.snapshot, progress), (session) =>
      validated(session.source, session.trace[0]!.cluster.config, () => session),
    );
  return tsqlSession(request.tsql, request.version ?? DEFAULT_TSQL_VERSION);
};

/**
 * Pasted T-SQL, read as `simulate` and `check` read a script: the group it deploys, without the
 * statements SQL Server refuses, which the first step's note lists with the script's warnings.
 */
const tsqlSession = (text: string, version: SqlServerVersion): E.Either<LoadFailure, Session> => {
  const options = { version, fileName: SOURCE_TSQL };
  const deployed = readDeployedWithRefusals(text, options);
  if (E.isLeft(deployed))
    return failure(
      `${SOURCE_TSQL}: no availability group agstate can deploy from it`,
      deployed.left.map((e) => e.message),
    );
  const { warnings } = deployed.right;
  const refused = deployed.right.refused.map(
    (n) => `${n.line}:${n.column}: ${n.reason.message} [${n.reason.code}]`,
  );
  const note = [
    ...(refused.length === 0
      ? []
      : [`left out, as SQL Server refuses them: ${refused.join('; ')}`]),
    ...(warnings.length === 0 ? [] : [`warnings: ${warnings.join('; ')}`]),
  ].join('. ');
  return validated(SOURCE_TSQL, deployed.right.config, (c) => {
    const session = startSession(SOURCE_TSQL, c);
    const [first] = session.trace;
    return note === '' ? session : { ...session, trace: [{ ...first!, note }] };
  });
};

const SOURCE_TSQL = 'pasted T-SQL';
