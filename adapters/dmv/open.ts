import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import type { RowOf, Spec } from './columns.js';
import { type DmvProblem, snapshotProblem } from './problem.js';
import { type Decoded, decodeView } from './rows.js';
import type { Snapshot, ViewName } from './snapshot.js';
import { snapshotVersion } from './version.js';

/** A snapshot ready to read: its version, and views decoded with their problems collected. */
export interface OpenSnapshot {
  readonly version: SqlServerVersion;
  /** Every problem of the views read so far (the caller refuses the snapshot if any). */
  readonly problems: DmvProblem[];
  /** The rows of a view that decoded (read as `at`, or the snapshot's version); none when absent. */
  readonly rows: <S extends Spec>(
    view: ViewName,
    spec: S,
    at?: SqlServerVersion,
  ) => readonly Decoded<RowOf<S>>[];
}

/**
 * What every snapshot reader does first: refuse a snapshot that lacks a view it needs, work out
 * the version it is read as, and collect each view's problems as its rows are read.
 */
export const openSnapshot = (
  snapshot: Snapshot,
  required: readonly ViewName[],
  givenVersion: unknown,
): E.Either<readonly DmvProblem[], OpenSnapshot> => {
  const missing = required.filter((v) => !snapshot.tables.has(v));
  if (missing.length > 0)
    return E.left(
      missing.map((v) =>
        snapshotProblem(`missing view ${v} (the query in docs/dmv-snapshot.md selects it)`, v),
      ),
    );
  const version = snapshotVersion(snapshot, givenVersion);
  if (E.isLeft(version)) return version;
  const problems: DmvProblem[] = [];
  const rows = <S extends Spec>(
    view: ViewName,
    spec: S,
    at: SqlServerVersion = version.right,
  ): readonly Decoded<RowOf<S>>[] => {
    const decoded = decodeView(snapshot, view, spec, at);
    if (decoded === undefined) return [];
    problems.push(...decoded.problems);
    return decoded.rows;
  };
  return E.right({ version: version.right, problems, rows });
};
