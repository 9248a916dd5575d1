import { type IToken, tokenMatcher } from 'chevrotain';
import type { StatementRule } from './parser.js';
import { Name, Semicolon, Variable, Word } from './tokens.js';

/**
 * Statement boundaries in T-SQL without semicolons: a statement ends at `;`, at a batch end, or
 * where another statement begins. For the statements agstate parses the grammar says where they
 * end; for the rest a statement keyword at the start of a line (outside parentheses) begins the
 * next one, and the statements agstate must understand begin a new one wherever they appear.
 */

/** Words that begin a T-SQL statement. */
const STATEMENT_WORDS = new Set([
  'ALTER',
  'BACKUP',
  'BEGIN',
  'BREAK',
  'CHECKPOINT',
  'CLOSE',
  'COMMIT',
  'CONTINUE',
  'CREATE',
  'DBCC',
  'DEALLOCATE',
  'DECLARE',
  'DELETE',
  'DENY',
  'DROP',
  'ELSE',
  'END',
  'EXEC',
  'EXECUTE',
  'FETCH',
  'GOTO',
  'GRANT',
  'IF',
  'INSERT',
  'KILL',
  'MERGE',
  'OPEN',
  'PRINT',
  'RAISERROR',
  'RECONFIGURE',
  'RESTORE',
  'RETURN',
  'REVERT',
  'REVOKE',
  'ROLLBACK',
  'SAVE',
  'SELECT',
  'SET',
  'SHUTDOWN',
  'THROW',
  'TRUNCATE',
  'UPDATE',
  'USE',
  'WAITFOR',
  'WHILE',
  'WITH',
]);

export const upper = (token: IToken | undefined): string =>
  token !== undefined && tokenMatcher(token, Word) ? token.image.toUpperCase() : '';

const isNameLike = (token: IToken | undefined): boolean =>
  token !== undefined && (tokenMatcher(token, Name) || tokenMatcher(token, Variable));

const isLineStart = (tokens: readonly IToken[], k: number): boolean => {
  const previous = tokens[k - 1];
  return previous === undefined || (previous.endLine ?? 0) < (tokens[k]?.startLine ?? 0);
};

/** Does a statement agstate must understand begin at `k`? */
export const understoodRule = (tokens: readonly IToken[], k: number): StatementRule | null => {
  const [a, b, c] = [upper(tokens[k]), upper(tokens[k + 1]), upper(tokens[k + 2])];
  if (a === 'CREATE' && b === 'AVAILABILITY' && c === 'GROUP') return 'createGroup';
  if (a === 'ALTER' && b === 'AVAILABILITY' && c === 'GROUP') return 'alterGroup';
  if (
    a === 'ALTER' &&
    b === 'DATABASE' &&
    isNameLike(tokens[k + 2]) &&
    upper(tokens[k + 3]) === 'SET' &&
    upper(tokens[k + 4]) === 'HADR'
  ) {
    return 'alterDatabaseHadr';
  }
  const media = (b === 'DATABASE' || b === 'LOG') && isNameLike(tokens[k + 2]);
  if (a === 'BACKUP' && media) return 'backup';
  if (a === 'RESTORE' && media) return 'restore';
  return null;
};

/** May a statement follow the one that ended just before `k`, with no semicolon between? */
export const startsStatement = (tokens: readonly IToken[], k: number): boolean =>
  STATEMENT_WORDS.has(upper(tokens[k])) || understoodRule(tokens, k) !== null;

/**
 * Where the statement that begins at `start` ends, scanning from `from` (exclusive bound `end`):
 * the index of its `;`, of the next statement, or `end`.
 */
export const statementEnd = (
  tokens: readonly IToken[],
  start: number,
  from: number,
  end: number,
): number => {
  let depth = 0;
  for (let k = Math.max(from, start + 1); k < end; k++) {
    const token = tokens[k]!;
    if (tokenMatcher(token, Semicolon)) return k;
    if (understoodRule(tokens, k) !== null) return k;
    const word = upper(token);
    // `ALTER DATABASE name` on one line and `SET …` on the next is one statement, as the TDE
    // page writes `ALTER DATABASE AdventureWorks2022` / `SET ENCRYPTION ON;`.
    const alterDatabaseSet =
      word === 'SET' &&
      k === start + 3 &&
      upper(tokens[start]) === 'ALTER' &&
      upper(tokens[start + 1]) === 'DATABASE';
    if (
      depth <= 0 &&
      word !== 'WITH' &&
      !alterDatabaseSet &&
      STATEMENT_WORDS.has(word) &&
      isLineStart(tokens, k)
    ) {
      return k;
    }
    if (token.image === '(') depth++;
    else if (token.image === ')') depth--;
  }
  return end;
};

/**
 * How far a statement agstate parses can reach: no such statement holds a `;` or another of
 * them, so the parser is given the tokens up to and including the first of those (or the batch
 * end). The token that stops it is included so that a statement cut short names it.
 */
export const parseLimit = (tokens: readonly IToken[], start: number, end: number): number => {
  for (let k = start + 1; k < end; k++) {
    if (tokenMatcher(tokens[k]!, Semicolon) || understoodRule(tokens, k) !== null) return k + 1;
  }
  return end;
};

