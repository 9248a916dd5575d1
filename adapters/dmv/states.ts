import * as E from 'fp-ts/lib/Either.js';
import type {
  CLUSTER_STATE_COLUMNS,
  DATABASE_STATE_COLUMNS,
  REPLICA_COLUMNS,
  REPLICA_STATE_COLUMNS,
  RowOf,
} from './columns.js';
import { type DmvProblem, problemAt } from './problem.js';
import type { Decoded } from './rows.js';
import { VIEWS, type ViewName } from './snapshot.js';

/**
 * Join the runtime views to one group's replicas. The DMVs name replicas and databases by id:
 * replica_id, and group_database_id, which is the same on every replica; the database's name comes
 * from sys.dm_hadr_database_replica_cluster_states (or a database_name column the query adds).
 * Rows of other groups are skipped; a row of this group that names an unknown replica is an error.
 */

type ReplicaState = RowOf<typeof REPLICA_STATE_COLUMNS>;
type DatabaseState = RowOf<typeof DATABASE_STATE_COLUMNS>;
type ClusterState = RowOf<typeof CLUSTER_STATE_COLUMNS>;

export interface StateRows {
  readonly replicaStates: readonly Decoded<ReplicaState>[];
  readonly databaseStates: readonly Decoded<DatabaseState>[];
  readonly clusterStates: readonly Decoded<ClusterState>[];
}

