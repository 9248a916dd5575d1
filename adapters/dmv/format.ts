import { withoutBom } from './snapshot.js';

// Apart from read.ts, which loads both parsers: a caller that has only JSON need not load csv-parse.

export type SnapshotFormat = 'json' | 'csv';

/** The form of a snapshot file: JSON starts with "{" (after any byte-order mark and blanks). */
export const detectFormat = (text: string): SnapshotFormat =>
  withoutBom(text).trimStart().startsWith('{') ? 'json' : 'csv';
