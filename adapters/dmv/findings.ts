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

const replicaId = (ids: Ids, name: string | null): string | undefined =>
  name === null
    ? undefined
    : ids.replicas.find((r) => r.value.replica_server_name.toLowerCase() === name.toLowerCase())
        ?.value.replica_id;

/** The snapshot row a finding is about, found by its replica and database. */
const findingRow = (f: Finding, ids: Ids, states: StateRows): Decoded<unknown> | undefined => {
  const rid = replicaId(ids, f.replica);
  if (rid === undefined) return undefined;
  if (f.view === VIEWS.replicaStates)
    return states.replicaStates.find((s) => s.value.replica_id === rid);
  const dbId = ids.databases.find((d) => d.name === f.database)?.id;
  return [...states.databaseStates, ...states.clusterStates].find(
    (s) => s.value.replica_id === rid && s.value.group_database_id === dbId,
  );
};

const findingProblem = (f: Finding, ids: Ids, states: StateRows): DmvProblem => {
  const row = findingRow(f, ids, states);
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
): readonly DmvProblem[] => [
  ...primaryFlagProblems(ids, states),
  ...checkFacts(facts)
    .filter(isImpossible)
    .map((f) => findingProblem(f, ids, states)),
];
