import * as t from 'io-ts';

/**
 * A whole number. io-ts's own `t.Int` is a branded type, which would make every caller of the
 * embedded API cast plain numbers; this codec checks the same thing and types it as `number`.
 */
export const Integer = new t.Type<number, number, unknown>(
  'Integer',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => (typeof u === 'number' && Number.isInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
