import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../properties/runs.js';
import { createCluster } from '../cluster/build.js';
import { clusterFacts } from '../cluster/facts.js';
import { resolveConfig } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import {
  databaseReplicaFacts,
  databaseRows,
  replicaRows,
  replicaRowsByDatabase,
  sameName,
} from './facts-access.js';

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

/**
 * The lookups remember their index for the last facts value asked. Facts values asked in turn,
 * each with rows of its own (some dropped, some repeated with another state, the order changed),
 * must each be answered from their own rows, as a scan of them answers: the first row about a
 * database on a replica, names compared as instance names are.
 */
describe('lookups over several facts values asked in turn', () => {
  const config = resolveConfig({
    name: 'AG1',
    version: 2019,
    databases: ['db1', 'db2', 'db3', 'db4', 'db5', 'db6'],
    replicas: ['SQL1', 'SQL2', 'SQL3'].map((name) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
      failoverMode: 'AUTOMATIC' as const,
    })),
  });
  const base = clusterFacts(createCluster(config));
  const STATES = ['SYNCHRONIZED', 'SYNCHRONIZING', 'NOT SYNCHRONIZING'] as const;
  /** A facts value whose rows are some of the base's, in another order, some given twice. */
  const variant = fc
    .tuple(
      fc.shuffledSubarray(base.databaseReplicas.slice()),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...STATES)), { maxLength: 4 }),
    )
    .map(([rows, repeats]): ClusterFacts => {
      const again = repeats.flatMap(([i, state]) => {
        const row = rows[i % Math.max(rows.length, 1)];
        return row === undefined ? [] : [{ ...row, synchronizationState: state }];
      });
      return { ...base, databaseReplicas: [...rows, ...again] };
    });
  const question = fc.record({
    facts: fc.nat(),
    replica: fc.constantFrom('SQL1', 'sql2', 'Sql3', 'SQL4'),
    database: fc.constantFrom(...config.databases, 'db7'),
  });
  const firstRow = (f: ClusterFacts, replica: string, database: string) =>
    f.databaseReplicas.find((d) => d.database === database && sameName(d.replica, replica));

  it('answers each from its own rows', () => {
    fc.assert(
      fc.property(
        fc.array(variant, { minLength: 2, maxLength: 4 }),
        fc.array(question, { minLength: 1, maxLength: 30 }),
        (values, questions) => {
          for (const q of questions) {
            const f = values[q.facts % values.length]!;
            const expected = firstRow(f, q.replica, q.database);
            expect(databaseReplicaFacts(f, q.replica, q.database)).toBe(expected);
            expect(replicaRows(f, q.replica).get(q.database)).toBe(expected);
            const aligned = replicaRowsByDatabase(f, q.replica);
            expect(aligned).toEqual(config.databases.map((d) => firstRow(f, q.replica, d)));
            expect(databaseRows(f, q.database)).toEqual(
              f.databaseReplicas.filter((d) => d.database === q.database),
            );
          }
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
