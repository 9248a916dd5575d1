import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../../core/model/config.js';
import { decodeConfig } from '../../../core/model/decode.js';
import { type DecodeProblem, formatProblem } from '../../../core/model/report.js';
import type { Reason } from '../../../core/model/source.js';
import type { StatementResult, TsqlError } from '../../tsql/index.js';
import { scriptWarnings } from '../../tsql/script-warnings.js';
import type { PlacedReason } from '../../tsql/versions.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { majorOf, tsqlRelease, type VersionArg } from '../options.js';
import { refuseOtherKind } from './held-kind.js';
import { parseJson } from './json.js';
import { readText } from './read.js';

export type DocumentKind = 'json' | 'tsql';

/** `.sql` is T-SQL and `.json` is JSON; any other name is JSON when it starts with `{`. */
export const documentKind = (path: string, text: string): DocumentKind => {
  const lower = path.toLowerCase();
  if (lower.endsWith('.sql')) return 'tsql';
  if (lower.endsWith('.json')) return 'json';
  return text
    .replace(/^\ufeff/, '')
    .trimStart()
    .startsWith('{')
    ? 'json'
    : 'tsql';
};

export const VERSION_NEEDED =
  'T-SQL does not say which SQL Server runs it: pass --sql-version <year> (2012, 2014, 2016, 2017, 2019, 2022 or 2025)';

/** A configuration document (parsed JSON), decoded with the documented defaults. */
export const configFromDocument = (source: string, doc: unknown): E.Either<BadInput, Config> =>
  E.mapLeft((problems: readonly DecodeProblem[]) =>
    badInput(source, ...problems.map(formatProblem)),
  )(decodeConfig(doc));

const placedError = (e: TsqlError): string =>
  `${e.line}:${e.column}: expected ${e.expected}, found ${e.found}`;

/** Every group a file describes, with every problem and warning found in it, each placed. */
export interface ConfigSet {
  readonly kind: DocumentKind;
  readonly configs: readonly Config[];
  /** `12:5: expected …, found …`: statements that could not be read. */
  readonly errors: readonly string[];
  /** `12:5: warning: …`: placeholders, statements on an unnamed replica. */
  readonly warnings: readonly string[];
  /** How many statements were read (T-SQL). */
  readonly statements: number;
  /**
   * T-SQL: for each group (as `configs`), the options its statements write that the SQL Server
   * version lacks or may lack, each message starting with `file:line:column:`. These take the
   * place of the configuration's own FEATURE_* reasons, one per option as written.
   */
  readonly groupFindings?: readonly (readonly Reason[])[];
  /** T-SQL: the same for statements on groups the script does not create (ALTER-only scripts). */
  readonly ungrouped?: readonly Reason[];
  /** T-SQL: for each group, the distributed members whose mode the script leaves unknown. */
  readonly unsettledMembers?: readonly (readonly string[])[];
}

/** A finding of the T-SQL reader, its place at the head of its message. */
const placedReason =
  (path: string) =>
  (f: PlacedReason): Reason => ({
    ...f.reason,
    message: `${path}:${f.line}:${f.column}: ${f.reason.message}`,
  });

/** Findings of statements, once each (GO n repeats a statement but not its options). */
const findingsOf = (path: string, statements: readonly StatementResult[]): Reason[] =>
  [...new Set(statements.flatMap((s) => s.findings ?? []))].map(placedReason(path));

/**
 * Read any configuration file: a JSON configuration, or any T-SQL script (several CREATE
 * AVAILABILITY GROUP statements, ALTER only, statements inside IF blocks). A script is never
 * refused for a statement it cannot read: its errors come back beside what was read. Left only
 * when the file cannot be read at all (missing, not JSON, no --version for T-SQL).
 */
