import * as t from 'io-ts';

/**
 * A whole number that a JSON number holds exactly (at most 2^53 − 1 in size): 1e300 is an integer
 * to JavaScript but no count, time or option SQL Server has. io-ts's own `t.Int` is a branded
 * type, which would make every caller of the embedded API cast plain numbers; this codec checks
 * the same thing and types it as `number`.
 */
const wholeNumber = (name: string, min: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min,
    (u, c) =>
      typeof u === 'number' && Number.isSafeInteger(u) && u >= min ? t.success(u) : t.failure(u, c),
    t.identity,
  );

export const Integer = wholeNumber('Integer', Number.MIN_SAFE_INTEGER);
/** Times, durations, sizes, page numbers: 0 or more. */
export const NonNegativeInteger = wholeNumber('a whole number of at least 0', 0);
/** Counts of things that happen: 1 or more. */
export const PositiveInteger = wholeNumber('a whole number of at least 1', 1);
