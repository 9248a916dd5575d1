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

/**
 * An LSN column where NULL, a negative value or 0 means "not known for this row": the DMVs write
 * NULL when they cannot say (no quorum, an asynchronous primary's last_hardened_lsn), and tools
 * that copy rows write -1 or 0 for the same. None of them is a position in a log.
 */
export const lsnOrUnknown: Reader<bigint | null> = (c) => {
  if (c.kind === 'null') return E.right(null);
  if ((c.kind === 'string' || c.kind === 'number') && /^\s*-[0-9]{1,25}\s*$/.test(c.text))
    return E.right(null);
  const read = lsn(c);
  return E.isRight(read) && read.right === 0n ? E.right(null) : read;
};

/** A non-negative quantity such as a queue size in KB or a rate in KB/s (bigint columns; exact to 2^53). */
export const amount: Reader<number> = (c) =>
  (c.kind === 'number' || c.kind === 'string') && /^[0-9]{1,15}(\.[0-9]+)?$/.test(c.text.trim())
    ? E.right(Number(c.text.trim()))
    : fail('a non-negative number');

const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/**
 * A datetime as sqlcmd (`2024-03-05 14:02:11.250`) or FOR JSON (`2024-03-05T14:02:11.25`) writes
 * it, as milliseconds. The DMV datetimes carry no zone and are all on the same server's clock, so
 * they are read as UTC: only differences between them are used.
 */
export const datetime: Reader<number> = (c) => {
  const m = c.kind === 'string' ? DATETIME.exec(c.text.trim()) : null;
  if (m === null) return fail('a datetime such as 2024-03-05 14:02:11.250');
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const ms = Number(`0.${fraction ?? '0'}`) * 1000;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), 0);
  if (Number.isNaN(local) || Number(mo) < 1 || Number(mo) > 12 || Number(d) > 31)
    return fail('a datetime such as 2024-03-05 14:02:11.250');
  const offset =
    zone === undefined || zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) *
        (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) *
        60_000;
  return E.right(local + ms - offset);
};

/** SERVERPROPERTY('ProductVersion'): major.minor.build, optionally .revision. */
export const productVersion: Reader<string> = (c) =>
  c.kind === 'string' && /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,5}(\.[0-9]{1,5})?$/.test(c.text.trim())
    ? E.right(c.text.trim())
    : fail('a product version major.minor.build such as 15.0.4298.1');
