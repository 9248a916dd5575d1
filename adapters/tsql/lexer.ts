import { type IToken, Lexer } from 'chevrotain';
import { ALL_TOKENS } from './tokens.js';

const lexer = new Lexer(ALL_TOKENS, {
  positionTracking: 'full',
  // The custom line-anchored patterns (GO, sqlcmd commands) cannot be first-character indexed.
  ensureOptimizations: false,
});

export interface Lexed {
  /** Every significant token, comments and white space left out. */
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
}

/** Tokenize T-SQL. Never fails: a character no token takes becomes an `Unknown` token. */
export const tokenize = (text: string): Lexed => {
  const result = lexer.tokenize(text);
  return { tokens: result.tokens, comments: result.groups.comments ?? [] };
};

/** The value of a string literal: `N'it''s'` → `it's`. */
export const stringValue = (image: string): string => {
  const body = image[0] === 'N' || image[0] === 'n' ? image.slice(1) : image;
  return body.slice(1, -1).replaceAll("''", "'");
};

/** The name an identifier token stands for: `[a]]b]` → `a]b`, `"x"` → `x`, `abc` → `abc`. */
export const nameValue = (image: string): string => {
  if (image.startsWith('[')) return image.slice(1, -1).replaceAll(']]', ']');
  if (image.startsWith('"')) return image.slice(1, -1).replaceAll('""', '"');
  return image;
};

/** Where a token starts, 1-based. */
export interface Loc {
  readonly line: number;
  readonly column: number;
}

export const locOf = (token: IToken): Loc => ({
  line: token.startLine ?? 1,
  column: token.startColumn ?? 1,
});

/** The source text a run of tokens covers, with white space between them squeezed to one space. */
export const sourceOf = (tokens: readonly IToken[]): string => {
  let out = '';
  let previousEnd = -1;
  for (const token of tokens) {
    if (out !== '' && token.startOffset > previousEnd + 1) out += ' ';
    out += token.image;
    previousEnd = token.endOffset ?? token.startOffset + token.image.length - 1;
  }
  return out;
};
