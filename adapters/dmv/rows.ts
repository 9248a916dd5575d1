import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { UNREAD, valueReaderFor } from './cells.js';
import type { RowOf, Spec } from './columns.js';
import { cellOfValue } from './json-fast.js';
import { type DmvProblem, problemAt } from './problem.js';
import {
  type Cell,
  renderCell,
  type Snapshot,
  type SnapshotRow,
  VIEWS,
  type ViewName,
} from './snapshot.js';

/** A decoded row, with the row it came from so later problems can still name the place. */
export interface Decoded<R> {
  readonly value: R;
  readonly row: SnapshotRow;
}

export interface DecodedView<R> {
  readonly rows: readonly Decoded<R>[];
  readonly problems: readonly DmvProblem[];
}

const isRequired = (column: Spec[string], version: SqlServerVersion): boolean =>
  column.optional !== true &&
  column.unknownWhenMissing !== true &&
  (column.since === undefined || version >= column.since);

const missingMessage = (name: string, column: Spec[string], version: SqlServerVersion): string =>
  column.since === undefined
    ? `missing column ${name} (see the query in docs/dmv-snapshot.md)`
    : `missing column ${name}, which SQL Server has from ${column.since} on (the snapshot is read as SQL Server ${version}; see docs/dmv-snapshot.md)`;

type Row = Record<string, unknown>;

/**
 * A copy of a view's row template, one spread per view. A spread that copies objects of more than
 * four shapes goes megamorphic, and V8 then copies through its runtime, ten times slower (about
 * 0.6 µs a row on the fleet bench): every view's template has a shape of its own, so each view
 * gets a spread of its own.
 */
const COPY_TEMPLATE: Readonly<Record<ViewName, (template: Row) => Row>> = {
  [VIEWS.serverProperty]: (t) => ({ ...t }),
  [VIEWS.groups]: (t) => ({ ...t }),
  [VIEWS.replicas]: (t) => ({ ...t }),
  [VIEWS.routingLists]: (t) => ({ ...t }),
  [VIEWS.listeners]: (t) => ({ ...t }),
  [VIEWS.listenerAddresses]: (t) => ({ ...t }),
  [VIEWS.replicaStates]: (t) => ({ ...t }),
  [VIEWS.databaseStates]: (t) => ({ ...t }),
  [VIEWS.clusterStates]: (t) => ({ ...t }),
  [VIEWS.cluster]: (t) => ({ ...t }),
  [VIEWS.clusterMembers]: (t) => ({ ...t }),
  [VIEWS.clusterNetworks]: (t) => ({ ...t }),
  [VIEWS.replicaClusterStates]: (t) => ({ ...t }),
  [VIEWS.groupStates]: (t) => ({ ...t }),
  [VIEWS.automaticSeeding]: (t) => ({ ...t }),
  [VIEWS.physicalSeedingStats]: (t) => ({ ...t }),
};

/** Each column's value reader, and a row template with every column as an absent cell reads. */
const readersOf = (columns: readonly (readonly [string, Spec[string]])[]) => ({
  fromValues: columns.map(([, column]) => valueReaderFor(column.read)),
  template: Object.fromEntries(
    columns.map(([name, column]) => [name, column.unknownWhenMissing === true ? null : undefined]),
  ) as Row,
});

/**
 * The usual case of a parsed view, in one pass: every row holds every required column and every
 * value reads as parsed. Each row is read key by key as it holds them, and rows of one query hold
 * their keys in one order, so a key is first compared with the key at its place in the row before
 * (JSON.parse gives one string for every occurrence of a property name) and looked up only when it
 * differs. `undefined` as soon as a row is not of that case: the caller then reads the view with
 * every check, which places each problem (and says the same of the rows this pass would accept).
 */
const decodeReadableView = <S extends Spec>(
  rowsIn: readonly SnapshotRow[],
  view: ViewName,
  columns: readonly (readonly [string, Spec[string]])[],
  version: SqlServerVersion,
): Decoded<RowOf<S>>[] | undefined => {
  const { fromValues, template } = readersOf(columns);
  const columnIndex = new Map(columns.map(([name], i) => [name, i]));
  const required = columns.map(([, column]) => isRequired(column, version));
  let requiredCount = 0;
  for (const r of required) if (r) requiredCount++;
  const copyTemplate = COPY_TEMPLATE[view];
  const keyAt: string[] = [];
  const indexAt: (number | undefined)[] = [];
  const rows: Decoded<RowOf<S>>[] = new Array(rowsIn.length);
  for (let n = 0; n < rowsIn.length; n++) {
    const row = rowsIn[n]!;
    const values = row.values;
    if (values === undefined) return undefined;
    const value = copyTemplate(template);
    let present = 0;
    let k = 0;
    for (const key in values) {
      let i: number | undefined;
      if (keyAt[k] === key) i = indexAt[k];
      else {
        i = columnIndex.get(key);
        keyAt[k] = key;
        indexAt[k] = i;
      }
      k++;
      if (i === undefined) continue;
      const raw = values[key];
      if (raw === undefined) continue;
      if (required[i] === true) present++;
      const read = fromValues[i]!(raw);
      if (read === UNREAD) return undefined;
      value[key] = read;
    }
    if (present !== requiredCount) return undefined;
    rows[n] = { value: value as RowOf<S>, row };
  }
  return rows;
};

