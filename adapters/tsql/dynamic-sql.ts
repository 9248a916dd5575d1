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

const shown = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** The warning at a dynamic EXEC whose batch names a group in a string. */
export const dynamicWarning = (exec: string, first: GroupString): string =>
  `${exec} runs a statement built at run time from a string, which agstate does not read ("sp_executesql (Transact-SQL)": it "executes a Transact-SQL statement or batch that can be reused many times, or one that is built dynamically"); the string at line ${first.line} of this batch holds '${shown(first.text)}': validate, explain and check judge the script without that statement`;
