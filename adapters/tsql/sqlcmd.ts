import type { IToken } from 'chevrotain';
import * as E from 'fp-ts/lib/Either.js';
import { type Loc, locOf, tokenize } from './lexer.js';
import { Directive } from './tokens.js';

/**
 * sqlcmd commands (SSMS "SQLCMD mode"): they stand alone on a line and start with a colon.
 * agstate acts on `:Connect` (the replica the next statements run on), `:setvar` and `$(name)`
 * substitution, `:exit` and `:reset`; the rest change nothing it models.
 */
export type SqlcmdCommand =
  | { readonly kind: 'connect'; readonly server: string }
  | { readonly kind: 'setvar'; readonly name: string; readonly value: string | null }
  | { readonly kind: 'include'; readonly file: string }
  | { readonly kind: 'exit' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'other'; readonly name: string };

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\u00a0';
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));

/** Split a command line into arguments; `"…"` quotes an argument (`""` is a quote inside). */
const splitArguments = (text: string): string[] => {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isBlank(text[i])) i++;
    if (i >= text.length) break;
    let arg = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else arg += text[i++];
      }
    } else {
      while (i < text.length && !isBlank(text[i])) arg += text[i++];
    }
    args.push(arg);
  }
  return args;
};

/** Read one sqlcmd command line. Left: what is wrong with it. */
export const parseCommand = (line: string): E.Either<string, SqlcmdCommand> => {
  const text = line.trim();
  if (text.startsWith('!!')) return E.right({ kind: 'other', name: '!!' });
  let i = 1;
  while (isLetter(text[i])) i++;
  const name = text.slice(1, i).toLowerCase();
  const rest = text.slice(i);
  const args = splitArguments(rest);
  switch (name) {
    case 'connect': {
      const server = args[0];
      return server === undefined || server === ''
        ? E.left('a server name after :Connect')
        : E.right({ kind: 'connect', server });
    }
    case 'setvar': {
      const [variable, ...value] = args;
      if (variable === undefined) return E.left('a variable name after :setvar');
      return E.right({
        kind: 'setvar',
        name: variable,
        value: value.length === 0 ? null : value.join(' '),
      });
    }
    case 'r':
      return E.right({ kind: 'include', file: args[0] ?? '' });
    case 'exit':
    case 'quit':
      return E.right({ kind: 'exit' });
    case 'reset':
      return E.right({ kind: 'reset' });
    default:
      return E.right({ kind: 'other', name: `:${name}` });
  }
};

export interface SubstitutionProblem {
  readonly loc: Loc;
  readonly variable: string;
}

const VARIABLE_START = '$(';

/** Replace every `$(name)` in a text; names are case-insensitive, as in sqlcmd. */
const substituteText = (
  text: string,
  variables: ReadonlyMap<string, string>,
): E.Either<string, string> => {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf(VARIABLE_START, i);
    if (start < 0) break;
    const end = text.indexOf(')', start);
    if (end < 0) break;
    const name = text.slice(start + 2, end);
    const value = variables.get(name.toUpperCase());
    if (value === undefined) return E.left(name);
    out += text.slice(i, start) + value;
    i = end + 1;
  }
  return E.right(out + text.slice(i));
};

const placeAt = (token: IToken, at: IToken): IToken => ({
  ...token,
  startOffset: at.startOffset,
  startLine: at.startLine,
  startColumn: at.startColumn,
  endOffset: at.endOffset,
  endLine: at.endLine,
  endColumn: at.endColumn,
});

/**
 * Apply `:setvar` definitions in script order: each token that mentions `$(name)` is rewritten
 * with the value in force and lexed again (a value may hold several tokens). The new tokens keep
 * the position of the one they replace, so errors point into the script as written.
 */
export const substituteVariables = (
  tokens: readonly IToken[],
  initial: ReadonlyMap<string, string>,
): { readonly tokens: readonly IToken[]; readonly problems: readonly SubstitutionProblem[] } => {
  const variables = new Map(initial);
  const out: IToken[] = [];
  const problems: SubstitutionProblem[] = [];
  for (const token of tokens) {
    const hasVariable = token.image.includes(VARIABLE_START);
    const substituted = hasVariable ? substituteText(token.image, variables) : E.right(token.image);
    if (E.isLeft(substituted)) {
      problems.push({ loc: locOf(token), variable: substituted.left });
      out.push(token);
      continue;
    }
    if (token.tokenType === Directive) {
      const rewritten = { ...token, image: substituted.right };
      const command = parseCommand(rewritten.image);
      if (E.isRight(command) && command.right.kind === 'setvar') {
        const { name, value } = command.right;
        if (value === null) variables.delete(name.toUpperCase());
        else variables.set(name.toUpperCase(), value);
      }
      out.push(rewritten);
    } else if (hasVariable) {
      for (const part of tokenize(substituted.right).tokens) out.push(placeAt(part, token));
    } else out.push(token);
  }
  return { tokens: out, problems };
};
