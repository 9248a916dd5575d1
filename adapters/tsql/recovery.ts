import { type IToken, tokenMatcher } from 'chevrotain';
import { describeToken } from './clauses.js';
import type { Problem } from './errors.js';
import { locOf } from './lexer.js';
import { type ParseOutcome, parseStatement, type RuleNode, type StatementRule } from './parser.js';
import { startsStatement } from './statements.js';
import { Comma, LParen, RParen, Semicolon } from './tokens.js';

/**
 * Recovery inside a statement: after a syntax error in an option list (`WITH ( … )`, a
 * SECONDARY_ROLE ( … ), a routing list), the broken option is cut out and the statement parsed
 * again, so that every later error in it is reported too; after one between clauses, the parse
 * resumes at the next clause. Chevrotain's own in-repetition
 * recovery resumes at the next ',' whatever its nesting depth, so an error before a nested list
 * turned the rest of the statement into a cascade of false errors; cutting by depth does not.
 */

const is = (token: IToken | undefined, type: typeof Comma): boolean =>
  token !== undefined && tokenMatcher(token, type);

/** The index of each '(' still open just before `k`, innermost last. */
const openBefore = (tokens: readonly IToken[], k: number): number[] => {
  const open: number[] = [];
  for (let j = 0; j < k; j++) {
    if (is(tokens[j], LParen)) open.push(j);
    else if (is(tokens[j], RParen)) open.pop();
  }
  return open;
};

/** Where the list item holding `k` ends: its ',' or the list's ')' (-1: the list never closes). */
const itemEnd = (tokens: readonly IToken[], k: number): number => {
  let depth = 0;
  for (let j = k; j < tokens.length; j++) {
    if (is(tokens[j], LParen)) depth++;
    else if (is(tokens[j], RParen)) {
      if (depth === 0) return j;
      depth--;
    } else if (is(tokens[j], Comma) && depth === 0) return j;
  }
  return -1;
};

/** Where the list item holding `k` starts, in the list opened at `open`. */
const itemStart = (tokens: readonly IToken[], open: number, k: number): number => {
  let start = open + 1;
  let depth = 0;
  for (let j = open + 1; j < k; j++) {
    if (is(tokens[j], LParen)) depth++;
    else if (is(tokens[j], RParen)) depth--;
    else if (is(tokens[j], Comma) && depth === 0) start = j + 1;
  }
  return start;
};

/**
 * The tokens without the list item that holds `tokens[k]` and one comma beside it; an item
 * alone in its list takes its list's owner with it. Null when `tokens[k]` is in no list, or the
 * cut would reach the statement's own clauses.
 */
export const withoutBrokenItem = (tokens: readonly IToken[], k: number): IToken[] | null => {
  const open = openBefore(tokens, k).pop();
  if (open === undefined) return null;
  const from = itemStart(tokens, open, k);
  const to = itemEnd(tokens, k);
  if (to < 0) return null;
  const cut = (a: number, b: number) => [...tokens.slice(0, a), ...tokens.slice(b)];
  if (is(tokens[to], Comma)) return cut(from, to + 1);
  if (from > open + 1) return cut(from - 1, to);
  // Alone in its list: the list only makes sense with its owner (`SECONDARY_ROLE ( … )`).
  return openBefore(tokens, open).length === 0 ? null : withoutBrokenItem(tokens, open);
};

/** Words that open a clause a statement can resume at (`FOR DATABASE`, `REPLICA ON`, `TO`). */
const CLAUSES = new Set(['FOR', 'REPLICA', 'AVAILABILITY', 'LISTENER', 'TO', 'FROM', 'MIRROR']);

const opensClause = (tokens: readonly IToken[], j: number): boolean => {
  const word = tokens[j]?.image.toUpperCase() ?? '';
  if (word !== 'AVAILABILITY') return CLAUSES.has(word);
  return (
    tokens[j + 1]?.image.toUpperCase() === 'GROUP' && tokens[j + 2]?.image.toUpperCase() === 'ON'
  );
};

/**
 * The tokens without what lies between `tokens[k]` and the next clause, when `tokens[k]` is in a
 * clause and outside every list (`FOR DATABASE db1 db2 REPLICA ON …` loses `db2`). Null in the
 * statement's head, or with no later clause to resume at.
 */
