import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import type { Node, ParseError } from 'jsonc-parser';
import { jsonTooDeep } from '../json-nesting.js';
import { type DmvProblem, escapePointer, problemAt, snapshotProblem } from './problem.js';
import { SNAPSHOT_COLUMN, savedSnapshotCell } from './saved-cell.js';
import {
  type Cell,
  type CellAt,
  canonicalView,
  type IgnoredView,
  positionIndex,
  type Snapshot,
  type SnapshotRow,
  type SnapshotTable,
  type ViewName,
  withoutBom,
} from './snapshot.js';

// Loaded with require: importing a CommonJS package from an ES module costs Node 20 a scan of
// its source for export names on every start (bench/README.md, CLI).
const { parseTree, printParseErrorCode } = createRequire(import.meta.url)(
  'jsonc-parser',
) as typeof import('jsonc-parser');

/**
 * Read the JSON form of a snapshot: an object with one array of rows per view, keyed by view name.
 *
 * jsonc-parser is used instead of JSON.parse because it keeps the offset of every value: numbers
 * keep their original digits (an LSN written as a number is judged on what the file says, not on
 * the rounded double), and every problem gets a line. Comments and trailing commas are refused,
 * since no producer of snapshots writes them.
 */

const MAX_SYNTAX_PROBLEMS = 5;

/**
 * A cell and where it was read. Its JSON pointer and line are worked out only when a problem
 * names them: a snapshot has tens of cells per database copy, and almost none is ever named.
 */
class JsonCellAt implements CellAt {
  constructor(
    readonly cell: Cell,
    private readonly rowPointer: string,
    private readonly key: string,
    private readonly offset: number,
    private readonly lineAt: (offset: number) => number,
  ) {}

  get pointer(): string {
    return `${this.rowPointer}/${escapePointer(this.key)}`;
  }

  get line(): number {
    return this.lineAt(this.offset);
  }
}

/** A row and where it was read; its line, too, is worked out when asked for. */
class JsonRow implements SnapshotRow {
  constructor(
    readonly index: number,
    readonly pointer: string,
    readonly cells: ReadonlyMap<string, CellAt>,
    private readonly offset: number,
    private readonly lineAt: (offset: number) => number,
  ) {}

  get line(): number {
    return this.lineAt(this.offset);
  }
}

/**
 * Where a tool cuts a long value: sqlcmd at 256 characters unless -y 0 ("-y … The default is
 * 256", S100); Invoke-Sqlcmd at 4,000 ("-MaxCharLength … The default value is 4,000
 * characters", Invoke-Sqlcmd reference); SSMS's grid at 65,535 (docs/dmv-snapshot.md).
 */
const CUT_AT: ReadonlyMap<number, string> = new Map([
  [256, 'sqlcmd cuts a long value there unless run with -y 0'],
  [4000, 'Invoke-Sqlcmd cuts a long value there unless -MaxCharLength is raised'],
  [65_535, "SSMS's grid cuts a long value there unless Maximum Characters Retrieved is raised"],
]);

/** Why a one-line JSON text that does not parse may have been cut short, if its length says so. */
const cutShort = (source: string): string | undefined => {
  const text = source.trim();
  const why = text.includes('\n') ? undefined : CUT_AT.get(text.length);
  return why === undefined
    ? undefined
    : `the snapshot stops after ${text.length} characters: ${why} (docs/dmv-snapshot.md)`;
};

/**
 * A row ConvertTo-Json wrote as text: an object deeper than -Depth ("The default value is 2",
 * S101) is written as its type name ("System.Data.DataRow") or, for a PSObject, "@{…}".
 */
const tooDeep = (text: string): string | undefined =>
  /^(System\.[A-Za-z.]+|@\{.*\})$/s.test(text.trim())
    ? `expected an object (one row), got the text ${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)}: ConvertTo-Json writes an object deeper than its -Depth (2 unless given) as text; run it with a larger -Depth, such as -Depth 5`
    : undefined;

