import type { Loc } from './lexer.js';

/** A problem found while reading, before it is placed in a named file. */
export interface Problem {
  readonly loc: Loc;
  /** What would have been accepted there, in T-SQL words. */
  readonly expected: string;
  /** What the script has there: a quoted token, or a description such as "no AVAILABILITY_MODE". */
  readonly found: string;
}

/** A reading error, for programs and (through `message`) for humans, one line each. */
export interface TsqlError {
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
  /** `script.sql:12:5: expected …, found …` */
  readonly message: string;
}

export const problem = (loc: Loc, expected: string, found: string): Problem => ({
  loc,
  expected,
  found,
});

export const toTsqlError =
  (fileName: string) =>
  (p: Problem): TsqlError => ({
    line: p.loc.line,
    column: p.loc.column,
    expected: p.expected,
    found: p.found,
    message: `${fileName}:${p.loc.line}:${p.loc.column}: expected ${p.expected}, found ${p.found}`,
  });

export const byPosition = (a: Problem, b: Problem): number =>
  a.loc.line - b.loc.line || a.loc.column - b.loc.column;

const isStringLiteral = (text: string): boolean =>
  text.length >= 2 && text.endsWith("'") && /^[Nn]?'/.test(text);

/** Quote script text in a message, shortened when long; a string literal shows as written. */
export const quote = (source: string): string => {
  const oneLine = source.replace(/\s+/g, ' ');
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
  return isStringLiteral(oneLine) && short === oneLine ? oneLine : `'${short}'`;
};
