import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeWith } from './decode.js';
import { LsnFromString } from './lsn.js';

describe('LSN codec', () => {
  it('decodes two LSNs that differ only beyond 2^53 to distinct bigints', () => {
    const a = LsnFromString.decode('39000000034400001');
    const b = LsnFromString.decode('39000000034400002');
    expect(E.isRight(a) && E.isRight(b)).toBe(true);
    if (E.isRight(a) && E.isRight(b)) {
      expect(a.right).toBe(39000000034400001n);
      expect(b.right).toBe(39000000034400002n);
      expect(a.right === b.right).toBe(false);
    }
  });

  it('rejects a JSON number, which was already rounded, with a clear message', () => {
    // JSON.parse rounds 39000000034400001 to 39000000034400000: the codec must not accept it.
    const parsed: unknown = JSON.parse('{"lsn": 39000000034400001}');
    const result = decodeWith(LsnFromString)((parsed as { lsn: unknown }).lsn);
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left[0]?.message).toMatch(/decimal string/);
    }
  });

  it.each(['', '-1', '1.5', '0x10', ' 12', '12 ', '1e5', '12345678901234567890123456'])(
    'rejects %j',
    (s) => {
      expect(E.isLeft(LsnFromString.decode(s))).toBe(true);
    },
  );

  it('accepts the largest numeric(25,0) value', () => {
    expect(LsnFromString.decode('9'.repeat(25))).toEqual(E.right(10n ** 25n - 1n));
  });
});
