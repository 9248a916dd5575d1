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

/** The one stderr line of a failure: `agstate decide: primary.csv: … (and 2 more problems)`. */
export const failureLine = (
  command: string,
  source: string,
  problems: readonly string[],
): string => {
  const first = problems[0] ?? 'cannot be used';
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'}; --json lists them all)`
      : '';
  return `${oneLine(`agstate ${command}: ${placed(source, first)}`)}${more}\n`;
};

/** Report bad input: one line on stderr, and with --json every problem in the stdout document. */
export const reportBadInput = (
  io: Io,
  command: CommandName,
  bad: BadInput,
  json: boolean,
  input: Readonly<Record<string, unknown>> = {},
): ExitCode => {
  if (json)
    io.stdout(jsonError(io, command, input, { source: bad.source, problems: bad.problems }));
  io.stderr(failureLine(command, bad.source, bad.problems));
  return EXIT.badInput;
};
