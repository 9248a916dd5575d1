import * as E from 'fp-ts/lib/Either.js';
import type { LinkMode } from '../../core/distributed/events.js';
import type {
  DistributedDatabaseFacts,
  DistributedFacts,
  DistributedMemberFacts,
} from '../../core/distributed/facts.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import {
  CLUSTER_STATE_COLUMNS,
  DATABASE_STATE_COLUMNS,
  GROUP_COLUMNS,
  LISTENER_COLUMNS,
  REPLICA_COLUMNS,
  REPLICA_STATE_COLUMNS,
  type RowOf,
  SERVER_COLUMNS,
} from './columns.js';
import { buildConfig } from './config.js';
import { openSnapshot } from './open.js';
import { type DmvProblem, snapshotProblem } from './problem.js';
import type { Decoded } from './rows.js';
import { type Cell, type Snapshot, VIEWS } from './snapshot.js';

/**
 * A DMV snapshot of a distributed availability group, read into the facts its failover readiness
 * judges. In sys.availability_groups the distributed group has is_distributed = 1; its "replicas"
 * in sys.availability_replicas and sys.dm_hadr_availability_replica_states are its two member
 * groups, and sys.dm_hadr_database_replica_states holds one row per member and database (S43,
 * "View distributed availability group information"). The rows show only on a member group's
 * primary: the global primary (which sees the forwarder's row too) or the forwarder (its own row).
 */