const NOT_BLOCKS = new Set(['TRAN', 'TRANSACTION', 'DISTRIBUTED', 'DIALOG', 'CONVERSATION']);

/** The blocks open in a batch (BEGIN, or CASE, each closed by END), and an END that closes none. */
export interface Blocks {
  readonly open: readonly IToken[];
  readonly strayEnd: IToken | null;
}

export const NO_BLOCKS: Blocks = { open: [], strayEnd: null };

/** The blocks after a run of tokens: each BEGIN or CASE opens one, each END closes the last. */
export const blocksAfter = (blocks: Blocks, tokens: readonly IToken[]): Blocks => {
  const open = [...blocks.open];
  let strayEnd = blocks.strayEnd;
  for (const [k, token] of tokens.entries()) {
    const word = upper(token);
    const next = upper(tokens[k + 1]);
    if (word === 'CASE' || (word === 'BEGIN' && !NOT_BLOCKS.has(next))) open.push(token);
    else if (word === 'END' && next !== 'CONVERSATION') {
      if (open.length > 0) open.pop();
      else strayEnd ??= token;
    }
  }
  return { open, strayEnd };
};

/** Does this statement make the next one conditional (IF, ELSE, WHILE)? */
export const isControlHeader = (tokens: readonly IToken[]): boolean =>
  ['IF', 'ELSE', 'WHILE'].includes(upper(tokens[0]));

const REASONS: readonly (readonly [readonly string[], string])[] = [
  [['USE'], 'USE changes the current database; availability groups do not depend on it'],
  [['CREATE', 'ENDPOINT'], 'endpoints are not modelled: agstate takes ENDPOINT_URL as given'],
  [['ALTER', 'ENDPOINT'], 'endpoints are not modelled: agstate takes ENDPOINT_URL as given'],
  [['DROP', 'ENDPOINT'], 'endpoints are not modelled: agstate takes ENDPOINT_URL as given'],
  [
    ['DROP', 'AVAILABILITY'],
    'the event vocabulary has no event for dropping an availability group',
  ],
  [['ALTER', 'SERVER'], 'server configuration (the HADR cluster context) is not modelled'],
  [['CREATE', 'LOGIN'], 'logins, users, certificates and keys are not modelled'],
  [['ALTER', 'LOGIN'], 'logins, users, certificates and keys are not modelled'],
  [['CREATE', 'USER'], 'logins, users, certificates and keys are not modelled'],
  [['CREATE', 'CERTIFICATE'], 'logins, users, certificates and keys are not modelled'],
  [['CREATE', 'MASTER'], 'logins, users, certificates and keys are not modelled'],
  [['BACKUP'], 'only database and log backups are modelled'],
  [['RESTORE'], 'only database and log restores are modelled'],
  [['CREATE', 'DATABASE'], 'database properties are not modelled'],
  [['ALTER', 'DATABASE'], 'database properties other than SET HADR are not modelled'],
  [['DROP', 'DATABASE'], 'database properties are not modelled'],
  [['CREATE', 'EVENT'], 'extended events are not modelled'],
  [['ALTER', 'EVENT'], 'extended events are not modelled'],
  [['GRANT'], 'permissions are not modelled'],
  [['DENY'], 'permissions are not modelled'],
  [['REVOKE'], 'permissions are not modelled'],
  [
    ['DBCC', 'TRACEON'],
    'a trace flag for this session only (no -1): availability groups follow global trace flags',
  ],
  [
    ['DBCC', 'TRACEOFF'],
    'a trace flag for this session only (no -1): availability groups follow global trace flags',
  ],
  [['DBCC'], 'DBCC commands are not modelled'],
  [['EXEC'], 'procedure calls are not interpreted'],
  [['EXECUTE'], 'procedure calls are not interpreted'],
  [['SELECT'], 'queries change nothing agstate models'],
  [['PRINT'], 'messages change nothing agstate models'],
  [['RAISERROR'], 'messages change nothing agstate models'],
  [['DECLARE'], 'variables are not evaluated'],
  [['SET'], 'session settings and variables are not evaluated'],
  [['WAITFOR'], 'waiting changes nothing: time in the model advances by its own events'],
  [['CHECKPOINT'], 'checkpoints are not modelled'],
  [['RECONFIGURE'], 'server configuration is not modelled'],
];

const CONTROL = new Set([
  'IF',
  'ELSE',
  'WHILE',
  'BEGIN',
  'END',
  'BREAK',
  'CONTINUE',
  'RETURN',
  'GOTO',
]);

/** Why agstate passes over a statement it does not model. */
export const skipReason = (tokens: readonly IToken[]): string => {
  const words = tokens.slice(0, 3).map(upper);
  if (CONTROL.has(words[0] ?? '')) {
    return 'control flow is not evaluated; the statements inside it are read as if they run once';
  }
  for (const [prefix, reason] of REASONS) {
    if (prefix.every((w, i) => words[i] === w)) return reason;
  }
  return 'not a statement agstate models';
};
