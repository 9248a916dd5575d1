import * as E from 'fp-ts/lib/Either.js';
import { SQL_SERVER_VERSIONS, SqlServerVersion } from '../../core/model/enums.js';
import { SERVER_COLUMNS } from './columns.js';
import { type DmvProblem, problemAt, snapshotProblem } from './problem.js';
import { decodeView } from './rows.js';
import { type Snapshot, VIEWS } from './snapshot.js';

/**
 * The SQL Server version of a snapshot. None of the availability-group views carries it, so it
 * comes from the caller, or from the optional SERVERPROPERTY result set of the documented query
 * (the major version number of SERVERPROPERTY('ProductVersion')); when both are given they must
 * agree.
 */

const BY_MAJOR: Readonly<Record<number, SqlServerVersion>> = {
  11: 2012,
  12: 2014,
  13: 2016,
  14: 2017,
  15: 2019,
  16: 2022,
  17: 2025,
};

export const snapshotVersion = (
  snapshot: Snapshot,
  given: unknown,
): E.Either<readonly DmvProblem[], SqlServerVersion> => {
  if (given !== undefined && !SqlServerVersion.is(given)) {
    return E.left([
      snapshotProblem(
        `the version option must be one of ${SQL_SERVER_VERSIONS.join(', ')}, got ${String(given)}`,
      ),
    ]);
  }
  // The SERVERPROPERTY spec has no version-dependent columns, so any version reads it.
  const server = decodeView(snapshot, VIEWS.serverProperty, SERVER_COLUMNS, 2012);
  if (server === undefined) {
    return given === undefined
      ? E.left([
          snapshotProblem(
            `the SQL Server version is unknown: give it (--sql-version on the command line, { version } in the library; one of ${SQL_SERVER_VERSIONS.join(', ')}) or include the SERVERPROPERTY result set of the documented query`,
          ),
        ])
      : E.right(given);
  }
  if (server.problems.length > 0) return E.left(server.problems);
  const row = server.rows[0];
  if (row === undefined || server.rows.length > 1) {
    return E.left([
      snapshotProblem(`expected exactly one row, got ${server.rows.length}`, VIEWS.serverProperty),
    ]);
  }
  const major = row.value.product_major_version;
  const place = {
    pointer: `${row.row.pointer}/product_major_version`,
    view: VIEWS.serverProperty,
    row: 1,
    column: 'product_major_version',
    line: row.row.line,
  };
  const found = BY_MAJOR[major];
  if (found === undefined) {
    return E.left([
      problemAt(
        place,
        'a major version from 11 (2012) to 17 (2025)',
        String(major),
        `SQL Server major version ${major} has no availability groups agstate knows (11 = 2012 … 17 = 2025)`,
      ),
    ]);
  }
  if (given !== undefined && given !== found) {
    return E.left([
      problemAt(
        place,
        `major version of SQL Server ${given}`,
        String(major),
        `the snapshot says SQL Server ${found} (major version ${major}) but the version option says ${given}`,
      ),
    ]);
  }
  return E.right(found);
};
