import { parse } from '@tediousjs/connection-string';
import * as E from 'fp-ts/lib/Either.js';
import type { ConnectionAsk, ConnectionServer } from '../../../core/routing/connection.js';
import { type BadInput, badInput } from '../bad-input.js';

/** The values `--connection` reads, shared by the SqlClient/ODBC and the JDBC forms. */

/** Where bad input is reported: the option that gave the string. */
export const OPTION = '--connection';

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

/** The keyword=value pairs of a string (or of a JDBC URL's properties), as the drivers read them. */
export const entriesOf = (
  text: string,
  expected: string,
): E.Either<BadInput, ReadonlyMap<string, string>> => {
  try {
    return E.right(parse(text));
  } catch (error) {
    return E.left(badInput(OPTION, `${(error as Error).message}: expected ${expected}`));
  }
};

/**
 * Reads values one after the other, keeping every problem met: `take` gives a value, or undefined
 * where reading it was a problem, so that all of them are reported at once.
 */
export const collector = () => {
  const problems: string[] = [];
  const take = <T>(x: E.Either<string, T>): T | undefined => {
    if (E.isLeft(x)) {
      problems.push(x.left);
      return undefined;
    }
    return x.right;
  };
  return { problems, take };
};

export interface ReadConnection {
  readonly ask: ConnectionAsk;
  /** Keywords given that do not decide where the connection goes, as written (lower case). */
  readonly ignored: readonly string[];
}

/** The question the routing rules answer from the values read, and the keywords left unread. */
export const readConnectionOf = (
  values: {
    readonly server: ConnectionServer;
    readonly intent: ConnectionAsk['intent'];
    readonly database: string | undefined;
    readonly multiSubnetFailover: boolean | undefined;
    readonly failoverPartner: ConnectionServer | undefined;
  },
  entries: ReadonlyMap<string, string>,
  read: ReadonlySet<string>,
): ReadConnection => ({
  ask: {
    server: values.server,
    intent: values.intent,
    ...(values.database === undefined || values.database === ''
      ? {}
      : { database: values.database }),
    ...(values.multiSubnetFailover === undefined
      ? {}
      : { multiSubnetFailover: values.multiSubnetFailover }),
    ...(values.failoverPartner === undefined ? {} : { failoverPartner: values.failoverPartner }),
  },
  ignored: [...entries.keys()].filter((k) => !read.has(k)),
});
