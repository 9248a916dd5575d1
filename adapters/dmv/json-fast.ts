import { escapePointer } from './problem.js';
import {
  type Cell,
  type CellAt,
  canonicalView,
  type Snapshot,
  type SnapshotRow,
  type SnapshotTable,
  type ViewName,
  withoutBom,
} from './snapshot.js';

/**
 * The JSON form of a snapshot read by `JSON.parse`, for the common case where that reads it
 * exactly: about ten times faster than the located reader (json.ts), which keeps every value's
 * offset. `JSON.parse` loses three things that reader keeps, so the text is checked for them
 * first and the fast reading refused (undefined) when any could be there:
 * - a number's own digits: an integer literal of 16 digits or more, a fraction, an exponent or
 *   -0 after a key may not survive as a double (an LSN written as a number is judged on its
 *   digits), so such a text is refused;
 * - a repeated key, which `JSON.parse` silently merges: every key is counted as written (`":`,
 *   with no space before the colon, or the text is refused) and compared with the keys read;
 * - the line of each value, which only a problem or a note needs. A text on one line (what FOR
 *   JSON and JSON.stringify write) has every value on line 1; otherwise lines are left unknown,
 *   and the caller reads the text again with the located reader when a problem or note needs one.
 * Rows keep the parsed objects as they are: no object per cell.
 */

const QUOTE = 34;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10;
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;

/**
 * How many keys are written as the reading requires (`":`, no space before the colon), or −1
 * when the text has a key followed by whitespace before its colon, or a number after a key that a
 * double may not keep exactly: 16 digits or more, a fraction, an exponent, or -0. One pass over
 * the colons (a search for one character is the fastest the engine has): every such place has
 * one. A few colons in strings are counted or refused too, which only sends the text to the
 * located reader.
 */
export const keysWrittenExactly = (text: string): number => {
  let keys = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let before = i - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) !== QUOTE) continue;
    if (before < i - 1) return -1;
    keys++;
    let at = i + 1;
    while (isSpace(text.charCodeAt(at))) at++;
    const negative = text.charCodeAt(at) === MINUS;
    const first = negative ? at + 1 : at;
    let end = first;
    while (isDigit(text.charCodeAt(end))) end++;
    const digits = end - first;
    if (digits === 0) continue;
    const next = text.charCodeAt(end);
    if (digits >= 16 || next === 46 || next === 101 || next === 69) return -1;
    if (negative && digits === 1 && text.charCodeAt(first) === ZERO) return -1;
  }
  return keys;
};

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (x: unknown): x is JsonObject =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const NULL_CELL: Cell = { kind: 'null' };
const NESTED_CELL: Cell = { kind: 'nested' };

/** A parsed JSON value as a cell, as json.ts makes it from the parser's node. */
export const cellOfValue = (value: unknown): Cell => {
  switch (typeof value) {
    case 'string':
      return { kind: 'string', text: value };
    case 'number':
      // The text was checked: every number is an integer literal that a double keeps exactly.
      return { kind: 'number', text: String(value) };
    case 'boolean':
      return { kind: 'boolean', value };
    default:
      // Some PowerShell versions write a database NULL (DBNull) as an empty object.
      return value === null || (isObject(value) && Object.keys(value).length === 0)
        ? NULL_CELL
        : NESTED_CELL;
  }
};

/** A row read by JSON.parse: its values as parsed, its cells made only when asked for. */
class ParsedRow implements SnapshotRow {
  constructor(
    readonly index: number,
    readonly line: 1 | undefined,
    private readonly tablePointer: string,
    private readonly single: boolean,
    readonly values: JsonObject,
  ) {}

  get pointer(): string {
    return this.single ? this.tablePointer : `${this.tablePointer}/${this.index}`;
  }

  get cells(): ReadonlyMap<string, CellAt> {
    const pointer = this.pointer;
    const cells = new Map<string, CellAt>();
    for (const key of Object.keys(this.values))
      cells.set(key, {
        cell: cellOfValue(this.values[key]),
        pointer: `${pointer}/${escapePointer(key)}`,
        line: this.line,
      });
    return cells;
  }
}

/** Whether a key is spelled in lower case, as the located reader would key its column. */
const isLowerCase = (key: string): boolean => {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return false;
  }
  return true;
};

/**
 * The snapshot, when JSON.parse reads it exactly and it holds nothing the located reader would
 * report or note at a place this reading does not know (a view agstate does not read, a key not
 * in lower case, a row that is not an object, a cell that is an object or array); otherwise
 * undefined.
 */
export const parseJsonSnapshotFast = (text: string): Snapshot | undefined => {
  const source = withoutBom(text);
  const written = keysWrittenExactly(source);
  if (written < 0) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (!isObject(root)) return undefined;
  const tables = new Map<ViewName, SnapshotTable>();
  const line = source.includes('\n') ? undefined : 1;
  // Rows repeat the same keys (one string each, as JSON.parse keeps them): each is checked once.
  const lowerCaseKeys = new Set<string>();
  let keys = 0;

  const addView = (name: string, value: unknown, pointer: string): boolean => {
    const view = canonicalView(name);
    // A view agstate does not read is left to the located reader, which notes it at its line
    // without walking into it (however deep it nests).
    if (view === undefined || tables.has(view)) return false;
    const single = isObject(value);
    const list = Array.isArray(value) ? value : single ? [value] : value === null ? [] : undefined;
    if (list === undefined) return false;
    const rows: ParsedRow[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const row: unknown = list[i];
      if (!isObject(row)) return false;
      for (const key in row) {
        keys++;
        const cell = row[key];
        if (typeof cell === 'object' && cell !== null && !isEmpty(cell)) return false;
        if (!lowerCaseKeys.has(key)) {
          if (!isLowerCase(key)) return false;
          lowerCaseKeys.add(key);
        }
      }
      rows[i] = new ParsedRow(i, line, pointer, single, row);
    }
    tables.set(view, { view, pointer, line, columns: undefined, rows });
    return true;
  };

  for (const key of Object.keys(root)) {
    keys++;
    const value = root[key];
    // FOR JSON PATH turns the alias [sys.availability_groups] into {"sys": {"availability_groups": …}}.
    if (key.toLowerCase() === 'sys' && isObject(value)) {
      for (const inner of Object.keys(value)) {
        keys++;
        if (
          !addView(`sys.${inner}`, value[inner], `/${escapePointer(key)}/${escapePointer(inner)}`)
        )
          return undefined;
      }
    } else if (!addView(key, value, `/${escapePointer(key)}`)) return undefined;
  }
  // Fewer keys read than written: JSON.parse merged a repeated one.
  if (written !== keys) return undefined;
  return { format: 'json', tables, ignored: [] };
};

const isEmpty = (x: object): boolean => {
  if (Array.isArray(x)) return false;
  for (const _ in x) return false;
  return true;
};