export interface JoinedStates {
  readonly databases: readonly { readonly id: string; readonly name: string }[];
  readonly primary: string | null;
  readonly replicaState: (replica: string) => Decoded<ReplicaState> | undefined;
  /** A replica's rows of sys.dm_hadr_database_replica_states, by group_database_id. */
  readonly databaseStates: (replica: string) => ReadonlyMap<string, Decoded<DatabaseState>>;
  /** A replica's rows of sys.dm_hadr_database_replica_cluster_states, by group_database_id. */
  readonly clusterStates: (replica: string) => ReadonlyMap<string, Decoded<ClusterState>>;
  /** The replica whose row has is_local = 1: the instance the snapshot was taken on. */
  readonly localReplica: string | null;
  /** Whether one of a replica's database rows has is_primary_replica = 1 (S6: the replica is primary). */
  readonly flaggedPrimary: (replica: string) => boolean;
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

const rowProblem = (
  view: ViewName,
  d: Decoded<unknown>,
  column: string,
  expected: string,
  actual: string,
  message: string,
): DmvProblem =>
  problemAt(
    { pointer: `${d.row.pointer}/${column}`, view, row: d.row.index + 1, column, line: d.row.line },
    expected,
    actual,
    message,
  );

export const joinStates = (
  groupId: string,
  replicas: readonly Decoded<RowOf<typeof REPLICA_COLUMNS>>[],
  rows: StateRows,
): E.Either<readonly DmvProblem[], JoinedStates> => {
  const problems: DmvProblem[] = [];
  const nameById = new Map<string, string>();
  const idByName = new Map<string, string>();
  for (const r of replicas) {
    const { replica_id: id, replica_server_name: name } = r.value;
    if (nameById.has(id) || idByName.has(name.toLowerCase())) {
      problems.push(
        rowProblem(
          VIEWS.replicas,
          r,
          'replica_id',
          'one row per replica',
          id,
          `replica ${name} (${id}) appears twice`,
        ),
      );
      continue;
    }
    nameById.set(id, name);
    idByName.set(name.toLowerCase(), id);
  }

  /** Whether a row of this group names a replica of the group; reports it when it does not. */
  const isKnownReplica = (view: ViewName, d: Decoded<{ replica_id: string }>): boolean => {
    if (nameById.has(d.value.replica_id)) return true;
    problems.push(
      rowProblem(
        view,
        d,
        'replica_id',
        'a replica_id of the group in sys.availability_replicas',
        d.value.replica_id,
        `no replica of the group has replica_id ${d.value.replica_id}`,
      ),
    );
    return false;
  };
  const repeated = (view: ViewName, d: Decoded<unknown>, key: string, what: string): void => {
    problems.push(
      rowProblem(
        view,
        d,
        'replica_id',
        'one row per key',
        key,
        `a second row for the same ${what}`,
      ),
    );
  };
  const ownGroup = (r: { group_id: string }): boolean => r.group_id === groupId;
  const replicaStates = new Map<string, Decoded<ReplicaState>>();
  for (const d of rows.replicaStates) {
    if (!ownGroup(d.value) || !isKnownReplica(VIEWS.replicaStates, d)) continue;
    if (replicaStates.has(d.value.replica_id))
      repeated(VIEWS.replicaStates, d, d.value.replica_id, 'replica');
    else replicaStates.set(d.value.replica_id, d);
  }
  /** One view's rows of this group by replica, then database: no key string made per row. */
  const byReplicaAndDatabase = <R extends { replica_id: string; group_database_id: string }>(
    view: ViewName,
    list: readonly Decoded<R>[],
    ofGroup: (r: R) => boolean,
  ): { byReplica: Map<string, Map<string, Decoded<R>>>; inOrder: Decoded<R>[] } => {
    const out = new Map<string, Map<string, Decoded<R>>>();
    const inOrder: Decoded<R>[] = [];
    for (const d of list) {
      if (!ofGroup(d.value) || !isKnownReplica(view, d)) continue;
      let ofReplica = out.get(d.value.replica_id);
      if (ofReplica === undefined) {
        ofReplica = new Map();
        out.set(d.value.replica_id, ofReplica);
      }
      if (ofReplica.has(d.value.group_database_id))
        repeated(
          view,
          d,
          `${d.value.replica_id}/${d.value.group_database_id}`,
          'replica and database',
        );
      else {
        ofReplica.set(d.value.group_database_id, d);
        inOrder.push(d);
      }
    }
    return { byReplica: out, inOrder };
  };
  const databaseStates = byReplicaAndDatabase(VIEWS.databaseStates, rows.databaseStates, ownGroup);
  // The cluster view has no group_id: its rows belong to this group when their replica does.
  const clusterStates = byReplicaAndDatabase(VIEWS.clusterStates, rows.clusterStates, (r) =>
    nameById.has(r.replica_id),
  );

  const names = new Map<string, string>();
  for (const c of clusterStates.inOrder)
    if (!names.has(c.value.group_database_id))
      names.set(c.value.group_database_id, c.value.database_name);
  for (const d of databaseStates.inOrder) {
    const id = d.value.group_database_id;
    if (names.has(id)) continue;
    if (d.value.database_name !== undefined) names.set(id, d.value.database_name);
    else
      problems.push(
        rowProblem(
          VIEWS.databaseStates,
          d,
          'group_database_id',
          'a database name',
          id,
          `no row of ${VIEWS.clusterStates} names the database ${id}, and the row has no database_name column`,
        ),
      );
  }

  // Two rows in the PRIMARY role are read as they are: the consistency checks report them
  // (TWO_PRIMARY_ROWS), and under CLUSTER_TYPE NONE they are what SQL Server shows after a forced
  // failover that left the old primary running (S45).
  const primaries = [...replicaStates.values()].filter((s) => s.value.role_desc === 'PRIMARY');
  if (problems.length > 0) return E.left(problems);

  // When no replica-state row has the PRIMARY role (role_desc is NULL for a replica the primary
  // cannot see), the database rows' is_primary_replica may still name the primary.
  const flagged = [
    ...new Set(
      databaseStates.inOrder
        .filter((d) => d.value.is_primary_replica === true)
        .map((d) => d.value.replica_id),
    ),
  ];
  const local = [...replicaStates.values()].find((s) => s.value.is_local);
  // With two PRIMARY rows, the snapshot's own instance is the primary it was taken on, if it is
  // one of them; otherwise the snapshot does not say which one the group follows.
  const primaryId =
    primaries.length === 1
      ? primaries[0]!.value.replica_id
      : primaries.length > 1
        ? primaries.find((p) => p === local)?.value.replica_id
        : flagged.length === 1
          ? flagged[0]
          : undefined;
  const localId = local?.value.replica_id;
  const idOf = (replica: string): string => idByName.get(replica.toLowerCase()) ?? '';
  return E.right({
    databases: [...names].map(([id, name]) => ({ id, name })),
    primary: primaryId === undefined ? null : (nameById.get(primaryId) ?? null),
    replicaState: (replica) => replicaStates.get(idOf(replica)),
    databaseStates: (replica) => databaseStates.byReplica.get(idOf(replica)) ?? NONE,
    clusterStates: (replica) => clusterStates.byReplica.get(idOf(replica)) ?? NONE,
    localReplica: localId === undefined ? null : (nameById.get(localId) ?? null),
    flaggedPrimary: (replica) => flagged.includes(idOf(replica)),
  });
};
