import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import type { ParseError } from 'jsonc-parser';
import { jsonTooDeep } from '../../json-nesting.js';
import { type BadInput, badInput } from '../bad-input.js';

// Loaded with require: importing a CommonJS package from an ES module costs Node 20 a scan of
// its source for export names on every start (bench/README.md, CLI).
const { parse, printParseErrorCode } = createRequire(import.meta.url)(
  'jsonc-parser',
) as typeof import('jsonc-parser');

/** What the JSON parser wanted at the place it stopped, in words. */
const EXPECTED: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a JSON value, not this character',
  InvalidNumberFormat: 'a number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value',
  ColonExpected: "':'",
  CommaExpected: "',' or the end of the object or array",
  CloseBraceExpected: "'}'",
  CloseBracketExpected: "']'",
  EndOfFileExpected: 'the end of the document',
  InvalidCommentToken: 'no comment (JSON has none)',
  UnexpectedEndOfComment: 'the end of the comment',
  UnexpectedEndOfString: 'a closing double quote',
  UnexpectedEndOfNumber: 'a digit',
  InvalidUnicode: 'a \\u escape of four hexadecimal digits',
  InvalidEscapeCharacter: 'a JSON escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)',
  InvalidCharacter: 'no control character inside a string',
};

/** `line:column` of an offset, both counted from 1. */
export const lineColumn = (text: string, offset: number): string => {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `${line}:${offset - start + 1}`;
};

const syntaxProblem = (text: string): string | undefined => {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch {
    return undefined;
  }
  const first = errors[0];
  if (first === undefined) return undefined;
  const code = printParseErrorCode(first.error);
  return `${lineColumn(text, first.offset)}: invalid JSON: expected ${EXPECTED[code] ?? code}`;
};

/** Parse a JSON document, or say where it stops being JSON (`file:line:column: …`). */
export const parseJson = (source: string, text: string): E.Either<BadInput, unknown> => {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body.trim() === '')
    return E.left(badInput(source, 'the file is empty; expected a JSON document'));
  const deep = jsonTooDeep(body);
  if (deep !== undefined)
    return E.left(badInput(source, `${deep.line}:${deep.column}: ${deep.message}`));
  try {
    return E.right(JSON.parse(body));
  } catch (e) {
    const fallback = `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return E.left(badInput(source, syntaxProblem(body) ?? fallback));
  }
};