/**
 * Decode the rows of one view by its column spec. `undefined` when the view is absent from the
 * snapshot, so the caller decides whether that is an error. Rows with a problem are left out.
 */
export const decodeView = <S extends Spec>(
  snapshot: Snapshot,
  view: ViewName,
  spec: S,
  version: SqlServerVersion,
): DecodedView<RowOf<S>> | undefined => {
  const table = snapshot.tables.get(view);
  if (table === undefined) return undefined;
  if (table.columns === undefined) {
    const readable = decodeReadableView<S>(table.rows, view, Object.entries(spec), version);
    if (readable !== undefined) return { rows: readable, problems: [] };
  }
  const problems: DmvProblem[] = [];
  const columns = Object.entries(spec);
  const missing = new Set<string>();
  for (const [name, column] of columns) {
    if (!isRequired(column, version)) continue;
    if (table.columns !== undefined) {
      if (!table.columns.includes(name)) {
        missing.add(name);
        problems.push(
          problemAt(
            { pointer: table.pointer, view, column: name, line: table.line },
            `column ${name}`,
            'nothing',
            missingMessage(name, column, version),
          ),
        );
      }
      continue;
    }
    const first = table.rows.find((r) =>
      r.values === undefined ? !r.cells.has(name) : r.values[name] === undefined,
    );
    if (first !== undefined) {
      missing.add(name);
      problems.push(
        problemAt(
          { pointer: first.pointer, view, row: first.index + 1, column: name, line: first.line },
          `column ${name}`,
          'nothing',
          missingMessage(name, column, version),
        ),
      );
    }
  }

  // Each column's value reader, found once per view rather than per cell. Every row's value starts
  // as a copy of one object with every column, each as an absent cell reads: one shape for all
  // rows, each column set in place rather than added, none set twice.
  const { fromValues, template } = readersOf(columns);
  const anyMissing = missing.size > 0;
  const columnIndex = new Map(columns.map(([name], i) => [name, i]));
  const copyTemplate = COPY_TEMPLATE[view];
  const rows: Decoded<RowOf<S>>[] = [];
  for (const row of table.rows) {
    const values = row.values;
    // A parsed row is read key by key as it holds them (a lookup per key, where reading it by
    // column name is a megamorphic load per column); the first value that needs its cell read, or
    // a missing required column, sends the row to the reading by column below, which places
    // every problem in column order.
    if (values !== undefined && !anyMissing) {
      const value = copyTemplate(template);
      let readAll = true;
      for (const key in values) {
        const i = columnIndex.get(key);
        if (i === undefined) continue;
        const raw = values[key];
        if (raw === undefined) continue;
        const read = fromValues[i]!(raw);
        if (read === UNREAD) {
          readAll = false;
          break;
        }
        value[key] = read;
      }
      if (readAll) {
        rows.push({ value: value as RowOf<S>, row });
        continue;
      }
    }
    const value = copyTemplate(template);
    // A parsed row's cells are made only for the problem of a value that does not read.
    const cells = values === undefined ? row.cells : undefined;
    let ok = true;
    for (let i = 0; i < columns.length; i++) {
      const [name, column] = columns[i]!;
      let cell: Cell;
      if (values !== undefined) {
        const raw = values[name];
        if (raw === undefined) {
          if (anyMissing && missing.has(name)) ok = false;
          continue;
        }
        const read = fromValues[i]!(raw);
        if (read !== UNREAD) {
          value[name] = read;
          continue;
        }
        cell = cellOfValue(raw);
      } else {
        const at = cells?.get(name);
        if (at === undefined) {
          if (anyMissing && missing.has(name)) ok = false;
          continue;
        }
        cell = at.cell;
      }
      const read = column.read(cell);
      if (E.isRight(read)) {
        value[name] = read.right;
        continue;
      }
      ok = false;
      const at = (cells ?? row.cells).get(name)!;
      const found = renderCell(cell);
      problems.push(
        problemAt(
          { pointer: at.pointer, view, row: row.index + 1, column: name, line: at.line },
          read.left.expected,
          found,
          read.left.message ?? `expected ${read.left.expected}, got ${found}`,
        ),
      );
    }
    // Every key of the spec was set above, from a reader of the right type or as an absent column.
    if (ok) rows.push({ value: value as RowOf<S>, row });
  }
  return { rows, problems };
};
