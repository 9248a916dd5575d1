import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../../core/model/config.js';
import { decodeConfig } from '../../../core/model/decode.js';
import type { SqlServerVersion } from '../../../core/model/enums.js';
import { type DecodeProblem, formatProblem } from '../../../core/model/report.js';
import type { TsqlError } from '../../tsql/index.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
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

/** The one CREATE AVAILABILITY GROUP of a T-SQL script, for a given SQL Server version. */
export const configFromTsql = async (
  source: string,
  text: string,
  version: SqlServerVersion | undefined,
): Promise<E.Either<BadInput, Config>> => {
  if (version === undefined) return E.left(badInput(source, VERSION_NEEDED));
  // The T-SQL reader (chevrotain) loads only for T-SQL input.
  const { readCreate } = await import('../../tsql/script.js');
  return E.mapLeft((errors: readonly TsqlError[]) =>
    badInput(
      source,
      ...errors.map((e) => `${e.line}:${e.column}: expected ${e.expected}, found ${e.found}`),
    ),
  )(readCreate(text, { version, fileName: source }));
};

/** Read a configuration file: JSON, or T-SQL with the version given by --sql-version. */
export const loadConfig = async (
  io: Io,
  path: string,
  version: SqlServerVersion | undefined,
): Promise<E.Either<BadInput, Config>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  if (documentKind(path, text.right) === 'tsql') return configFromTsql(path, text.right, version);
  if (version !== undefined)
    return E.left(
      badInput(
        path,
        `a JSON configuration names its own version ("version"); --sql-version ${version} is for T-SQL and DMV snapshots`,
      ),
    );
  return E.flatMap(parseJson(path, text.right), (doc) => configFromDocument(path, doc));
};