export const withoutBrokenClausePart = (tokens: readonly IToken[], k: number): IToken[] | null => {
  if (openBefore(tokens, k).length > 0) return null;
  const inClause = tokens.slice(3, k).some((_, j) => opensClause(tokens, j + 3));
  if (!inClause) return null;
  let depth = 0;
  for (let j = k + 1; j < tokens.length; j++) {
    if (is(tokens[j], LParen)) depth++;
    else if (is(tokens[j], RParen)) depth--;
    else if (depth === 0 && opensClause(tokens, j))
      return [...tokens.slice(0, k), ...tokens.slice(j)];
  }
  return null;
};

/**
 * BACKUP and RESTORE list their options after WITH without parentheses: the tokens without the
 * option that holds `tokens[k]` and one comma beside it. Null in any other statement or place.
 */
export const withoutBrokenMediaOption = (tokens: readonly IToken[], k: number): IToken[] | null => {
  const verb = tokens[0]?.image.toUpperCase();
  if ((verb !== 'BACKUP' && verb !== 'RESTORE') || openBefore(tokens, k).length > 0) return null;
  const withAt = tokens.findIndex((t, j) => j < k && t.image.toUpperCase() === 'WITH');
  if (withAt < 0) return null;
  const from = itemStart(tokens, withAt, k);
  let to = k;
  let depth = 0;
  for (; to < tokens.length; to++) {
    const t = tokens[to];
    if (is(t, LParen)) depth++;
    else if (is(t, RParen)) depth--;
    else if (depth === 0 && (is(t, Comma) || is(t, Semicolon))) break;
  }
  const cut = (a: number, b: number) => [...tokens.slice(0, a), ...tokens.slice(b)];
  if (is(tokens[to], Comma)) return cut(from, to + 1);
  return from > withAt + 1 ? cut(from - 1, to) : null;
};

export interface RecoveredParse<A> extends ParseOutcome<A> {
  /** Parts of the statement were cut out to read the rest: its node is not the statement. */
  readonly repaired: boolean;
}

const MAX_CUTS = 100;

const key = (p: Problem) => `${p.loc.line}:${p.loc.column}:${p.expected}`;

/** Parse a statement, cutting out each broken list item and parsing again; every error once. */
export const parseRecovering = <R extends StatementRule>(
  rule: R,
  tokens: readonly IToken[],
): RecoveredParse<RuleNode[R]> => {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const collect = (found: readonly Problem[]) => {
    for (const p of found)
      if (!seen.has(key(p))) {
        seen.add(key(p));
        problems.push(p);
      }
  };
  let input = [...tokens];
  let parsed = parseStatement(rule, input);
  let cuts = 0;
  collect(parsed.problems);
  for (; cuts < MAX_CUTS; cuts++) {
    const broken = brokenAt(input, parsed);
    if (broken < 0) break;
    const stray = leftOver(input[broken]);
    const placed = problems.some(
      (p) => p.loc.line === stray.loc.line && p.loc.column === stray.loc.column,
    );
    if (parsed.node !== undefined && !placed) collect([stray]);
    const repaired =
      withoutBrokenItem(input, broken) ??
      withoutBrokenMediaOption(input, broken) ??
      withoutBrokenClausePart(input, broken);
    if (repaired === null) break;
    input = repaired;
    parsed = parseStatement(rule, input);
    collect(parsed.problems);
  }
  return { node: parsed.node, last: parsed.last, problems, repaired: cuts > 0 };
};

/**
 * Where the parse broke: its error token, or the first token it left over that neither ends the
 * statement nor starts the next one (-1: nowhere).
 */
const brokenAt = (input: readonly IToken[], parsed: ParseOutcome<unknown>): number => {
  const at = parsed.last === undefined ? -1 : input.indexOf(parsed.last);
  if (parsed.node === undefined) return at;
  const next = at + 1;
  const follower = input[next];
  if (at < 0 || follower === undefined) return -1;
  return is(follower, Semicolon) || startsStatement(input, next) ? -1 : next;
};

const leftOver = (token: IToken | undefined): Problem => ({
  loc: token === undefined ? { line: 1, column: 1 } : locOf(token),
  expected: "';' or the next statement",
  found: token === undefined ? 'the end of the batch' : describeToken(token),
});
