import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { COLUMNS_BY_VIEW } from './columns.js';
import { type DmvProblem, formatDmvProblem, type SnapshotOptions } from './index.js';
import { snapshotTextToFacts } from './read.js';
import type { ViewName } from './snapshot.js';

/** Helpers shared by this folder's tests. */

export const example = (name: string): string =>
  readFileSync(new URL(`../../examples/snapshots/${name}`, import.meta.url), 'utf8');

export const factsOf = (text: string, options?: SnapshotOptions): ClusterFacts => {
  const result = snapshotTextToFacts(text, options);
  if (E.isLeft(result)) throw new Error(result.left.map(formatDmvProblem).join('\n'));
  return result.right;
};

export const problemsOf = (text: string, options?: SnapshotOptions): readonly DmvProblem[] => {
  const result = snapshotTextToFacts(text, options);
  if (E.isRight(result)) throw new Error('expected problems, got facts');
  return result.left;
};

export type Row = Record<string, unknown>;
export type JsonSnapshot = { [view: string]: Row[] };

/** The primary-side JSON example as plain data, to change one thing at a time. */
export const primaryJson = (): JsonSnapshot => JSON.parse(example('primary.json')) as JsonSnapshot;

export const rowsOf = (s: JsonSnapshot, view: string): Row[] => {
  const rows = s[view];
  if (rows === undefined) throw new Error(`no view ${view}`);
  return rows;
};

/** Facts without the rows' origins, which name places in one file and so differ between files. */
export const withoutOrigins = (facts: ClusterFacts): ClusterFacts => ({
  ...facts,
  replicas: facts.replicas.map(({ origin: _, ...r }) => r),
  databaseReplicas: facts.databaseReplicas.map(({ origin: _, ...d }) => d),
});

/** The same snapshot as sqlcmd -s"," -W writes the CSV script's output (docs/dmv-snapshot.md). */
export const asCsv = (json: string): string => {
  const cell = (v: unknown) =>
    v == null ? 'NULL' : v === true ? '1' : v === false ? '0' : String(v);
  const sets = Object.entries(JSON.parse(json) as Record<string, Record<string, unknown>[]>);
  return sets
    .flatMap(([view, rows]) => {
      // sqlcmd writes a header under an empty result set too: the columns agstate reads.
      const columns =
        rows.length === 0
          ? Object.keys(COLUMNS_BY_VIEW[view as ViewName] ?? {})
          : [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const body = [columns.join(','), columns.map((c) => '-'.repeat(c.length)).join(',')];
      return [
        'agstate_view',
        '------------',
        view,
        '',
        '(1 rows affected)',
        ...body,
        ...rows.map((r) => columns.map((c) => cell(r[c])).join(',')),
        '',
        `(${rows.length} rows affected)`,
      ];
    })
    .join('\r\n');
};
