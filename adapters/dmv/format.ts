import { withoutBom } from './snapshot.js';

// Apart from read.ts, which loads both parsers: a caller that has only JSON need not load csv-parse.

export type SnapshotFormat = 'json' | 'csv';

/**
 * The form of a snapshot file: JSON starts with "{", or "[" for a saved result grid such as Azure
 * Data Studio's "Save as JSON" (after any byte-order mark and blanks).
 */
export const detectFormat = (text: string): SnapshotFormat => {
  const first = withoutBom(text).trimStart().charAt(0);
  return first === '{' || first === '[' ? 'json' : 'csv';
};
