import { parse } from 'csv-parse/sync';
import * as E from 'fp-ts/lib/Either.js';
import { parseJsonSnapshot } from './json.js';
import { type DmvProblem, escapePointer, problemAt, snapshotProblem } from './problem.js';
import { SNAPSHOT_COLUMN, sqlcmdSnapshotCell } from './saved-cell.js';
import {
  type CellAt,
  canonicalView,
  type IgnoredView,
  MARKER_COLUMN,
  type Snapshot,
  type SnapshotRow,
  type SnapshotTable,
  type ViewName,
  withoutBom,
} from './snapshot.js';

/**
 * Read the CSV form of a snapshot: the output of `sqlcmd -s"," -W` running the query of
 * docs/dmv-snapshot.md. Each view's result set is led by a marker result set whose single column
 * is `agstate_view` and whose single row names the view, so the file describes itself and the
 * order of the result sets does not matter. A result set is a header line, a line of dashes, the
 * rows, and (with NOCOUNT OFF) a blank line and "(N rows affected)". NULL is the text NULL.
 */

export { MARKER_COLUMN };

interface Line {
  readonly fields: readonly string[];
  readonly line: number;
}

interface ResultSet {
  readonly header: Line;
  readonly rows: readonly Line[];
}

const ROWS_AFFECTED = /^\((\d+) rows? affected\)$/;

const isBlank = (l: Line): boolean => l.fields.length === 1 && l.fields[0]!.trim() === '';
const rowsAffected = (l: Line): number | undefined => {
  if (l.fields.length !== 1) return undefined;
  const m = ROWS_AFFECTED.exec(l.fields[0]!.trim());
  return m === null ? undefined : Number(m[1]);
};
const isMarkerHeader = (l: Line): boolean =>
  l.fields.length === 1 && l.fields[0]!.trim().toLowerCase() === MARKER_COLUMN;
const shown = (l: Line): string => {
  const text = l.fields.join(',');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
};

/**
 * sqlcmd without -s: "-s col_separator … The default is a blank space" (S100). The header is one
 * field holding blanks (no column name read has one), whether or not -w wrapped it.
 */
const spaceSeparated = (header: Line): boolean =>
  header.fields.length === 1 && / /.test(header.fields[0]!.trim());

const structure = (line: number | undefined, message: string, view?: ViewName): DmvProblem =>
  problemAt(
    { pointer: view === undefined ? '' : `/${escapePointer(view)}`, view, line },
    'sqlcmd -s"," -W output of the documented query',
    '',
    message,
  );

/** Split the text into records with csv-parse; sqlcmd does not quote, so stray quotes are literal. */
const readLines = (text: string): E.Either<DmvProblem, readonly Line[]> => {
  const lines: number[] = [];
  try {
    const records = parse(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n'],
      on_record: (record: string[], context: { lines: number }) => {
        lines.push(context.lines);
        return record;
      },
    });
    return E.right(records.map((fields, i) => ({ fields, line: lines[i] ?? 0 })));
  } catch (e) {
    const at =
      typeof e === 'object' && e !== null && 'lines' in e && typeof e.lines === 'number'
        ? e.lines
        : undefined;
    const why = e instanceof Error ? e.message : String(e);
    return E.left(structure(at, `not readable as CSV: ${why}`));
  }
};

/** Export-Csv's first line unless -NoTypeInformation: "#TYPE followed by the fully qualified name of the object". */
const isTypeLine = (l: Line): boolean => l.fields[0]?.startsWith('#TYPE ') === true;

/** A header of several column names, as a result set saved on its own starts (not an error message). */
const isHeaderOfColumns = (l: Line): boolean =>
  l.fields.length > 1 && l.fields.every((f) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.trim()));

/**
 * The JSON script's row as PowerShell's Export-Csv saves it (Invoke-Sqlcmd … | Export-Csv): an
 * optional #TYPE line, the quoted header whose first column is agstate_snapshot (then DataRow's
 * RowError, RowState, …), and one row whose first value is the snapshot, its quotes doubled.
 */
const exportedSnapshotCell = (lines: readonly Line[]): Line | undefined => {
  const rest = lines.filter((l) => !isBlank(l));
  const [header, row, ...more] = isTypeLine(rest[0] ?? { fields: [], line: 0 })
    ? rest.slice(1)
    : rest;
  return header?.fields[0]?.trim().toLowerCase() === SNAPSHOT_COLUMN &&
    row?.fields[0]?.trim().startsWith('{') === true &&
    more.length === 0
    ? row
    : undefined;
};

