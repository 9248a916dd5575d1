import * as E from 'fp-ts/lib/Either.js';
import { LsnFromString } from '../../core/model/lsn.js';
import type { Cell } from './snapshot.js';

/**
 * Readers of single cells. Each accepts what both input forms write for a column type: FOR JSON
 * and PowerShell give JSON numbers and booleans, sqlcmd gives text, so a bit may arrive as true,
 * 1 or "1", and an int as 5 or "5". `_desc` enumerations are compared without regard to case
 * because cluster_type_desc is lower case (ag-rules §1.4) while every other one is upper case.
 */

export interface ReadFailure {
  readonly expected: string;
  /** A message that says more than "expected …, got …". */
  readonly message?: string;
}
export type Reader<A> = (cell: Cell) => E.Either<ReadFailure, A>;

const fail = (expected: string, message?: string): E.Either<ReadFailure, never> =>
  E.left(message === undefined ? { expected } : { expected, message });

const INTEGER = /^-?[0-9]{1,15}$/;
const DIGITS = /^[0-9]{1,25}$/;
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

export const text: Reader<string> = (c) =>
  c.kind === 'string' ? E.right(c.text) : fail('a string');

/** A uniqueidentifier, upper-cased so ids from both forms compare equal. */
export const guid: Reader<string> = (c) =>
  c.kind === 'string' && GUID.test(c.text.trim())
    ? E.right(c.text.trim().toUpperCase())
    : fail('a uniqueidentifier such as 6F9619FF-8B86-D011-B42D-00C04FC964FF');

export const int: Reader<number> = (c) =>
  (c.kind === 'number' || c.kind === 'string') && INTEGER.test(c.text.trim())
    ? E.right(Number(c.text.trim()))
    : fail('an integer');

export const intBetween =
  <N extends number>(low: N, high: N): Reader<N> =>
  (c) => {
    const n = int(c);
    return E.isRight(n) && n.right >= low && n.right <= high
      ? E.right(n.right as N)
      : fail(`an integer from ${low} to ${high}`);
  };

export const bit: Reader<boolean> = (c) => {
  if (c.kind === 'boolean') return E.right(c.value);
  if (c.kind === 'number' || c.kind === 'string') {
    const t = c.text.trim().toLowerCase();
    if (t === '1' || t === 'true') return E.right(true);
    if (t === '0' || t === 'false') return E.right(false);
  }
  return fail('a bit (0 or 1, true or false)');
};

export const oneOf =
  <K extends string>(values: readonly K[]): Reader<K> =>
  (c) => {
    if (c.kind === 'string') {
      const wanted = c.text.trim().toUpperCase();
      const found = values.find((v) => v === wanted);
      if (found !== undefined) return E.right(found);
    }
    return fail(`one of ${values.join(', ')}`);
  };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An LSN, numeric(25,0). Digits in a string are exact. A JSON number is exact only below 2^53:
 * from there on, whatever wrote or will read the file as a double may have rounded it, so it is
 * refused with the fix.
 */
export const lsn: Reader<bigint> = (c) => {
  if (c.kind === 'string') {
    const decoded = LsnFromString.decode(c.text.trim());
    return E.isRight(decoded) ? E.right(decoded.right) : fail('an LSN: up to 25 decimal digits');
  }
  if (c.kind === 'number' && DIGITS.test(c.text)) {
    const value = BigInt(c.text);
    if (value <= SAFE) return E.right(value);
    return fail(
      'an LSN as a string of digits',
      `the LSN ${c.text} is a JSON number of 2^53 or more, which JSON readers round to the nearest double; CAST the LSN columns to varchar(25) in the query (docs/dmv-snapshot.md) so they arrive as strings`,
    );
  }
  return fail('an LSN: up to 25 decimal digits');
};

export const nullable =
  <A>(read: Reader<A>): Reader<A | null> =>
  (c) =>
    c.kind === 'null' ? E.right(null) : read(c);
