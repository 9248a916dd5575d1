import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, it } from 'vitest';
import { SQL_SERVER_VERSIONS } from '../../core/model/enums.js';
import { ClusterFacts } from '../../core/model/facts.js';
import { COLUMNS_BY_VIEW } from './columns.js';
import { ALL_VIEWS, type SnapshotOptions } from './index.js';
import { snapshotTextToFacts } from './read.js';
import { example, type JsonSnapshot, primaryJson } from './test-support.js';

/** Whatever the input, the reader answers with facts or with problems; it never throws. */
const answers = (text: string, options?: SnapshotOptions): boolean => {
  const result = snapshotTextToFacts(text, options);
  if (E.isRight(result)) return ClusterFacts.is(result.right);
  return (
    result.left.length > 0 &&
    result.left.every((p) => typeof p.message === 'string' && p.message.length > 0)
  );
};

const RUNS = { numRuns: 300 };
const version = fc.option(fc.constantFrom(...SQL_SERVER_VERSIONS), { nil: undefined });
const options = fc
  .record({ version })
  .map((o): SnapshotOptions => (o.version === undefined ? {} : { version: o.version }));

/** Splice random text into a valid file: deletions, insertions and replacements at random places. */
const mutatedText = (text: string) =>
  fc
    .array(
      fc.tuple(fc.nat(text.length), fc.nat(40), fc.string({ unit: 'binary', maxLength: 12 })),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce(
        (t, [at, remove, insert]) => t.slice(0, at) + insert + t.slice(at + remove),
        text,
      ),
    );

const columns = [...new Set(Object.values(COLUMNS_BY_VIEW).flatMap((spec) => Object.keys(spec)))];
const cellValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '1',
    '0',
    'NULL',
    'PRIMARY',
    'SECONDARY',
    'SYNCHRONIZED',
    'NOT SYNCHRONIZING',
    'wsfc',
    '1025000004418400001',
    '1B2C3D4E-0001-4A5B-8C6D-7E8F9A0B1C2D',
    'A7C3F1D2-5B6E-4C8A-9F01-2D3E4F5A6B7C',
  ),
  fc.bigInt({ min: 0n, max: 10n ** 26n }).map((n) => n.toString()),
);

/** Change the valid primary snapshot's rows: replace or delete cells, drop or repeat rows. */
const mutatedRows = fc
  .array(
    fc.tuple(
      fc.constantFrom(...ALL_VIEWS),
      fc.nat(8),
      fc.constantFrom(...columns),
      fc.oneof(cellValue, fc.constant(undefined)),
      fc.constantFrom('cell', 'drop', 'repeat'),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((edits) => {
    const s: JsonSnapshot = primaryJson();
    for (const [view, index, column, value, kind] of edits) {
      const rows = s[view];
      if (rows === undefined || rows.length === 0) continue;
      const at = index % rows.length;
      if (kind === 'drop') rows.splice(at, 1);
      else if (kind === 'repeat') rows.push({ ...rows[at]! });
      else if (value === undefined) delete rows[at]![column];
      else rows[at]![column] = value;
    }
    return JSON.stringify(s);
  });

/** A JSON object shaped like a snapshot but filled at random. */
const snapshotLike = fc
  .dictionary(
    fc.constantFrom(...ALL_VIEWS, 'sys', 'other'),
    fc.array(fc.dictionary(fc.constantFrom(...columns), cellValue, { maxKeys: 12 }), {
      maxLength: 4,
    }),
    { maxKeys: 10 },
  )
  .map((s) => JSON.stringify(s));

/** Move, repeat and delete lines of the valid CSV snapshot, and replace single values. */
const mutatedCsv = (text: string) => {
  const lines = text.split('\r\n');
  return fc
    .array(
      fc.tuple(
        fc.nat(lines.length - 1),
        fc.nat(lines.length - 1),
        fc.nat(20),
        fc.constantFrom('delete', 'repeat', 'swap', 'value'),
        fc.string({ maxLength: 10 }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      const out = [...lines];
      for (const [a, b, field, kind, value] of edits) {
        if (a >= out.length || b >= out.length) continue;
        if (kind === 'delete') out.splice(a, 1);
        else if (kind === 'repeat') out.splice(a, 0, out[a]!);
        else if (kind === 'swap') [out[a], out[b]] = [out[b]!, out[a]!];
        else {
          const fields = out[a]!.split(',');
          fields[field % fields.length] = value;
          out[a] = fields.join(',');
        }
      }
      return out.join('\r\n');
    });
};

describe('the reader never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), options, (t, o) => answers(t, o)),
      RUNS,
    );
  });

  it('on arbitrary bytes, decoded as UTF-8 and as Latin-1', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        (bytes) =>
          answers(new TextDecoder().decode(bytes)) &&
          answers(Buffer.from(bytes).toString('latin1')),
      ),
      RUNS,
    );
  });

  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), options, (t, o) => answers(t, o)),
      RUNS,
    );
  });

  it('on random objects shaped like a snapshot', () => {
    fc.assert(
      fc.property(snapshotLike, options, (t, o) => answers(t, o)),
      RUNS,
    );
  });

  it('on a valid JSON snapshot with rows changed', () => {
    fc.assert(
      fc.property(mutatedRows, options, (t, o) => answers(t, o)),
      RUNS,
    );
  });

  it('on a valid JSON snapshot with its text cut and spliced', () => {
    fc.assert(
      fc.property(mutatedText(example('primary.json')), (t) => answers(t)),
      RUNS,
    );
  });

  it('on a valid CSV snapshot with lines and values changed', () => {
    fc.assert(
      fc.property(mutatedCsv(example('primary.csv')), options, (t, o) => answers(t, o)),
      RUNS,
    );
  });

  it('on a valid CSV snapshot with its text cut and spliced', () => {
    fc.assert(
      fc.property(mutatedText(example('primary.csv')), (t) => answers(t)),
      RUNS,
    );
  });
});

describe('the reader is not fooled by changes', () => {
  it('refuses a snapshot whose LSN column holds a JSON number of 2^53 or more', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 10n ** 25n - 1n }), (lsn) => {
        const text = example('primary.json').replace(
          '"end_of_log_lsn": "1025000004417900001"',
          `"end_of_log_lsn": ${lsn}`,
        );
        const result = snapshotTextToFacts(text);
        return (
          E.isLeft(result) &&
          result.left.some((p) => p.column === 'end_of_log_lsn' && /CAST/.test(p.message))
        );
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every LSN string exact', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 25n - 1n }), (lsn) => {
        const text = example('primary.json').replace(
          '"end_of_log_lsn": "1025000004417900001"',
          `"end_of_log_lsn": "${lsn}"`,
        );
        const result = snapshotTextToFacts(text);
        return (
          E.isRight(result) &&
          result.right.databaseReplicas.some((d) => d.replica === 'SQLDR1' && d.endOfLogLsn === lsn)
        );
      }),
      { numRuns: 100 },
    );
  });
});