export const parseCsvSnapshot = (text: string): E.Either<readonly DmvProblem[], Snapshot> => {
  // The JSON script run with headers: its one value is the snapshot.
  const cell = sqlcmdSnapshotCell(withoutBom(text));
  if (cell !== undefined) return parseJsonSnapshot(cell.text, cell.line);
  const read = readLines(withoutBom(text));
  if (E.isLeft(read)) return E.left([read.left]);
  const lines = read.right;
  const exported = exportedSnapshotCell(lines);
  if (exported !== undefined) return parseJsonSnapshot(exported.fields[0]!, exported.line);
  const problems: DmvProblem[] = [];
  const tables = new Map<ViewName, SnapshotTable>();
  const ignored: IgnoredView[] = [];
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && isBlank(lines[i]!)) i++;
  };

  /** Read the result set at the current line; `view` names it in problems when it is known. */
  const readResultSet = (view?: ViewName): E.Either<DmvProblem, ResultSet> => {
    const header = lines[i]!;
    const dashes = lines[i + 1];
    if (
      dashes === undefined ||
      dashes.fields.length !== header.fields.length ||
      !dashes.fields.every((f) => /^-+$/.test(f.trim()))
    ) {
      return E.left(
        structure(
          dashes?.line ?? header.line + 1,
          spaceSeparated(header)
            ? `the columns under the header ${shown(header)} are separated by spaces, sqlcmd's default; a value may hold a space and a line wider than -w wraps, so they cannot be told apart: run sqlcmd with -s"," -W`
            : `expected the line of dashes that sqlcmd writes under the header ${shown(header)} (run sqlcmd with headers, without -h -1)`,
          view,
        ),
      );
    }
    i += 2;
    const rows: Line[] = [];
    while (i < lines.length && !isBlank(lines[i]!) && rowsAffected(lines[i]!) === undefined) {
      rows.push(lines[i]!);
      i++;
    }
    skipBlank();
    const count = i < lines.length ? rowsAffected(lines[i]!) : undefined;
    if (count !== undefined) {
      if (count !== rows.length) {
        return E.left(
          structure(
            lines[i]!.line,
            `sqlcmd reports ${count} rows affected, but the result set that ends here has ${rows.length} rows`,
            view,
          ),
        );
      }
      i++;
      skipBlank();
    }
    return E.right({ header, rows });
  };

  const toTable = (view: ViewName, set: ResultSet): SnapshotTable => {
    const pointer = `/${escapePointer(view)}`;
    const columns = set.header.fields.map((f) => f.trim().toLowerCase());
    columns.forEach((c, k) => {
      if (columns.indexOf(c) !== k) {
        problems.push(
          problemAt(
            { pointer, view, column: c, line: set.header.line },
            'each column once',
            c,
            `column ${c} appears twice in the header`,
          ),
        );
      }
    });
    const rows: SnapshotRow[] = [];
    set.rows.forEach((line, index) => {
      const rowPointer = `${pointer}/${index}`;
      if (line.fields.length !== columns.length) {
        problems.push(
          problemAt(
            { pointer: rowPointer, view, row: index + 1, line: line.line },
            `${columns.length} values`,
            `${line.fields.length} values`,
            `expected ${columns.length} comma-separated values as in the header, got ${line.fields.length} (a value containing a comma cannot be told apart in sqlcmd output)`,
          ),
        );
        return;
      }
      const cells = new Map<string, CellAt>();
      columns.forEach((column, k) => {
        // sqlcmd pads values to the column width unless -W is given; no column read has edge spaces.
        const raw = line.fields[k]!.trim();
        cells.set(column, {
          cell: raw === 'NULL' ? { kind: 'null' } : { kind: 'string', text: raw },
          pointer: `${rowPointer}/${escapePointer(column)}`,
          line: line.line,
        });
      });
      rows.push({ index, pointer: rowPointer, line: line.line, cells });
    });
    return { view, pointer, line: set.header.line, columns, rows };
  };

  skipBlank();
  if (i >= lines.length) {
    return E.left([
      structure(1, 'the file is empty; expected the output of the query in docs/dmv-snapshot.md'),
    ]);
  }
  while (i < lines.length) {
    const start = lines[i]!;
    if (!isMarkerHeader(start)) {
      problems.push(
        structure(
          start.line,
          // A marker's value where its header belongs: "-h … Use -1 to specify that headers not be printed" (S100).
          start.fields.length === 1 && canonicalView(start.fields[0]!.trim()) !== undefined
            ? `found the view name ${shown(start)} where the header ${MARKER_COLUMN} and its dashes belong: the file has no column headers (sqlcmd -h -1); run sqlcmd with headers`
            : isTypeLine(start) ||
                (tables.size === 0 && ignored.length === 0 && isHeaderOfColumns(start))
              ? `found ${shown(start)}, one result set saved on its own (PowerShell's Export-Csv, or a result grid saved as CSV), without the marker that names its view: run the CSV script with sqlcmd -s"," -W, or save the JSON script's result (docs/dmv-snapshot.md)`
              : `expected a marker result set (header ${MARKER_COLUMN}) naming the view whose rows follow, found ${shown(start)}`,
        ),
      );
      break;
    }
    const marker = readResultSet();
    if (E.isLeft(marker)) {
      problems.push(marker.left);
      break;
    }
    const only = marker.right.rows[0];
    if (marker.right.rows.length !== 1 || only === undefined || only.fields.length !== 1) {
      problems.push(
        structure(
          start.line,
          `a marker result set must have exactly one row with one value, the view name`,
        ),
      );
      break;
    }
    const name = only.fields[0]!.trim();
    const view = canonicalView(name);
    if (i >= lines.length || isMarkerHeader(lines[i]!)) {
      problems.push(
        structure(
          only.line,
          `the marker for ${name} is not followed by that view's result set`,
          view,
        ),
      );
      break;
    }
    const set = readResultSet(view);
    if (E.isLeft(set)) {
      problems.push(set.left);
      break;
    }
    if (view === undefined) {
      ignored.push({ name, pointer: `/${escapePointer(name)}`, line: only.line });
    } else if (tables.has(view)) {
      problems.push(snapshotProblem(`view ${view} appears twice`, view, only.line));
    } else {
      tables.set(view, toTable(view, set.right));
    }
  }
  return problems.length > 0 ? E.left(problems) : E.right({ format: 'csv', tables, ignored });
};