const words = (code: string): string => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export const parseJsonSnapshot = (
  text: string,
  firstLine = 1,
): E.Either<readonly DmvProblem[], Snapshot> => {
  const source = withoutBom(text);
  const index = positionIndex(source);
  // A snapshot read from a saved cell (saved-cell.ts) counts lines from the cell's line.
  const position = (offset: number): { line: number; column: number } => {
    const at = index(offset);
    return { line: at.line + firstLine - 1, column: at.column };
  };
  const errors: ParseError[] = [];
  const deep = jsonTooDeep(source);
  if (deep !== undefined)
    return E.left([
      problemAt(
        { pointer: '', line: deep.line },
        'a snapshot: an object of arrays of flat rows',
        '',
        `${deep.message} (line ${deep.line}, column ${deep.column})`,
      ),
    ]);
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch {
    // The parser recurses per nesting level; a pathological input exhausts the stack.
    return E.left([
      snapshotProblem(
        'the JSON is nested too deeply; a snapshot is an object of arrays of flat rows',
      ),
    ]);
  }
  if (errors.length > 0) {
    const cut = cutShort(source);
    return E.left([
      ...(cut === undefined ? [] : [snapshotProblem(cut, undefined, firstLine)]),
      ...errors.slice(0, MAX_SYNTAX_PROBLEMS).map((e) => {
        const at = position(e.offset);
        return problemAt(
          { pointer: '', line: at.line },
          'valid JSON',
          '',
          `invalid JSON: ${words(printParseErrorCode(e.error))} at line ${at.line}, column ${at.column}`,
        );
      }),
    ]);
  }
  const cell =
    root === undefined
      ? undefined
      : savedSnapshotCell(
          root,
          (key) => key.toLowerCase() === 'sys' || canonicalView(key) !== undefined,
        );
  if (cell !== undefined) return parseJsonSnapshot(String(cell.value), position(cell.offset).line);
  if (root === undefined || root.type !== 'object') {
    return E.left([
      snapshotProblem(
        `expected a JSON object with one array of rows per view, keyed by view name (for example "sys.availability_groups")${
          root?.type === 'array'
            ? `, or a saved result row whose ${SNAPSHOT_COLUMN} column holds it; got an array`
            : ''
        }`,
      ),
    ]);
  }

  const problems: DmvProblem[] = [];
  const tables = new Map<ViewName, SnapshotTable>();
  const ignored: IgnoredView[] = [];
  const lineAt = (offset: number): number => position(offset).line;
  const lineOf = (node: Node): number => lineAt(node.offset);

  const cellOf = (node: Node): Cell => {
    switch (node.type) {
      case 'string':
        return { kind: 'string', text: String(node.value) };
      case 'number':
        return { kind: 'number', text: source.slice(node.offset, node.offset + node.length) };
      case 'boolean':
        return { kind: 'boolean', value: node.value === true };
      case 'null':
        return { kind: 'null' };
      default:
        // Some PowerShell versions write a database NULL (DBNull) as an empty object.
        return node.type === 'object' && (node.children ?? []).length === 0
          ? { kind: 'null' }
          : { kind: 'nested' };
    }
  };

  const readRow = (
    view: ViewName,
    node: Node,
    index: number,
    pointer: string,
  ): SnapshotRow | undefined => {
    if (node.type !== 'object') {
      const line = lineOf(node);
      const named = node.type === 'string' ? tooDeep(String(node.value)) : undefined;
      problems.push(
        problemAt(
          { pointer, view, row: index + 1, line },
          'an object (one row)',
          node.type,
          named ?? `expected an object (one row), got a JSON ${node.type}`,
        ),
      );
      return undefined;
    }
    const cells = new Map<string, CellAt>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const key = String(keyNode.value);
      const column = key.toLowerCase();
      if (cells.has(column)) {
        problems.push(
          problemAt(
            {
              pointer: `${pointer}/${escapePointer(key)}`,
              view,
              row: index + 1,
              column,
              line: lineOf(keyNode),
            },
            'each column once',
            key,
            `column ${column} appears twice in this row`,
          ),
        );
        continue;
      }
      cells.set(column, new JsonCellAt(cellOf(valueNode), pointer, key, valueNode.offset, lineAt));
    }
    return new JsonRow(index, pointer, cells, node.offset, lineAt);
  };

  const addView = (name: string, node: Node, pointer: string, keyLine: number): void => {
    const view = canonicalView(name);
    if (view === undefined) {
      ignored.push({ name, pointer, line: keyLine });
      return;
    }
    if (tables.has(view)) {
      problems.push(snapshotProblem(`view ${view} appears twice`, view, keyLine));
      return;
    }
    // FOR JSON gives NULL for a subquery without rows; PowerShell gives an object for one row.
    const rowNodes =
      node.type === 'array'
        ? (node.children ?? [])
        : node.type === 'null'
          ? []
          : node.type === 'object'
            ? [node]
            : undefined;
    if (rowNodes === undefined) {
      problems.push(
        problemAt(
          { pointer, view, line: lineOf(node) },
          'an array of rows',
          node.type,
          `expected an array of rows, got a JSON ${node.type}`,
        ),
      );
      return;
    }
    const rows: SnapshotRow[] = [];
    rowNodes.forEach((rowNode, i) => {
      const row = readRow(view, rowNode, i, node.type === 'array' ? `${pointer}/${i}` : pointer);
      if (row !== undefined) rows.push(row);
    });
    tables.set(view, { view, pointer, line: keyLine, columns: undefined, rows });
  };

  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = String(keyNode.value);
    // FOR JSON PATH turns the alias [sys.availability_groups] into {"sys": {"availability_groups": …}}.
    if (key.toLowerCase() === 'sys' && valueNode.type === 'object') {
      for (const inner of valueNode.children ?? []) {
        const [innerKey, innerValue] = inner.children ?? [];
        if (innerKey === undefined || innerValue === undefined) continue;
        const innerName = String(innerKey.value);
        addView(
          `sys.${innerName}`,
          innerValue,
          `/${escapePointer(key)}/${escapePointer(innerName)}`,
          lineOf(innerKey),
        );
      }
    } else {
      addView(key, valueNode, `/${escapePointer(key)}`, lineOf(keyNode));
    }
  }
  return problems.length > 0 ? E.left(problems) : E.right({ format: 'json', tables, ignored });
};
