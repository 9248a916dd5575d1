import { EXIT, type ExitCode } from './exit.js';
import type { Io } from './io.js';
import { type CommandName, jsonError } from './render/json.js';

/**
 * Input that cannot be used: which file (or option) and every problem found in it, each already
 * naming its place (line:column, a JSON pointer, or view, row and column).
 */
export interface BadInput {
  readonly source: string;
  readonly problems: readonly string[];
}

export const badInput = (source: string, ...problems: readonly string[]): BadInput => ({
  source,
  problems: problems.length === 0 ? ['cannot be used'] : problems,
});

/** Text that must stay on one line: newlines and other control characters become spaces. */
export const oneLine = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  text.replace(/\s*[\u0000-\u001f\u007f\u2028\u2029]+\s*/g, ' ').trim();

/** `file:3:5: …` for a line and column, as compilers write it; `file: …` otherwise. */
const placed = (source: string, problem: string): string =>
  source === ''
    ? problem
    : /^\d+:\d+:/.test(problem)
      ? `${source}:${problem}`
      : `${source}: ${problem}`;

/**
 * The stderr lines of a failure, one per problem, each at its place:
 * `agstate decide: primary.csv: sys.dm_hadr_…, row 3, column …`.
 */
export const failureLines = (
  command: string,
  source: string,
  problems: readonly string[],
): string =>
  (problems.length === 0 ? ['cannot be used'] : problems)
    .map((problem) => `${oneLine(`agstate ${command}: ${placed(source, problem)}`)}\n`)
    .join('');

/** Report bad input: one stderr line per problem, and with --json every problem in the stdout document too. */
export const reportBadInput = (
  io: Io,
  command: CommandName,
  bad: BadInput,
  json: boolean,
  input: Readonly<Record<string, unknown>> = {},
): ExitCode => {
  if (json)
    io.stdout(jsonError(io, command, input, { source: bad.source, problems: bad.problems }));
  io.stderr(failureLines(command, bad.source, bad.problems));
  return EXIT.badInput;
};
