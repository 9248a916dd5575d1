import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../properties/runs.js';
import { sameName } from './facts-access.js';

/**
 * Instance and replica names compare without regard to case, as SQL Server compares server names
 * ("ALTER AVAILABILITY GROUP (Transact-SQL)": a replica is named by its server instance name).
 * `sameName` compares ASCII names in place; it must answer exactly as folding both names does.
 */
const folded = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Names that differ in case only, or in one character, beside any text at all. */
const namePairs = fc.oneof(
  fc.tuple(fc.string(), fc.string()),
  fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })),
  fc
    .string({ unit: 'binary' })
    .chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.constantFrom(s.toUpperCase(), s.toLowerCase(), `${s}x`, s.slice(1), `${s}\u0130`),
      ),
    ),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9@`[\]{}_-]{1,12}$/),
      fc.nat(11),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([s, i, c]) => [s, s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1)] as const),
);

describe('sameName', () => {
  it('answers as comparing both names folded to lower case', () => {
    fc.assert(
      fc.property(namePairs, ([a, b]) => {
        expect(sameName(a, b)).toBe(folded(a, b));
        expect(sameName(b, a)).toBe(folded(a, b));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('on the names of the documentation and its edge cases', () => {
    expect(sameName('SQLNODE1', 'sqlnode1')).toBe(true);
    expect(sameName('SQL1', 'SQL2')).toBe(false);
    // Only letters fold: @ and ` differ by the case bit, and so do [ and {.
    expect(sameName('A@B', 'A`B')).toBe(false);
    expect(sameName('[x]', '{x}')).toBe(false);
    // Dotted capital I folds to two code units, so names of different lengths may be the same.
    expect(sameName('\u0130', 'i\u0307')).toBe(true);
    expect(sameName('ÉTÉ', 'été')).toBe(true);
  });
});
