import type { DecodeProblem } from '../../core/model/report.js';

/**
 * A problem found while reading a DMV snapshot. Besides the JSON pointer of every decoding
 * problem it names the place as a DBA reads it: the view, the row (counted from 1, as a result
 * grid counts), the column, and the line of the file when the file has lines that matter (CSV
 * always; JSON where the parser knows the offset).
 */
export interface DmvProblem extends DecodeProblem {
  readonly view?: string;
  readonly row?: number;
  readonly column?: string;
  readonly line?: number;
}

export interface Place {
  readonly pointer: string;
  readonly view?: string | undefined;
  readonly row?: number | undefined;
  readonly column?: string | undefined;
  readonly line?: number | undefined;
}

export const problemAt = (
  place: Place,
  expected: string,
  actual: string,
  message: string,
): DmvProblem => {
  const out: {
    pointer: string;
    expected: string;
    actual: string;
    message: string;
    view?: string;
    row?: number;
    column?: string;
    line?: number;
  } = { pointer: place.pointer, expected, actual, message };
  if (place.view !== undefined) out.view = place.view;
  if (place.row !== undefined) out.row = place.row;
  if (place.column !== undefined) out.column = place.column;
  if (place.line !== undefined) out.line = place.line;
  return out;
};

/** A problem that is about the snapshot as a whole, or about one view as a whole. */
export const snapshotProblem = (message: string, view?: string, line?: number): DmvProblem =>
  problemAt(
    { pointer: view === undefined ? '' : `/${escapePointer(view)}`, view, line },
    'a DMV snapshot (docs/dmv-snapshot.md)',
    '',
    message,
  );

export const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** One line per problem: `sys.availability_replicas, row 2, column failover_mode_desc (line 9): expected …`. */
export const formatDmvProblem = (p: DmvProblem): string => {
  const parts: string[] = [];
  if (p.view !== undefined) parts.push(p.view);
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.column !== undefined) parts.push(`column ${p.column}`);
  const where = parts.length === 0 ? 'snapshot' : parts.join(', ');
  const line = p.line === undefined ? '' : ` (line ${p.line})`;
  return `${where}${line}: ${p.message}`;
};
