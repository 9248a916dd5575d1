/**
 * A DMV snapshot as read from a file, before any meaning is given to it: for each view, its rows,
 * and for each row its cells keyed by lower-case column name. Both input forms (JSON and sqlcmd
 * CSV) produce this shape, so everything after reading is shared and the two forms cannot drift.
 */

/** The views (and the one server-property result set) a snapshot may hold. */
export const VIEWS = {
  serverProperty: 'SERVERPROPERTY',
  groups: 'sys.availability_groups',
  replicas: 'sys.availability_replicas',
  routingLists: 'sys.availability_read_only_routing_lists',
  listeners: 'sys.availability_group_listeners',
  listenerAddresses: 'sys.availability_group_listener_ip_addresses',
  replicaStates: 'sys.dm_hadr_availability_replica_states',
  databaseStates: 'sys.dm_hadr_database_replica_states',
  clusterStates: 'sys.dm_hadr_database_replica_cluster_states',
  cluster: 'sys.dm_hadr_cluster',
  clusterMembers: 'sys.dm_hadr_cluster_members',
  clusterNetworks: 'sys.dm_hadr_cluster_networks',
  replicaClusterStates: 'sys.dm_hadr_availability_replica_cluster_states',
  groupStates: 'sys.dm_hadr_availability_group_states',
  automaticSeeding: 'sys.dm_hadr_automatic_seeding',
  physicalSeedingStats: 'sys.dm_hadr_physical_seeding_stats',
} as const;
export type ViewName = (typeof VIEWS)[keyof typeof VIEWS];

export const ALL_VIEWS: readonly ViewName[] = Object.values(VIEWS);

/** Views without which no facts can be built; the others add detail when present. */
export const REQUIRED_VIEWS: readonly ViewName[] = [
  VIEWS.groups,
  VIEWS.replicas,
  VIEWS.routingLists,
  VIEWS.replicaStates,
  VIEWS.databaseStates,
  VIEWS.clusterStates,
];

/** SQL Server names are case-insensitive, so view names are matched that way. */
export const canonicalView = (name: string): ViewName | undefined => {
  const wanted = name.trim().toLowerCase();
  return ALL_VIEWS.find((v) => v.toLowerCase() === wanted);
};

/**
 * One value as the file wrote it. Numbers keep their original text, because an LSN written as a
 * JSON number must be judged on its digits, not on the double a JSON parser would make of it.
 * `nested` is a JSON object or array where a scalar was expected.
 */
export type Cell =
  | { readonly kind: 'null' }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'nested' };

export interface CellAt {
  readonly cell: Cell;
  readonly pointer: string;
  readonly line: number | undefined;
}

export interface SnapshotRow {
  /** Position in the view's result set, from 0. */
  readonly index: number;
  readonly pointer: string;
  readonly line: number | undefined;
  readonly cells: ReadonlyMap<string, CellAt>;
  /**
   * The row's values as JSON.parse gave them, keyed by lower-case column, when it was read that
   * way (json-fast.ts): reading a column from them makes no cell.
   */
  readonly values?: Readonly<Record<string, unknown>>;
}

export interface SnapshotTable {
  readonly view: ViewName;
  readonly pointer: string;
  readonly line: number | undefined;
  /** The header, when the form has one (CSV); JSON rows carry their own keys. */
  readonly columns: readonly string[] | undefined;
  readonly rows: readonly SnapshotRow[];
}

/** A result set of a view agstate does not read: kept aside, so reading can say it was ignored. */
export interface IgnoredView {
  readonly name: string;
  readonly pointer: string;
  readonly line: number | undefined;
}

export interface Snapshot {
  readonly format: 'json' | 'csv';
  readonly tables: ReadonlyMap<ViewName, SnapshotTable>;
  /** Views that agstate does not read; never a reason to refuse the snapshot. */
  readonly ignored?: readonly IgnoredView[];
}

/** Render a cell for a message: what was found. */
export const renderCell = (cell: Cell): string => {
  switch (cell.kind) {
    case 'null':
      return 'NULL';
    case 'string':
      return cell.text.length > 60
        ? JSON.stringify(`${cell.text.slice(0, 57)}...`)
        : JSON.stringify(cell.text);
    case 'number':
      return `the number ${cell.text.length > 40 ? `${cell.text.slice(0, 37)}...` : cell.text}`;
    case 'boolean':
      return String(cell.value);
    case 'nested':
      return 'a JSON object or array';
  }
};

/** Line and column (both from 1) of character offsets in a text. */
export const positionIndex = (
  text: string,
): ((offset: number) => { line: number; column: number }) => {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
};

/** The single column of the marker result set that leads each view's rows in the CSV form. */
export const MARKER_COLUMN = 'agstate_view';

/** Text without a leading byte-order mark, which sqlcmd -u and some editors write. */
export const withoutBom = (text: string): string =>
  text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
