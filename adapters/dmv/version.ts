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

/** Whether sys.availability_groups holds a row with is_distributed = 1, read from its raw cells. */
const hasDistributedGroup = (snapshot: Snapshot): boolean =>
  (snapshot.tables.get(VIEWS.groups)?.rows ?? []).some((row) => {
    const raw = row.values?.is_distributed;
    if (raw !== undefined) return raw === true || raw === 1 || raw === '1' || raw === 'true';
    const cell = row.cells.get('is_distributed')?.cell;
    return (
      (cell?.kind === 'boolean' && cell.value) ||
      ((cell?.kind === 'number' || cell?.kind === 'string') &&
        (cell.text === '1' || cell.text.toLowerCase() === 'true'))
    );
  });

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
  // Azure SQL Managed Instance reports 12.0.2000.8, which "does not indicate SQL engine version 12
  // (SQL Server 2014)" (S112); a distributed group (SQL Server 2016 and later) there is the
  // Managed Instance link, whose engine version the snapshot does not hold.
  if (found === 2014 && hasDistributedGroup(snapshot)) {
    if (given !== undefined) return E.right(given);
    return E.left([
      problemAt(
        place,
        'the SQL Server version (--sql-version)',
        String(major),
        `major version 12 with a distributed availability group: SQL Server 2014 has none, and Azure SQL Managed Instance reports 12.0.2000.8 for its own engine ("This does not indicate SQL engine version 12 (SQL Server 2014)"), which is "equal to or higher than latest available RTM version of SQL Server": the version is not in the snapshot, give it (--sql-version on the command line, { version } in the library)`,
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
