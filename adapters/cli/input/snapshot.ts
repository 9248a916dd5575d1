import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../../../core/model/enums.js';
import type { SnapshotFacts } from '../../dmv/facts.js';
import { type DmvProblem, formatDmvProblem } from '../../dmv/problem.js';
import { snapshotTextToFactsWithNotes } from '../../dmv/read.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { readText } from './read.js';

export interface SnapshotRequest {
  /** Needed when the snapshot lacks the SERVERPROPERTY result set. */
  readonly version?: SqlServerVersion | undefined;
  /** The group to read when the instance hosts several. */
  readonly group?: string | undefined;
}

/**
 * A DMV snapshot file (JSON or sqlcmd CSV, told apart by its first character) as facts, with the
 * notes about what was ignored. Each row's origin names the file.
 */
export const loadSnapshot = async (
  io: Io,
  path: string,
  request: SnapshotRequest,
): Promise<E.Either<BadInput, SnapshotFacts>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  const facts = snapshotTextToFactsWithNotes(text.right, {
    origin: path === '-' ? 'stdin' : path,
    ...(request.version === undefined ? {} : { version: request.version }),
    ...(request.group === undefined ? {} : { group: request.group }),
  });
  return E.mapLeft((problems: readonly DmvProblem[]) =>
    badInput(path, ...problems.map(formatDmvProblem)),
  )(facts);
};
