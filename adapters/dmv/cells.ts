import * as E from 'fp-ts/lib/Either.js';
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

/** What a value reader gives when it cannot tell: the cell reader decides (and words the problem). */
export const UNREAD: unique symbol = Symbol('unread');
/**
 * A reader of a value as JSON.parse gives it (json-fast.ts), for the common case: no cell, no
 * Either. It answers only when its reader would give the same value, and UNREAD otherwise.
 */
export type ValueReader<A> = (value: unknown) => A | typeof UNREAD;

const valueReaders = new WeakMap<Reader<unknown>, ValueReader<unknown>>();

const withValueReader = <A>(read: Reader<A>, fromValue: ValueReader<A>): Reader<A> => {
  valueReaders.set(read as Reader<unknown>, fromValue);
  return read;
};

/**
 * Readers whose values repeat across a view's rows (ids, LSNs) and are dear to check (a pattern,
 * a bigint): a view's reading remembers what each text read as (`valueReaderFor`).
 */
const repeating = new WeakSet<Reader<unknown>>();

const repeatsAcrossRows = <A>(read: Reader<A>): Reader<A> => {
  repeating.add(read as Reader<unknown>);
  return read;
};

/**
 * The value reader one view's rows are read with: a repeating reader's answers are kept by text
 * for that view (each group_id, replica_id and LSN is checked once per snapshot, not per row).
 */
export const valueReaderFor = <A>(read: Reader<A>): ValueReader<A> => {
  const fromValue = valueReaderOf(read);
  if (!repeating.has(read as Reader<unknown>)) return fromValue;
  const seen = new Map<string, A | typeof UNREAD>();
  return (v) => {
    if (typeof v !== 'string') return fromValue(v);
    let answer = seen.get(v);
    if (answer === undefined) {
      answer = fromValue(v);
      seen.set(v, answer);
    }
    return answer;
  };
};

/** The reader's value reader; a reader without one always leaves the value to it. */
export const valueReaderOf = <A>(read: Reader<A>): ValueReader<A> =>
  (valueReaders.get(read as Reader<unknown>) as ValueReader<A> | undefined) ?? (() => UNREAD);

const fail = (expected: string, message?: string): E.Either<ReadFailure, never> =>
  E.left(message === undefined ? { expected } : { expected, message });

const INTEGER = /^-?[0-9]{1,15}$/;
const DIGITS = /^[0-9]{1,25}$/;
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

export const text: Reader<string> = withValueReader(
  (c) => (c.kind === 'string' ? E.right(c.text) : fail('a string')),
  (v) => (typeof v === 'string' ? v : UNREAD),
);

/** A uniqueidentifier, upper-cased so ids from both forms compare equal. */
export const guid: Reader<string> = repeatsAcrossRows(
  withValueReader(
    (c) =>
      c.kind === 'string' && GUID.test(c.text.trim())
        ? E.right(c.text.trim().toUpperCase())
        : fail('a uniqueidentifier such as 6F9619FF-8B86-D011-B42D-00C04FC964FF'),
    (v) => (typeof v === 'string' && GUID.test(v) ? v.toUpperCase() : UNREAD),
  ),
);

/** A JSON number that is an integer of at most 15 digits, as INTEGER reads its text. */
const isShortInteger = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) < 1e15 && !Object.is(v, -0);

export const int: Reader<number> = withValueReader(
  (c) =>
    (c.kind === 'number' || c.kind === 'string') && INTEGER.test(c.text.trim())
      ? E.right(Number(c.text.trim()))
      : fail('an integer'),
  (v) => (isShortInteger(v) ? v : UNREAD),
);

export const intBetween =
  <N extends number>(low: N, high: N): Reader<N> =>
  (c) => {
    const n = int(c);
    return E.isRight(n) && n.right >= low && n.right <= high
      ? E.right(n.right as N)
      : fail(`an integer from ${low} to ${high}`);
  };

export const bit: Reader<boolean> = withValueReader(
  (c) => {
    if (c.kind === 'boolean') return E.right(c.value);
    if (c.kind === 'number' || c.kind === 'string') {
      const t = c.text.trim().toLowerCase();
      if (t === '1' || t === 'true') return E.right(true);
      if (t === '0' || t === 'false') return E.right(false);
    }
    return fail('a bit (0 or 1, true or false)');
  },
  (v) => (typeof v === 'boolean' ? v : v === 1 ? true : v === 0 ? false : UNREAD),
);

