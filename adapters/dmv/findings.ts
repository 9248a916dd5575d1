import { checkFacts } from '../../core/consistency/facts.js';
import { type Finding, isImpossible } from '../../core/consistency/finding.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import type { REPLICA_COLUMNS, RowOf } from './columns.js';
import { type DmvProblem, problemAt, snapshotProblem } from './problem.js';
import type { Decoded } from './rows.js';
import { VIEWS } from './snapshot.js';
import type { StateRows } from './states.js';

/**
 * The consistency checks of the core on the facts a snapshot gave, and the one the core cannot
 * see (is_primary_replica); an impossible finding refuses the snapshot at the row it came from.
 */

interface Ids {
  readonly groupId: string;
  readonly replicas: readonly Decoded<RowOf<typeof REPLICA_COLUMNS>>[];
  readonly databases: readonly { readonly id: string; readonly name: string }[];
}

/**
 * The snapshot row a finding is about, found by its replica and database: the replica state row,
 * or the first database row (sys.dm_hadr_database_replica_states before the cluster states).
 * Indexed once per snapshot: a snapshot can have a finding on every row.
 */
const rowFinder = (ids: Ids, states: StateRows): ((f: Finding) => Decoded<unknown> | undefined) => {
  const replicaIds = new Map<string, string>();
  for (const r of ids.replicas) {
    const name = r.value.replica_server_name.toLowerCase();
    if (!replicaIds.has(name)) replicaIds.set(name, r.value.replica_id);
  }
  const databaseIds = new Map<string, string>();
  for (const d of ids.databases) if (!databaseIds.has(d.name)) databaseIds.set(d.name, d.id);
  const replicaRows = new Map<string, Decoded<unknown>>();
  for (const s of states.replicaStates)
    if (!replicaRows.has(s.value.replica_id)) replicaRows.set(s.value.replica_id, s);
  // Keyed by replica id, then database id, so no key is made by joining strings.
  const databaseRows = new Map<string, Map<string | undefined, Decoded<unknown>>>();
  for (const s of [...states.databaseStates, ...states.clusterStates]) {
    let own = databaseRows.get(s.value.replica_id);
    if (own === undefined) {
      own = new Map();
      databaseRows.set(s.value.replica_id, own);
    }
    if (!own.has(s.value.group_database_id)) own.set(s.value.group_database_id, s);
  }
  return (f) => {
    const rid = f.replica === null ? undefined : replicaIds.get(f.replica.toLowerCase());
    if (rid === undefined) return undefined;
    if (f.view === VIEWS.replicaStates) return replicaRows.get(rid);
    const dbId = f.database === null ? undefined : databaseIds.get(f.database);
    return databaseRows.get(rid)?.get(dbId);
  };
};

const findingProblem = (
  f: Finding,
  findingRow: (f: Finding) => Decoded<unknown> | undefined,
): DmvProblem => {
  const row = findingRow(f);
  const message = `${f.message} [${f.code}]`;
  if (row === undefined) return snapshotProblem(message, f.view ?? undefined);
  const column = f.column ?? undefined;
  return problemAt(
    {
      pointer: column === undefined ? row.row.pointer : `${row.row.pointer}/${column}`,
      view: f.view ?? undefined,
      row: row.row.index + 1,
      column,
      line: row.row.line,
    },
    'a combination a real server can produce (docs/checks.md)',
    f.code,
    message,
  );
};

/** S6 is_primary_replica = 1 on a database row of a replica whose S7 role_desc is known and not PRIMARY. */
const primaryFlagProblems = (ids: Ids, states: StateRows): DmvProblem[] =>
  states.databaseStates.flatMap((d) => {
    if (d.value.group_id !== ids.groupId || d.value.is_primary_replica !== true) return [];
    const role = states.replicaStates.find(
      (s) => s.value.group_id === ids.groupId && s.value.replica_id === d.value.replica_id,
    )?.value.role_desc;
    if (role === undefined || role === null || role === 'PRIMARY') return [];
    return [
      problemAt(
        {
          pointer: `${d.row.pointer}/is_primary_replica`,
          view: VIEWS.databaseStates,
          row: d.row.index + 1,
          column: 'is_primary_replica',
          line: d.row.line,
        },
        `is_primary_replica = 0 on a replica whose role_desc is ${role}`,
        '1',
        `is_primary_replica = 1 on a replica whose role_desc is ${role} in ${VIEWS.replicaStates}: only the primary's databases are primary [PRIMARY_FLAG_ON_NON_PRIMARY]`,
      ),
    ];
  });

/** Every impossible contradiction in the snapshot, placed at its row; none when it is consistent. */
export const snapshotContradictions = (
  facts: ClusterFacts,
  ids: Ids,
  states: StateRows,
): readonly DmvProblem[] => {
  const impossible = checkFacts(facts).filter(isImpossible);
  const findingRow = impossible.length === 0 ? () => undefined : rowFinder(ids, states);
  return [
    ...primaryFlagProblems(ids, states),
    ...impossible.map((f) => findingProblem(f, findingRow)),
  ];
};
