import { toJSON } from '../../../core/model/json.js';
import type { Io } from '../io.js';
import { tsqlRelease, type VersionArg } from '../options.js';

/**
 * Every `--json` output is one document with the same envelope, so a program reads any command
 * the same way. `schemaVersion` changes when a field changes meaning or goes away (adding a field
 * does not); schemas/ has a JSON Schema for each command's document.
 */
export const SCHEMA_VERSION = 1;

export type CommandName =
  | 'validate'
  | 'explain'
  | 'decide'
  | 'simulate'
  | 'check'
  | 'chart'
  | 'serve';

export interface JsonError {
  /** The file or option at fault ('' when none). */
  readonly source: string;
  /** Every problem, each naming its place (line:column, JSON pointer, or view, row and column). */
  readonly problems: readonly string[];
}

export interface Envelope<R> {
  readonly command: CommandName;
  /** agstate's own version. */
  readonly agstateVersion: string;
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** What the command was asked: its file and options. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The answer; null when the input could not be used. */
  readonly result: R | null;
  /** Why the input could not be used; null when it could. */
  readonly error: JsonError | null;
}

const document = <R>(io: Io, e: Omit<Envelope<R>, 'agstateVersion' | 'schemaVersion'>): string =>
  `${toJSON({ command: e.command, agstateVersion: io.version, schemaVersion: SCHEMA_VERSION, input: e.input, result: e.result, error: e.error }, 2)}\n`;

/** The document of a command that answered. */
export const jsonResult = <R>(
  io: Io,
  command: CommandName,
  input: Readonly<Record<string, unknown>>,
  result: R,
): string => document(io, { command, input, result, error: null });

/** The document of a command whose input could not be used. */
export const jsonError = (
  io: Io,
  command: CommandName,
  input: Readonly<Record<string, unknown>>,
  error: JsonError,
): string => document(io, { command, input, result: null, error });

/**
 * A command's input as the envelope shows it: the file, and the options given (not --json). The
 * SQL Server version stays the year (`version`), its cumulative update beside it when given.
 */
export const inputOf = (
  file: string | undefined,
  options: object,
): Readonly<Record<string, unknown>> => ({
  ...(file === undefined ? {} : { file }),
  ...Object.fromEntries(
    Object.entries(options).flatMap(([k, v]) => {
      if (k === 'json' || k === 'color' || v === undefined) return [];
      if (k !== 'version' || typeof v !== 'object' || v === null) return [[k, v]];
      const { version, cumulativeUpdate } = tsqlRelease(v as VersionArg);
      return cumulativeUpdate === undefined
        ? [[k, version]]
        : [
            [k, version],
            ['cumulativeUpdate', cumulativeUpdate],
          ];
    }),
  ),
});
