import { type CustomPatternMatcherFunc, createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The T-SQL vocabulary agstate reads: enough of the language to find statement boundaries in
 * whole deployment scripts, and the keywords the availability-group grammar branches on. Other
 * words are identifiers; option names and values are checked by meaning after parsing, so that
 * errors name the option (./options.ts).
 */

/** Categories: `Word` is any bare word, `Name` anything usable as an object name. */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA, label: 'a word' });
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
/** Every token but parentheses, for skipping balanced groups we do not interpret. */
export const NonParen = createToken({ name: 'NonParen', pattern: Lexer.NA });

const isLineStart = (text: string, offset: number): boolean => {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t' && c !== '\u00a0' && c !== '\ufeff') return false;
  }
  return true;
};

const lineEnd = (text: string, offset: number): number => {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
};

const matched = (image: string): [string] => [image];

/** `GO [count]` alone on a line (a trailing `--` comment allowed), as sqlcmd and SSMS read it. */
const matchGo: CustomPatternMatcherFunc = (text, offset) => {
  if (!isLineStart(text, offset)) return null;
  if (text.slice(offset, offset + 2).toUpperCase() !== 'GO') return null;
  const end = lineEnd(text, offset);
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\u00a0';
  let i = offset + 2;
  // The count, when there is one, stands apart from the word: "GO5" is a name, not a separator.
  if (i < end && !isBlank(text[i]) && !text.startsWith('--', i)) return null;
  while (i < end && isBlank(text[i])) i++;
  while (i < end && text[i]! >= '0' && text[i]! <= '9') i++;
  while (i < end && isBlank(text[i])) i++;
  if (i < end && !text.startsWith('--', i)) return null;
  return matched(text.slice(offset, i));
};

/** A sqlcmd command line: `:Connect …`, `:setvar …`, `:on error …`, `!! …` at the start of a line. */
const matchDirective: CustomPatternMatcherFunc = (text, offset) => {
  if (!isLineStart(text, offset)) return null;
  const head = text.slice(offset, offset + 2);
  const second = head[1] ?? '';
  const isCommand = head[0] === ':' && second.toLowerCase() !== second.toUpperCase();
  if (!isCommand && head !== '!!') return null;
  return matched(text.slice(offset, lineEnd(text, offset)));
};

/** `/* … *\/` comments nest in T-SQL. An unclosed one runs to the end of the input. */
const matchBlockComment: CustomPatternMatcherFunc = (text, offset) => {
  if (!text.startsWith('/*', offset)) return null;
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return matched(text.slice(offset, i));
    } else i++;
  }
  return matched(text.slice(offset));
};

export const Go = createToken({
  name: 'Go',
  pattern: { exec: matchGo },
  line_breaks: false,
  start_chars_hint: ['G', 'g'],
  label: 'GO',
});
export const Directive = createToken({
  name: 'Directive',
  pattern: { exec: matchDirective },
  line_breaks: false,
  start_chars_hint: [':', '!'],
  label: 'a sqlcmd command',
});
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2000-\u200b\u2028\u2029\u3000]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /--[^\r\n]*/,
  group: 'comments',
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  line_breaks: true,
  start_chars_hint: ['/'],
  group: 'comments',
});

const plain = [NonParen];
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /[Nn]?'(?:[^']|'')*'/,
  line_breaks: true,
  categories: plain,
  label: "a string ('…')",
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /[Nn]?'(?:[^']|'')*/,
  line_breaks: true,
  categories: plain,
  label: 'an unclosed string',
});
export const BracketId = createToken({
  name: 'BracketId',
  pattern: /\[(?:[^\]]|\]\])*\]/,
  line_breaks: true,
  categories: [Name, NonParen],
  label: 'a [name]',
});
/**
 * A template parameter where a name belongs, as the documentation's scripts and SSMS templates
 * write them (`FOR DATABASE <DBName>`): read as a name, and reported as a placeholder.
 */
