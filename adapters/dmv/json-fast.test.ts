import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readSnapshotFacts } from './facts.js';
import { parseJsonSnapshot } from './json.js';
import { keysWrittenExactly, parseJsonSnapshotFast } from './json-fast.js';
import { snapshotTextToFactsWithNotes } from './read.js';
import { example, primaryJson, rowsOf } from './test-support.js';

/**
 * The JSON.parse reading of a snapshot answers exactly as the located reader (json.ts) does, or
 * steps aside. The fixtures are the bundled snapshots, rows of the documented query
 * (docs/dmv-snapshot.md) on a primary, a secondary, during an outage and with a disconnected
 * synchronous secondary, in the form FOR JSON writes (one line) and pretty-printed; the LSNs are
 * numeric(25,0) ("sys.dm_hadr_database_replica_states (Transact-SQL)", S6), such as the
 * documentation page's 1025000004418400001.
 */

const located = (text: string) => {
  const snapshot = parseJsonSnapshot(text);
  return E.isLeft(snapshot) ? snapshot : readSnapshotFacts(snapshot.right);
};

const FILES = [
  'primary.json',
  'secondary.json',
  'outage-resolving-secondary.json',
  'sync-secondary-disconnected.json',
];

/** The snapshot as FOR JSON writes it: one line. */
const oneLine = (file: string): string => JSON.stringify(JSON.parse(example(file)));

describe('reading a snapshot with JSON.parse', () => {
  it.each(FILES)('reads %s on one line, as the located reader does', (file) => {
    const text = oneLine(file);
    expect(parseJsonSnapshotFast(text)).toBeDefined();
    expect(snapshotTextToFactsWithNotes(text)).toEqual(located(text));
  });

  it.each(FILES)('reads %s pretty-printed, as the located reader does', (file) => {
    const text = example(file);
    expect(parseJsonSnapshotFast(text)).toBeDefined();
    expect(snapshotTextToFactsWithNotes(text)).toEqual(located(text));
  });

  it('keeps each row where it was read, for the origin of the facts', () => {
    const facts = snapshotTextToFactsWithNotes(oneLine('primary.json'), { origin: 'p.json' });
    if (E.isLeft(facts)) throw new Error('not read');
    expect(facts.right.facts.databaseReplicas[0]?.origin).toBe(
      'p.json#/sys.dm_hadr_database_replica_states/0 (sys.dm_hadr_database_replica_states, row 1)',
    );
  });

  /** The primary's snapshot with one change to its text. */
  const changed = (edit: (text: string) => string): string => edit(oneLine('primary.json'));
  const firstLsn = (): string => {
    const row = rowsOf(primaryJson(), 'sys.dm_hadr_database_replica_states')[0]!;
    return String(row.last_hardened_lsn);
  };

  const refusals: [string, () => string][] = [
    [
      'an LSN written as a JSON number of 2^53 or more',
      () => changed((t) => t.replace(`"${firstLsn()}"`, '1025000004418400001')),
    ],
    [
      'an integer written with a fraction',
      () =>
        changed((t) => t.replace('"failure_condition_level":3', '"failure_condition_level":3.0')),
    ],
    [
      'an integer written with an exponent',
      () => changed((t) => t.replace('"health_check_timeout":30000', '"health_check_timeout":3e4')),
    ],
    [
      'minus zero',
      () =>
        changed((t) =>
          t.replace(
            '"required_synchronized_secondaries_to_commit":0',
            '"required_synchronized_secondaries_to_commit":-0',
          ),
        ),
    ],
    [
      'a column written twice in a row',
      () => changed((t) => t.replace('"name":"AGSales"', '"name":"AGSales","name":"AGOther"')),
    ],
    [
      'a view written twice',
      () =>
        changed((t) =>
          t.replace(
            '{"SERVERPROPERTY":[{"product_major_version":15}],',
            '{"SERVERPROPERTY":[{"product_major_version":15}],"SERVERPROPERTY":[],',
          ),
        ),
    ],
    [
      'a blank before a colon',
      () => changed((t) => t.replace('"name":"AGSales"', '"name" :"AGSales"')),
    ],
    [
      'a column name in upper case',
      () => changed((t) => t.replace('"name":"AGSales"', '"NAME":"AGSales"')),
    ],
    [
      'a cell that is an object',
      () => changed((t) => t.replace('"name":"AGSales"', '"name":{"value":"AGSales"}')),
    ],
    [
      'a row that is not an object',
      () =>
        changed((t) =>
          t.replace('"SERVERPROPERTY":[{"product_major_version":15}]', '"SERVERPROPERTY":[15]'),
        ),
    ],
    [
      'a view agstate does not read',
      () =>
        changed((t) =>
          t.replace(
            '{"SERVERPROPERTY"',
            '{"sys.dm_os_sys_info":[{"cpu_count":4}],"SERVERPROPERTY"',
          ),
        ),
    ],
    ['invalid JSON', () => changed((t) => t.slice(0, -1))],
  ];

  it.each(refusals)('steps aside for %s, and the answer is the located reader’s', (_, make) => {
    const text = make();
    expect(text).not.toBe(oneLine('primary.json'));
    expect(parseJsonSnapshotFast(text)).toBeUndefined();
    expect(snapshotTextToFactsWithNotes(text)).toEqual(located(text));
  });

  it('refuses the LSN written as a number with the located reader’s message', () => {
    const read = snapshotTextToFactsWithNotes(refusals[0]![1]());
    expect(E.isLeft(read) && read.left.map((p) => [p.line, p.column])).toEqual([
      [1, 'last_hardened_lsn'],
    ]);
  });

  it('reads a value that is wrong as the located reader does: refused, at its line', () => {
    const text = example('primary.json').replace('"SYNCHRONIZED"', '"SYNCHRONISED"');
    expect(parseJsonSnapshotFast(text)).toBeDefined();
    const read = snapshotTextToFactsWithNotes(text);
    expect(read).toEqual(located(text));
    expect(E.isLeft(read) && read.left[0]?.line).toBeGreaterThan(1);
  });

  it('counts the keys, or refuses, exactly where the pattern that defines it does', () => {
    // The definition: a key followed by whitespace before its colon, or a number after a key that
    // a double may not keep (16 digits or more, a fraction, an exponent, -0), refuses the text;
    // otherwise every `":` counts as a key written.
    const inexact = /"[ \t\r\n]+:|":[ \t\r\n]*(?:-?[0-9]{16}|-?[0-9]+[.eE]|-0(?![0-9]))/;
    const defined = (text: string): number =>
      inexact.test(text) ? -1 : text.split('":').length - 1;
    const pieces = fc.constantFrom(
      '"',
      ':',
      ' ',
      '\n',
      '\t',
      '-',
      '0',
      '7',
      '.',
      'e',
      'E',
      'a',
      ',',
      '{',
      '}',
      '1234567890123456',
      '123456789012345',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(keysWrittenExactly(text)).toBe(defined(text));
      }),
      { numRuns: 20_000, seed: 20261205 },
    );
  });
});
