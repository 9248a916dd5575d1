import * as E from 'fp-ts/lib/Either.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { parseCsvSnapshot } from './csv.js';
import { readSnapshotFacts, type SnapshotFacts, type SnapshotOptions } from './facts.js';
import { detectFormat, type SnapshotFormat } from './format.js';
import { parseJsonSnapshot } from './json.js';
import { parseJsonSnapshotFast } from './json-fast.js';
import type { DmvProblem } from './problem.js';
import type { Snapshot } from './snapshot.js';

export { detectFormat, type SnapshotFormat } from './format.js';

export const readSnapshot = (
  text: string,
  format: SnapshotFormat = detectFormat(text),
): E.Either<readonly DmvProblem[], Snapshot> =>
  format === 'json' ? parseJsonSnapshot(text) : parseCsvSnapshot(text);

export interface SnapshotTextOptions extends SnapshotOptions {
  readonly format?: SnapshotFormat;
}

/** Read a snapshot file's text and build its facts in one step. */
export const snapshotTextToFacts = (
  text: string,
  options: SnapshotTextOptions = {},
): E.Either<readonly DmvProblem[], ClusterFacts> =>
  E.map((r: SnapshotFacts) => r.facts)(snapshotTextToFactsWithNotes(text, options));

/** snapshotTextToFacts, with the notes about the views and columns that were read but not used. */
export const snapshotTextToFactsWithNotes = (
  text: string,
  options: SnapshotTextOptions = {},
): E.Either<readonly DmvProblem[], SnapshotFacts> => {
  const format = options.format ?? detectFormat(text);
  // JSON.parse when it reads the text exactly; the located reader when something must be placed.
  const parsed = format === 'json' ? parseJsonSnapshotFast(text) : undefined;
  if (parsed !== undefined) {
    const read = readSnapshotFacts(parsed, options);
    // A note names its line; a snapshot over several lines was read without them.
    if (E.isRight(read) && read.right.notes.every((n) => n.line !== undefined)) return read;
  }
  const snapshot = readSnapshot(text, format);
  return E.isLeft(snapshot) ? snapshot : readSnapshotFacts(snapshot.right, options);
};
