import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { type DecodeProblem, reportErrors } from './report.js';

/**
 * JSON at every edge. LSNs are exact bigints in the core and decimal strings in JSON (numeric(25,0)
 * exceeds 2^53, so a JSON number would already be rounded); this is the one place that says so.
 */

const bigintAsDecimal = (_key: string, v: unknown): unknown =>
  typeof v === 'bigint' ? v.toString(10) : v;

/** Any agstate value as JSON text, every bigint as a decimal string; `indent` spaces per level. */
export const toJSON = (value: unknown, indent = 0): string =>
  JSON.stringify(value, bigintAsDecimal, indent);

/**
 * JSON text back into a value through a codec (LSN fields decode their decimal strings into
 * bigints). Never throws: bad JSON or a value the codec refuses gives placed problems.
 */
export const fromJSONEither = <A, O>(
  codec: t.Type<A, O, unknown>,
  text: string,
): E.Either<readonly DecodeProblem[], A> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const message = `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
    return E.left([
      { pointer: '', expected: 'JSON text', actual: 'text that is not JSON', message },
    ]);
  }
  return E.mapLeft(reportErrors)(codec.decode(parsed));
};
