import { type IToken, tokenMatcher } from 'chevrotain';
import { locOf, nameValue, stringValue } from './lexer.js';
import { upper } from './statements.js';
import { StringLiteral } from './tokens.js';

/**
 * A statement run from a string: `EXEC sp_executesql @s`, `EXEC (@s)`, `EXECUTE (N'…')`.
 * "sp_executesql (Transact-SQL)": it "executes a Transact-SQL statement or batch that can be
 * reused many times, or one that is built dynamically". agstate does not build the string, so a
 * group statement inside one is not read; the strings of the batch that name a group say so.
 */

export interface GroupString {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const GROUP_TEXT = /\bAVAILABILITY\s+GROUP\b|\bSET\s+HADR\b/i;

/** String literals in `span` that hold an availability group statement, or part of one. */
export const groupStrings = (span: readonly IToken[]): readonly GroupString[] =>
  span.flatMap((t) => {
    if (!tokenMatcher(t, StringLiteral)) return [];
    const text = stringValue(t.image).replace(/\s+/g, ' ').trim();
    return GROUP_TEXT.test(text) ? [{ ...locOf(t), text }] : [];
  });

/** Does `span` run a string as a statement? */
export const isDynamicExec = (span: readonly IToken[]): boolean => {
  if (!['EXEC', 'EXECUTE'].includes(upper(span[0]))) return false;
  const next = span[1];
  if (next === undefined) return false;
  if (next.image === '(') return true;
  // `sp_executesql`, `sys.sp_executesql`, `[master]..[sp_executesql]`: the last part names it.
  const parts: string[] = [];
  for (const t of span.slice(1)) {
    if (t.image === '.') continue;
    if (/^@/.test(t.image) || t.image === '=' || t.image === ',') break;
    if (tokenMatcher(t, StringLiteral)) break;
    parts.push(nameValue(t.image));
    if (span[span.indexOf(t) + 1]?.image !== '.') break;
  }
  return parts.at(-1)?.toLowerCase() === 'sp_executesql';
};

/**
 * The group strings of a batch read so far: all of them, in order, and those of the statement
 * that last set each variable (lower case), which is what an `EXEC (@v)` of that variable runs.
 */
export interface BatchStrings {
  readonly all: readonly GroupString[];
  readonly byVariable: ReadonlyMap<string, readonly GroupString[]>;
}

export const NO_STRINGS: BatchStrings = { all: [], byVariable: new Map() };

const isVariable = (t: IToken | undefined): t is IToken => t?.image.startsWith('@') === true;

/**
 * The variable `SET @v = …`, `SELECT @v = …` or `DECLARE @v type = …` sets, and whether it keeps
 * what it held (`SET @v += …`, `SET @v = @v + …`).
 */
const assigned = (span: readonly IToken[]): { name: string; appends: boolean } | null => {
  const verb = upper(span[0]);
  const target = span[1];
  if (!['SET', 'SELECT', 'DECLARE'].includes(verb) || !isVariable(target)) return null;
  const name = target.image.toLowerCase();
  const at = verb === 'DECLARE' ? span.findIndex((t) => t.image === '=') : 2;
  const compound = span[at]?.image === '+' && span[at + 1]?.image === '=';
  if (!compound && span[at]?.image !== '=') return null;
  const value = span.slice(at + 1);
  return { name, appends: compound || value.some((t) => t.image.toLowerCase() === name) };
};

/** The batch's group strings once `span` has run. */
export const stringsAfter = (before: BatchStrings, span: readonly IToken[]): BatchStrings => {
  const found = groupStrings(span);
  const target = assigned(span);
  if (target === null)
    return found.length === 0 ? before : { ...before, all: [...before.all, ...found] };
  const byVariable = new Map(before.byVariable);
  const held = target.appends ? (before.byVariable.get(target.name) ?? []) : [];
  byVariable.set(target.name, [...held, ...found]);
  return { all: [...before.all, ...found], byVariable };
};

/** The variable a dynamic EXEC runs: `EXEC (@v)`, `EXEC sp_executesql @v` or `@stmt = @v`. */
const executedVariable = (span: readonly IToken[]): string | null => {
  if (span[1]?.image === '(')
    return isVariable(span[2]) && span[3]?.image === ')' ? span[2].image.toLowerCase() : null;
  const first = span.findIndex(isVariable);
  if (first < 0) return null;
  const named = span[first + 1]?.image === '=';
  const value = named ? span[first + 2] : span[first];
  return isVariable(value) ? value.image.toLowerCase() : null;
};

/**
 * The group string a dynamic EXEC runs, as far as the batch shows it: its own literal, else what
 * the batch last set its variable to, else the batch's first (the variable may be built from it).
 */
export const stringRun = (
  strings: BatchStrings,
  span: readonly IToken[],
): GroupString | undefined => {
  const variable = executedVariable(span);
  const set = variable === null ? undefined : strings.byVariable.get(variable)?.[0];
  return groupStrings(span)[0] ?? set ?? strings.all[0];
};

const shown = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** The warning at a dynamic EXEC whose batch names a group in a string. */
export const dynamicWarning = (exec: string, run: GroupString): string =>
  `${exec} runs a statement built at run time from a string, which agstate does not read ("sp_executesql (Transact-SQL)": it "executes a Transact-SQL statement or batch that can be reused many times, or one that is built dynamically"); the string at line ${run.line} of this batch holds '${shown(run.text)}': validate, explain and check judge the script without that statement`;
