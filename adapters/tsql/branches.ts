import type { IToken } from 'chevrotain';
import { sourceOf } from './lexer.js';
import { upper } from './statements.js';

/**
 * IF … ELSE: SQL Server runs one of the two branches, never both ("ELSE (IF...ELSE)", S117: the
 * statement after the Boolean expression "is executed if the Boolean_expression evaluates to
 * TRUE. The optional ELSE keyword is an alternate Transact-SQL statement that is executed when
 * Boolean_expression evaluates to FALSE or NULL"). A condition that compares two literals
 * (`IF 1 = $(ISMULTISUBNET)` once sqlcmd has put the value in) is evaluated; any other is not,
 * and the IF branch is read as the reader reads every conditional statement, as if it runs once,
 * so its ELSE branch is not read (a warning names each modelled statement left so).
 */

/** Why a statement in a branch SQL Server does not run (or agstate does not read) is skipped. */
export interface Unread {
  readonly reason: string;
  /** The IF's condition was not evaluated: which branch runs is the script's to say. */
  readonly unevaluated: boolean;
}

interface Frame {
  readonly kind: 'if' | 'else' | 'while';
  /** Block depth (open BEGIN / CASE) where the header stands: its branch ends back there. */
  readonly depth: number;
  readonly unread: Unread | null;
  /** For an IF: its condition's value, and where it stands. */
  readonly condition?: boolean | null;
  readonly text?: string;
  readonly line?: number;
}

export interface Branches {
  readonly frames: readonly Frame[];
  /** An IF whose branch just ended: a following ELSE is its other branch. */
  readonly pendingIf: Frame | null;
}

export const NO_BRANCHES: Branches = { frames: [], pendingIf: null };

const literal = (image: string): number | string | null => {
  if (/^\d+(?:\.\d+)?$/.test(image)) return Number(image);
  const quoted = /^[Nn]?'((?:[^']|'')*)'$/s.exec(image);
  return quoted === null ? null : quoted[1]!.replaceAll("''", "'");
};

/**
 * The value of `literal = literal` (or `<>`, `!=`), or null for anything else. Strings that differ
 * only in case are equal under a case-insensitive collation and not under a case-sensitive one:
 * unknown.
 */
export const conditionValue = (condition: readonly IToken[]): boolean | null => {
  let tokens = condition;
  while (tokens.length > 2 && tokens[0]!.image === '(' && tokens.at(-1)!.image === ')')
    tokens = tokens.slice(1, -1);
  if (tokens.length !== 3) return null;
  const [a, op, b] = [literal(tokens[0]!.image), tokens[1]!.image, literal(tokens[2]!.image)];
  if (a === null || b === null || typeof a !== typeof b) return null;
  const equal =
    typeof a === 'number'
      ? a === b
      : a === b
        ? true
        : a.toLowerCase().trimEnd() === String(b).toLowerCase().trimEnd()
          ? null
          : String(a).trimEnd() === String(b).trimEnd();
  if (equal === null) return null;
  if (op === '=') return equal;
  if (op === '<>' || op === '!=') return !equal;
  return null;
};

const text = (tokens: readonly IToken[]): string => {
  const shown = sourceOf(tokens);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
};

const ifFrame = (header: readonly IToken[], depth: number, line: number): Frame => {
  // `IF 1 = 1 BEGIN` is read as one statement: the BEGIN opens the branch.
  const condition = upper(header.at(-1)) === 'BEGIN' ? header.slice(0, -1) : header;
  const value = conditionValue(condition);
  const shown = text(condition);
  return {
    kind: 'if',
    depth,
    condition: value,
    text: shown,
    line,
    unread:
      value === false
        ? {
            reason: `the condition of the IF at line ${line} (${shown}) is false: SQL Server does not run this branch`,
            unevaluated: false,
          }
        : null,
  };
};

const elseFrame = (of: Frame, depth: number): Frame => ({
  kind: 'else',
  depth,
  unread:
    of.condition === true
      ? {
          reason: `the condition of the IF at line ${of.line} (${of.text}) is true: SQL Server runs that branch, not this ELSE branch`,
          unevaluated: false,
        }
      : of.condition === null
        ? {
            reason: `SQL Server runs either the IF branch at line ${of.line} or this ELSE branch, never both; the condition (${of.text}) is not evaluated, and agstate reads the IF branch`,
            unevaluated: true,
          }
        : null,
});

/** Branches still open once a branch has ended at `depth`, up to an IF that may take an ELSE. */
const close = (frames: readonly Frame[], depth: number): Branches => {
  let open = frames;
  while (open.length > 0 && open.at(-1)!.depth === depth) {
    const top = open.at(-1)!;
    open = open.slice(0, -1);
    if (top.kind === 'if') return { frames: open, pendingIf: top };
  }
  return { frames: open, pendingIf: null };
};

/**
 * Enter the statement `span` at block depth `depth` (line `line`): the branches it opens, and why
 * it is not read when it stands in a branch that is not.
 */
export const enter = (
  state: Branches,
  span: readonly IToken[],
  depth: number,
  line: number,
): { readonly state: Branches; readonly unread: Unread | null } => {
  const first = upper(span[0]);
  const isElse = first === 'ELSE' && state.pendingIf !== null && state.pendingIf.depth === depth;
  // An IF with no ELSE after it is over, and so is every branch that ended with it.
  let frames =
    state.pendingIf !== null && !isElse
      ? state.frames.filter((f) => f.depth !== depth)
      : state.frames;
  if (isElse) frames = [...frames, elseFrame(state.pendingIf!, depth)];
  const rest = isElse ? span.slice(1) : span;
  const head = upper(rest[0]);
  if (head === 'IF') frames = [...frames, ifFrame(rest.slice(1), depth, line)];
  else if (head === 'WHILE') frames = [...frames, { kind: 'while', depth, unread: null }];
  const unread = frames.find((f) => f.unread !== null)?.unread ?? null;
  return { state: { frames, pendingIf: null }, unread };
};

/**
 * `END ELSE …` is read as one statement: the END closes the IF branch's block (back at `depth`
 * − 1), and the ELSE after it opens the other branch there.
 */
export const isEndElse = (span: readonly IToken[]): boolean =>
  upper(span[0]) === 'END' && upper(span[1]) === 'ELSE';

export const enterEndElse = (
  state: Branches,
  span: readonly IToken[],
  depth: number,
  line: number,
): { readonly state: Branches; readonly unread: Unread | null } =>
  enter(leave(state, depth - 1), span.slice(1), depth - 1, line);

/** Leave a statement that is not a control header: the branches that end with it at `depth`. */
export const leave = (state: Branches, depth: number): Branches =>
  state.frames.length > 0 && state.frames.at(-1)!.depth === depth
    ? close(state.frames, depth)
    : state;
