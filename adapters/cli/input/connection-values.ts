import * as E from 'fp-ts/lib/Either.js';
import type { ConnectionAsk } from '../../../core/routing/connection.js';

/** The values `--connection` reads, shared by the SqlClient/ODBC and the JDBC forms. */

/** One keyword's value; two synonyms with different values are refused, not picked between. */
export const keywordValue = (
  entries: ReadonlyMap<string, string>,
  names: readonly string[],
): E.Either<string, string | undefined> => {
  const given = names.filter((n) => entries.has(n));
  const values = new Set(given.map((n) => entries.get(n)!));
  if (values.size > 1)
    return E.left(`${given.join(' and ')} name the same setting with different values`);
  return E.right(given.length === 0 ? undefined : entries.get(given[0]!));
};

export const intentOf = (text: string | undefined): E.Either<string, ConnectionAsk['intent']> => {
  if (text === undefined) return E.right('READ_WRITE');
  const v = text.trim().toLowerCase();
  if (v === 'readonly') return E.right('READ_ONLY');
  if (v === 'readwrite') return E.right('READ_WRITE');
  return E.left(`ApplicationIntent = ${JSON.stringify(text)}: expected ReadOnly or ReadWrite`);
};

export const flagOf = (text: string | undefined): E.Either<string, boolean | undefined> => {
  if (text === undefined) return E.right(undefined);
  const v = text.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return E.right(true);
  if (v === 'false' || v === 'no') return E.right(false);
  return E.left(`MultiSubnetFailover = ${JSON.stringify(text)}: expected True or False`);
};