export const Placeholder = createToken({
  name: 'Placeholder',
  pattern: /<[A-Za-z_][A-Za-z0-9_.-]*>/,
  categories: [Name, NonParen],
  label: 'a <placeholder>',
});
export const UnterminatedBracket = createToken({
  name: 'UnterminatedBracket',
  pattern: /\[(?:[^\]]|\]\])*/,
  line_breaks: true,
  categories: plain,
  label: 'an unclosed [name',
});
export const QuotedId = createToken({
  name: 'QuotedId',
  pattern: /"(?:[^"]|"")*"/,
  line_breaks: true,
  categories: [Name, NonParen],
  label: 'a "name"',
});
export const UnterminatedQuotedId = createToken({
  name: 'UnterminatedQuotedId',
  pattern: /"(?:[^"]|"")*/,
  line_breaks: true,
  categories: plain,
  label: 'an unclosed "name',
});
export const Variable = createToken({
  name: 'Variable',
  pattern: /@@?[A-Za-z0-9_@#$\u00aa-\u1fff\u200c-\u2027\u202a-\u2fff\u3001-\ufefe\uff00-\uffff]*/,
  categories: plain,
  label: 'a @variable',
});
export const HexNumber = createToken({
  name: 'HexNumber',
  pattern: /0[xX][0-9A-Fa-f]*/,
  categories: plain,
  label: 'a number',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  categories: plain,
  label: 'a number',
});

// Letters beyond ASCII, leaving out the space characters WhiteSpace takes.
const letter =
  'A-Za-z_#\\u00aa-\\u1fff\\u200c-\\u2027\\u202a-\\u2fff\\u3001-\\ufefe\\uff00-\\uffff';
const sqlcmdVariable = '\\$\\([^)\\r\\n]*\\)';
export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`(?:${sqlcmdVariable}|[${letter}])(?:${sqlcmdVariable}|[${letter}0-9@$])*`),
  categories: [Word, Name, NonParen],
  label: 'a name',
});

/**
 * Reserved words cannot name objects unquoted; the soft ones can (T-SQL reserved keywords list).
 * Only the words the grammar branches on are tokens of their own.
 */
const RESERVED = [
  'ADD',
  'ALTER',
  'ANY',
  'BACKUP',
  'CREATE',
  'DATABASE',
  'DENY',
  'FILE',
  'FOR',
  'FROM',
  'GRANT',
  'GROUP',
  'JOIN',
  'OFF',
  'ON',
  'RESTORE',
  'SET',
  'TO',
  'WITH',
] as const;
const SOFT = [
  'AFTER',
  'AVAILABILITY',
  'DHCP',
  'FAILOVER',
  'FILEGROUP',
  'FORCE_FAILOVER_ALLOW_DATA_LOSS',
  'HADR',
  'IP',
  'LISTENER',
  'LOG',
  'MIRROR',
  'MODIFY',
  'OFFLINE',
  'PAGE',
  'PORT',
  'READ_WRITE_FILEGROUPS',
  'REMOVE',
  'REPLICA',
  'RESTART',
  'RESUME',
  'SUSPEND',
] as const;
export type KeywordName = (typeof RESERVED)[number] | (typeof SOFT)[number];

const keywordToken = (word: string, soft: boolean): TokenType =>
  createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: soft ? [Word, Name, NonParen] : [Word, NonParen],
    label: word,
  });

export const Keyword = Object.fromEntries([
  ...RESERVED.map((w) => [w, keywordToken(w, false)] as const),
  ...SOFT.map((w) => [w, keywordToken(w, true)] as const),
]) as Record<KeywordName, TokenType>;

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({
  name: 'Comma',
  pattern: /,/,
  categories: plain,
  label: "','",
});
export const Semicolon = createToken({
  name: 'Semicolon',
  pattern: /;/,
  categories: plain,
  label: "';'",
});
export const Equals = createToken({
  name: 'Equals',
  pattern: /=/,
  categories: plain,
  label: "'='",
});
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: plain, label: "'-'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: plain, label: "'+'" });
export const Operator = createToken({
  name: 'Operator',
  pattern: /<>|!=|!<|!>|<=|>=|::|[<>*/%&|^~!.:]/,
  categories: plain,
  label: 'an operator',
});
/** Anything else (a stray backtick, a brace): the parser reports it where it matters. */
export const Unknown = createToken({
  name: 'Unknown',
  pattern: { exec: (input, offset) => (offset < input.length ? matched(input[offset]!) : null) },
  line_breaks: true,
  categories: plain,
  label: 'an unexpected character',
});

const byLengthDescending = (a: TokenType, b: TokenType) => b.name.length - a.name.length;

/** Order matters: the first pattern that matches wins, so line-anchored forms come first. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Go,
  Directive,
  LineComment,
  BlockComment,
  StringLiteral,
  UnterminatedString,
  BracketId,
  UnterminatedBracket,
  QuotedId,
  UnterminatedQuotedId,
  Variable,
  HexNumber,
  NumberLiteral,
  Placeholder,
  ...Object.values(Keyword).sort(byLengthDescending),
  Identifier,
  LParen,
  RParen,
  Comma,
  Semicolon,
  Equals,
  Minus,
  Plus,
  Operator,
  Unknown,
  Word,
  Name,
  NonParen,
];

export const UNTERMINATED: ReadonlySet<TokenType> = new Set([
  UnterminatedString,
  UnterminatedBracket,
  UnterminatedQuotedId,
]);
