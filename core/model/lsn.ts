import * as t from 'io-ts';

/**
 * A log sequence number. SQL Server exposes LSNs as numeric(25,0), which exceeds 2^53, so an LSN
 * is an exact bigint in the core and a decimal string at the edge. JSON numbers are refused
 * because they were already rounded by the JSON parser before any codec could see them.
 * Source: sys.dm_hadr_database_replica_states (ag-rules.md §3.5, S6).
 */
export type Lsn = bigint;

const LSN_DIGITS = /^[0-9]{1,25}$/;

export const LsnFromString = new t.Type<bigint, string, unknown>(
  'LSN (a decimal string of at most 25 digits)',
  (u): u is bigint => typeof u === 'bigint' && u >= 0n && u < 10n ** 25n,
  (u, c) => {
    if (typeof u === 'number') {
      return t.failure(
        u,
        c,
        'an LSN must be written as a decimal string: a JSON number above 2^53 is already rounded',
      );
    }
    if (typeof u !== 'string' || !LSN_DIGITS.test(u)) return t.failure(u, c);
    return t.success(BigInt(u));
  },
  (a) => a.toString(10),
);

/** Compare two LSNs for sorting. */
export const compareLsn = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** A BIGINT such as sys.availability_groups.sequence_number: exact digits, as an LSN is carried. */
export const BigintFromString = new t.Type<bigint, string, unknown>(
  'BIGINT (a decimal string)',
  (u): u is bigint => typeof u === 'bigint' && u >= 0n && u < 2n ** 63n,
  (u, c) =>
    typeof u === 'string' && /^[0-9]{1,19}$/.test(u) && BigInt(u) < 2n ** 63n
      ? t.success(BigInt(u))
      : t.failure(u, c),
  (a) => a.toString(10),
);