export const oneOf = <K extends string>(values: readonly K[]): Reader<K> => {
  const exact = new Set<string>(values.filter((v) => v === v.toUpperCase()));
  return withValueReader(
    (c) => {
      if (c.kind === 'string') {
        const wanted = c.text.trim().toUpperCase();
        const found = values.find((v) => v === wanted);
        if (found !== undefined) return E.right(found);
      }
      return fail(`one of ${values.join(', ')}`);
    },
    // Written as SQL Server writes it; any other spelling is left to the reader above.
    (v) => (typeof v === 'string' && exact.has(v) ? (v as K) : UNREAD),
  );
};

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An LSN, numeric(25,0). Digits in a string are exact. A JSON number is exact only below 2^53:
 * from there on, whatever wrote or will read the file as a double may have rounded it, so it is
 * refused with the fix.
 */
export const lsn: Reader<bigint> = (c) => {
  if (c.kind === 'string') {
    // LsnFromString's own test (core/model/lsn.ts), without a codec per cell.
    const t = c.text.trim();
    return DIGITS.test(t) ? E.right(BigInt(t)) : fail('an LSN: up to 25 decimal digits');
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

/** A bigint column such as sys.availability_groups.sequence_number: exact digits, as an LSN is read. */
export const bigintDigits: Reader<bigint> = (c) => {
  const read = lsn(c);
  return E.isRight(read) ? read : fail('a bigint: decimal digits (a string from 2^53 on)');
};

export const nullable = <A>(read: Reader<A>): Reader<A | null> => {
  const fromValue = valueReaderOf(read);
  return withValueReader(
    (c) => (c.kind === 'null' ? E.right(null) : read(c)),
    (v) => (v === null ? null : fromValue(v)),
  );
};

/**
 * An LSN column where NULL, a negative value or 0 means "not known for this row": the DMVs write
 * NULL when they cannot say (no quorum, an asynchronous primary's last_hardened_lsn), and tools
 * that copy rows write -1 or 0 for the same. None of them is a position in a log.
 */
export const lsnOrUnknown: Reader<bigint | null> = repeatsAcrossRows(
  withValueReader(
    (c) => {
      if (c.kind === 'null') return E.right(null);
      if ((c.kind === 'string' || c.kind === 'number') && /^\s*-[0-9]{1,25}\s*$/.test(c.text))
        return E.right(null);
      const read = lsn(c);
      return E.isRight(read) && read.right === 0n ? E.right(null) : read;
    },
    (v) => {
      if (v === null) return null;
      if (typeof v !== 'string' || !DIGITS.test(v)) return UNREAD;
      const value = BigInt(v);
      return value === 0n ? null : value;
    },
  ),
);

/** A non-negative quantity such as a queue size in KB or a rate in KB/s (bigint columns; exact to 2^53). */
export const amount: Reader<number> = withValueReader(
  (c) =>
    (c.kind === 'number' || c.kind === 'string') && /^[0-9]{1,15}(\.[0-9]+)?$/.test(c.text.trim())
      ? E.right(Number(c.text.trim()))
      : fail('a non-negative number'),
  (v) => (isShortInteger(v) && v >= 0 ? v : UNREAD),
);

/**
 * Windows PowerShell 5.1's ConvertTo-Json writes a DateTime as "\/Date(<ms>)\/" ("Date":
 * "\/Date(1326441600000)\/" for 1/13/2012 8:00:00 AM, S101): milliseconds since 1970 of the
 * time taken as the client's local time. Only differences are used, and those it keeps (but
 * across a change of the client's clock to or from summer time, by that hour).
 */
const MS_DATE = /^\/Date\((-?[0-9]{1,15})\)\/$/;

const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/**
 * A datetime as sqlcmd (`2024-03-05 14:02:11.250`) or FOR JSON (`2024-03-05T14:02:11.25`) writes
 * it, as milliseconds. The DMV datetimes carry no zone and are all on the same server's clock, so
 * they are read as UTC: only differences between them are used.
 */
export const datetime: Reader<number> = (c) => {
  const sent = c.kind === 'string' ? MS_DATE.exec(c.text.trim()) : null;
  if (sent !== null) return E.right(Number(sent[1]));
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