export interface DistributedSnapshotOptions {
  /** The SQL Server version; optional when the snapshot has the SERVERPROPERTY result set. */
  readonly version?: SqlServerVersion;
  /** The distributed group to read, by name, when the instance is in several. */
  readonly group?: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Whether the snapshot holds a row of sys.availability_groups with is_distributed = 1 (named
 * `group`, when given: a snapshot on a forwarder holds its own group too, which a user may ask
 * about by name).
 */
export const hasDistributedGroup = (snapshot: Snapshot, group?: string): boolean =>
  snapshot.tables.get(VIEWS.groups)?.rows.some((r) => {
    const name = r.cells.get('name')?.cell;
    return (
      isDistributedRow(r.cells.get('is_distributed')?.cell) &&
      (group === undefined || (name?.kind === 'string' && same(name.text.trim(), group)))
    );
  }) ?? false;

const isDistributedRow = (c: Cell | undefined): boolean =>
  c !== undefined &&
  ((c.kind === 'boolean' && c.value) ||
    ((c.kind === 'number' || c.kind === 'string') && c.text.trim() === '1'));

/**
 * The names of the groups in sys.availability_groups that are not distributed, in row order: an
 * instance hosting several availability groups lists each.
 */
export const plainGroupNames = (snapshot: Snapshot): readonly string[] =>
  (snapshot.tables.get(VIEWS.groups)?.rows ?? []).flatMap((r) => {
    const name = r.cells.get('name')?.cell;
    return !isDistributedRow(r.cells.get('is_distributed')?.cell) && name?.kind === 'string'
      ? [name.text.trim()]
      : [];
  });

export const snapshotToDistributedFacts = (
  snapshot: Snapshot,
  options: DistributedSnapshotOptions = {},
): E.Either<readonly DmvProblem[], DistributedFacts> => {
  const opened = openSnapshot(
    snapshot,
    [VIEWS.groups, VIEWS.replicas, VIEWS.replicaStates, VIEWS.databaseStates],
    options.version,
  );
  if (E.isLeft(opened)) return opened;
  const { version: v, problems, rows: read } = opened.right;
  const groups = read(VIEWS.groups, GROUP_COLUMNS);
  const replicas = read(VIEWS.replicas, REPLICA_COLUMNS);
  const replicaStates = read(VIEWS.replicaStates, REPLICA_STATE_COLUMNS);
  const databaseStates = read(VIEWS.databaseStates, DATABASE_STATE_COLUMNS);
  const clusterStates = read(VIEWS.clusterStates, CLUSTER_STATE_COLUMNS);
  const server = read(VIEWS.serverProperty, SERVER_COLUMNS, 2012);
  const listeners = read(VIEWS.listeners, LISTENER_COLUMNS);
  if (problems.length > 0) return E.left(problems);

  const distributed = groups.filter(
    (g) =>
      g.value.is_distributed === true &&
      (options.group === undefined || same(g.value.name, options.group)),
  );
  const [dag] = distributed;
  if (dag === undefined || distributed.length > 1)
    return E.left([
      snapshotProblem(
        dag === undefined
          ? `no row with is_distributed = 1${options.group === undefined ? '' : ` named ${options.group}`}: the snapshot holds no distributed availability group (the rows show only on a member group's primary)`
          : `the snapshot has ${distributed.length} distributed availability groups (${distributed.map((g) => g.value.name).join(', ')}); name one (--group)`,
        VIEWS.groups,
      ),
    ]);
  const groupId = dag.value.group_id;
  const memberRows = replicas.filter((r) => r.value.group_id === groupId);
  const stateOf = (replicaId: string) =>
    replicaStates.find((s) => s.value.group_id === groupId && s.value.replica_id === replicaId);
  const nameOf = new Map(memberRows.map((r) => [r.value.replica_id, r.value.replica_server_name]));
  const dagRows = databaseStates.filter((d) => d.value.group_id === groupId);
  const databaseName = (d: Decoded<RowOf<typeof DATABASE_STATE_COLUMNS>>) =>
    d.value.database_name ??
    clusterStates.find((c) => c.value.group_database_id === d.value.group_database_id)?.value
      .database_name;
  for (const d of dagRows) {
    if (!nameOf.has(d.value.replica_id))
      problems.push(
        snapshotProblem(
          `row ${d.row.index + 1} names replica_id ${d.value.replica_id}, which is not a member of ${dag.value.name} in sys.availability_replicas`,
          VIEWS.databaseStates,
          d.row.line,
        ),
      );
    else if (databaseName(d) === undefined)
      problems.push(
        snapshotProblem(
          `row ${d.row.index + 1} of ${dag.value.name} has no database_name, and sys.dm_hadr_database_replica_cluster_states has no row for its group_database_id: add database_name (DB_NAME(database_id)) to the query`,
          VIEWS.databaseStates,
          d.row.line,
        ),
      );
  }
  if (problems.length > 0) return E.left(problems);
  const databases = [...new Set(dagRows.map((d) => databaseName(d)!))];
  const config = buildConfig({
    group: dag,
    replicas: memberRows,
    routing: [],
    listeners: [],
    listenerAddresses: [],
    databases,
    version: v,
  });
  if (E.isLeft(config)) return config;

  const local = memberRows.find((r) => stateOf(r.value.replica_id)?.value.is_local === true);
  // The side's own setting: MODIFY AVAILABILITY GROUP ON sets both rows, on each side (S3, S58).
  const localMode: LinkMode = memberRows.every(
    (r) => r.value.availability_mode_desc === 'SYNCHRONOUS_COMMIT',
  )
    ? 'SYNCHRONOUS_COMMIT'
    : 'ASYNCHRONOUS_COMMIT';
  const localInstance = localReplicaOf(
    local?.value.replica_server_name,
    groups,
    replicas,
    replicaStates,
  );
  // The local member's own listener, where the snapshot shows it is a DNN listener.
  const ownGroupId = groups.find(
    (g) =>
      g.value.is_distributed !== true &&
      local !== undefined &&
      same(g.value.name, local.value.replica_server_name),
  )?.value.group_id;
  const dnnListener =
    listeners.find(
      (l) => l.value.group_id === ownGroupId && l.value.is_distributed_network_name === true,
    )?.value.dns_name ?? null;
  const members = memberRows.map((r): DistributedMemberFacts => {
    const s = stateOf(r.value.replica_id)?.value;
    const isLocal = s?.is_local === true;
    const connected =
      s?.connected_state_desc === 'CONNECTED'
        ? true
        : s?.connected_state_desc === 'DISCONNECTED'
          ? false
          : null;
    return {
      name: r.value.replica_server_name,
      role: s?.role_desc === 'PRIMARY' || s?.role_desc === 'SECONDARY' ? s.role_desc : null,
      availabilityMode: isLocal ? localMode : null,
      // The local member's primary answered the query; a remote one is seen running while CONNECTED.
      primaryRunning: isLocal ? true : connected === true ? true : null,
      primaryReplica: isLocal ? localInstance : null,
      connected,
      // Members may run different major versions (S43): the snapshot's is its own side's.
      version: isLocal ? v : null,
      ...(isLocal && dnnListener !== null ? { dnnListener } : {}),
    };
  });
  const rows: DistributedDatabaseFacts[] = dagRows.map((d) => ({
    database: databaseName(d)!,
    member: nameOf.get(d.value.replica_id)!,
    synchronizationState: d.value.synchronization_state_desc,
    lastHardenedLsn: d.value.last_hardened_lsn,
    // The other side's row as this primary reports it (is_local = 0): KB2922898 compares those (S94).
    truncationLsn: d.value.is_local === false ? d.value.truncation_lsn : null,
  }));
  // On the global primary the view may hold the second group's row only (S43, "Distributed
  // availability groups": the view "currently stores information about the second availability
  // group only"): its own end of log is then its primary database's row in its own group.
  const localMember = local?.value.replica_server_name;
  const ownGroup =
    localMember === undefined
      ? undefined
      : groups.find((g) => g.value.is_distributed !== true && same(g.value.name, localMember));
  // A query that leaves is_primary_replica out (it "may be left out", docs/dmv-snapshot.md) still
  // shows the local replica PRIMARY in its own group: its local row is then the primary database's
  // (S6: is_primary_replica is 1 when "the replica is primary").
  const localIsPrimary =
    ownGroup !== undefined &&
    replicaStates.some(
      (s) =>
        s.value.group_id === ownGroup.value.group_id &&
        s.value.is_local === true &&
        s.value.role_desc === 'PRIMARY',
    );
  if (localMember !== undefined && ownGroup !== undefined && local !== undefined)
    for (const d of databaseStates) {
      const name = databaseName(d);
      if (
        d.value.group_id !== ownGroup.value.group_id ||
        d.value.is_local !== true ||
        !(d.value.is_primary_replica ?? localIsPrimary) ||
        name === undefined ||
        rows.some((r) => r.database === name && same(r.member, localMember))
      )
        continue;
      rows.push({
        database: name,
        member: localMember,
        synchronizationState: null,
        lastHardenedLsn: d.value.last_hardened_lsn,
      });
    }
  const primaries = members.filter((m) => m.role === 'PRIMARY');
  return E.right({
    // The build decides what changed in a cumulative update (a link's failover by T-SQL, S104);
    // null: only the major version is known.
    config: { ...config.right, productVersion: server[0]?.value.product_version ?? null },
    members,
    sender: primaries.length === 1 ? primaries[0]!.name : null,
    databases: rows,
    requiredSynchronizedSecondariesToCommit:
      dag.value.required_synchronized_secondaries_to_commit ?? 0,
    takenOn: local === undefined ? [] : [local.value.replica_server_name],
  });
};

/** The instance the snapshot was taken on: the local replica of the member group it is in. */
const localReplicaOf = (
  member: string | undefined,
  groups: readonly Decoded<RowOf<typeof GROUP_COLUMNS>>[],
  replicas: readonly Decoded<RowOf<typeof REPLICA_COLUMNS>>[],
  states: readonly Decoded<RowOf<typeof REPLICA_STATE_COLUMNS>>[],
): string | null => {
  if (member === undefined) return null;
  const group = groups.find((g) => g.value.is_distributed !== true && same(g.value.name, member));
  if (group === undefined) return null;
  const local = replicas.find(
    (r) =>
      r.value.group_id === group.value.group_id &&
      states.some((s) => s.value.replica_id === r.value.replica_id && s.value.is_local === true),
  );
  return local?.value.replica_server_name ?? null;
};

/**
 * The facts of two snapshots of the same distributed group, one on each side (the documentation
 * runs its check "on both the global primary and the forwarder", S58): each member's own columns
 * come from the side that hosts it.
 */
export const mergeDistributedFacts = (
  a: DistributedFacts,
  b: DistributedFacts,
): E.Either<string, DistributedFacts> => {
  if (!same(a.config.name, b.config.name))
    return E.left(
      `the snapshots show two distributed groups, ${a.config.name} and ${b.config.name}: expected the same group on both sides`,
    );
  const on = (f: DistributedFacts, member: string) => f.takenOn.some((t) => same(t, member));
  const ownerFirst = (member: string) => (on(b, member) && !on(a, member) ? [b, a] : [a, b]);
  const members = a.members.map((m): DistributedMemberFacts => {
    const [own, other] = ownerFirst(m.name).map((f) => f.members.find((x) => same(x.name, m.name)));
    const pick = <K extends keyof DistributedMemberFacts>(k: K) => own?.[k] ?? other?.[k] ?? null;
    return {
      name: m.name,
      role: pick('role'),
      availabilityMode: pick('availabilityMode'),
      primaryRunning: pick('primaryRunning'),
      primaryReplica: pick('primaryReplica'),
      connected: pick('connected'),
      version: pick('version'),
      ...(pick('dnnListener') === null ? {} : { dnnListener: pick('dnnListener') }),
    } as DistributedMemberFacts;
  });
  const keys = [...a.databases, ...b.databases].map((d) => `${d.member}\u0000${d.database}`);
  const databases = [...new Set(keys)].map((key): DistributedDatabaseFacts => {
    const [member, database] = key.split('\u0000') as [string, string];
    const [own, other] = ownerFirst(member).map((f) =>
      f.databases.find((d) => d.member === member && d.database === database),
    );
    return {
      database,
      member,
      synchronizationState: own?.synchronizationState ?? other?.synchronizationState ?? null,
      lastHardenedLsn: own?.lastHardenedLsn ?? other?.lastHardenedLsn ?? null,
      truncationLsn: own?.truncationLsn ?? other?.truncationLsn ?? null,
    };
  });
  const primaries = members.filter((m) => m.role === 'PRIMARY');
  // Both PRIMARY (a forced failover while the other side was away): neither file says which one
  // sends, so the first file given must not decide it.
  const sender =
    primaries.length === 1
      ? primaries[0]!.name
      : primaries.length > 1
        ? null
        : (a.sender ?? b.sender);
  // The version and REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT are those of the global primary's
  // side, where the SQL Server 2022 steps run (S88); the members may run different versions (S43).
  const base = sender !== null && on(b, sender) && !on(a, sender) ? b : a;
  return E.right({
    ...base,
    members,
    sender,
    databases,
    takenOn: [...a.takenOn, ...b.takenOn.filter((t) => !on(a, t))],
  });
};