export const loadConfigs = async (
  io: Io,
  path: string,
  version: VersionArg | undefined,
  server: string | undefined,
): Promise<E.Either<BadInput, ConfigSet>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  const otherKind = refuseOtherKind(path, text.right, 'configuration');
  if (E.isLeft(otherKind)) return otherKind;
  if (documentKind(path, text.right) === 'json') {
    const config = await loadConfig(io, path, version);
    return E.map((c: Config) => ({
      kind: 'json' as const,
      configs: [c],
      errors: [],
      warnings: [],
      statements: 0,
    }))(config);
  }
  if (version === undefined) return E.left(badInput(path, VERSION_NEEDED));
  const { readScriptReport } = await import('../../tsql/script.js');
  const report = readScriptReport(text.right, {
    ...tsqlRelease(version),
    fileName: path,
    ...(server === undefined ? {} : { server }),
  });
  const errors = report.errors.map(placedError);
  // The groups as the whole script leaves them: its ALTER statements change what CREATE made.
  const { configsAfterScript } = await import('../../tsql/configs-after.js');
  const after = configsAfterScript(report.script);
  const grouped = new Set(after.flatMap((a) => a.statements));
  const loose = report.script.statements.filter((st) => !grouped.has(st));
  const { groupKindUnknowns } = await import('../../tsql/group-kind.js');
  const { looseSecondaryOnlyOnPrimary } = await import('../../tsql/loose-secondary-only.js');
  const { routingTargetUnknowns } = await import('../../tsql/routing-targets.js');
  const { looseRoutingUrlFindings } = await import('../../tsql/loose-routing-urls.js');
  const { grantBeforeJoinUnknowns } = await import('../../tsql/grant-before-join.js');
  const { afterFailoverUnknowns } = await import('../../tsql/loose-after-failover.js');
  const { looseLeaveOnPrimary } = await import('../../tsql/loose-leave-on-primary.js');
  const { modeChangeUnknowns } = await import('../../tsql/loose-mode-change.js');
  const { automaticFailoverUnknowns } = await import('../../tsql/loose-automatic.js');
  return E.right({
    kind: 'tsql',
    configs: after.map((a) => a.config),
    // A statement SQL Server refuses breaks the script as much as a rule the group breaks.
    groupFindings: after.map((a) => [
      ...findingsOf(path, a.statements),
      ...a.notApplied.map((n) =>
        placedReason(path)({ line: n.line, column: n.column, reason: n.reason }),
      ),
      ...a.unknown.map(placedReason(path)),
      ...a.links.map(placedReason(path)),
    ]),
    unsettledMembers: after.map((a) => a.unsettledMembers),
    // A group the script does not create is of a kind the script does not say (basic or not).
    ungrouped: [
      ...findingsOf(path, loose),
      ...groupKindUnknowns(loose, majorOf(version)).map(placedReason(path)),
      // A join on the instance that just ran a primary-only statement of the group is refused.
      ...looseSecondaryOnlyOnPrimary(loose).map(placedReason(path)),
      // A routing URL SQL Server refuses as written (Msg 19401), or may refuse (no port, S145).
      ...looseRoutingUrlFindings(loose).map(placedReason(path)),
      // A routing list naming a replica whose routing URL the script does not set (Msg 19404).
      ...routingTargetUnknowns(loose).map(placedReason(path)),
      // GRANT CREATE ANY DATABASE on an instance not known to have joined the group (Msg 15151).
      ...grantBeforeJoinUnknowns(loose).map(placedReason(path)),
      // A primary-only statement off the target of a failover placed before it (S3, S45).
      ...afterFailoverUnknowns(loose).map(placedReason(path)),
      // SET HADR OFF on the instance the script made a group's primary (S141, Msg 35240).
      ...looseLeaveOnPrimary(loose).map(placedReason(path)),
      // An availability or failover mode set while the script does not say the other (S119).
      ...modeChangeUnknowns(loose).map(placedReason(path)),
      // A replica made automatic-failover where the group's count and cluster type are unsaid.
      ...automaticFailoverUnknowns(loose, majorOf(version)).map(placedReason(path)),
    ],
    errors,
    warnings: scriptWarnings(report.script, after),
    statements: report.script.statements.length,
  });
};

/**
 * Read a configuration file: JSON, or T-SQL with the version given by --sql-version (the group
 * without the statements SQL Server refuses, which loadConfigAndUnknowns names).
 */
export const loadConfig = async (
  io: Io,
  path: string,
  version: VersionArg | undefined,
  server?: string,
): Promise<E.Either<BadInput, Config>> =>
  E.map((c: { readonly config: Config }) => c.config)(
    await loadConfigAndUnknowns(io, path, version, server),
  );

/** A configuration as loadConfigAndUnknowns reads it, with what its script leaves unsaid. */
export interface ConfigAndUnknowns {
  readonly config: Config;
  readonly unknown: readonly string[];
  /** A T-SQL script's warnings, each placed (`12:5: warning: …`), as validate prints them. */
  readonly warnings: readonly string[];
  /**
   * The statements of a T-SQL script SQL Server refuses, left out of `config`, each a violation
   * placed (`file:12:5: …`) as validate reports it.
   */
  readonly refused: readonly Reason[];
}

/**
 * The one group a T-SQL script creates, as it deploys it: the whole script's ALTER statements
 * applied, those SQL Server refuses left out and named (sqlcmd runs the next batches unless told
 * to stop, S337); `server` is where a script without `:Connect` runs (`--server`). Left where a
 * refused statement's batch goes on with a statement agstate reads, whether that one ran being
 * unsettled (S336).
 */
export const tsqlConfigAndUnknowns = async (
  path: string,
  text: string,
  version: VersionArg | undefined,
  server?: string,
): Promise<E.Either<BadInput, ConfigAndUnknowns>> => {
  if (version === undefined) return E.left(badInput(path, VERSION_NEEDED));
  const options = {
    ...tsqlRelease(version),
    fileName: path,
    ...(server === undefined ? {} : { server }),
  };
  // The T-SQL reader (chevrotain) loads only for T-SQL input.
  const { readDeployedWithRefusals } = await import('../../tsql/script.js');
  const deployed = readDeployedWithRefusals(text, options);
  if (E.isLeft(deployed)) return E.left(badInput(path, ...deployed.left.map(placedError)));
  return E.right({
    config: deployed.right.config,
    unknown: deployed.right.unknown.map((u) => u.reason.code),
    warnings: deployed.right.warnings,
    refused: deployed.right.refused.map((n) =>
      placedReason(path)({ line: n.line, column: n.column, reason: n.reason }),
    ),
  });
};

/**
 * The same, with the codes of what a T-SQL script leaves unknown about its group (for instance
 * `RSSTC_LEFT_OUT_UNKNOWN`), read from the one text: a JSON configuration leaves nothing unknown.
 */
export const loadConfigAndUnknowns = async (
  io: Io,
  path: string,
  version: VersionArg | undefined,
  server?: string,
): Promise<E.Either<BadInput, ConfigAndUnknowns>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  const otherKind = refuseOtherKind(path, text.right, 'configuration');
  if (E.isLeft(otherKind)) return otherKind;
  if (documentKind(path, text.right) === 'tsql')
    return tsqlConfigAndUnknowns(path, text.right, version, server);
  if (version !== undefined)
    return E.left(
      badInput(
        path,
        `a JSON configuration names its own version ("version"); --sql-version ${version} is for T-SQL and DMV snapshots`,
      ),
    );
  return E.map((c: Config) => ({
    config: c,
    unknown: [] as readonly string[],
    warnings: [] as readonly string[],
    refused: [] as readonly Reason[],
  }))(E.flatMap(parseJson(path, text.right), (doc) => configFromDocument(path, doc)));
};
