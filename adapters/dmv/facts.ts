import * as E from 'fp-ts/lib/Either.js';
import type { DistributedFacts } from '../../core/distributed/facts.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import type {
  ClusterFacts,
  DatabaseReplicaFacts,
  QuorumState,
  ReplicaFacts,
} from '../../core/model/facts.js';
import { machineOf } from '../../core/routing/routing-url.js';
import { sameName } from '../../core/rules/facts-access.js';
import { seedingRuns } from '../../core/seeding/seen.js';
import { clusterMembersOf, clusterNetworksOf } from './cluster-members.js';
import {
  AUTOMATIC_SEEDING_COLUMNS,
  CLUSTER_COLUMNS,
  CLUSTER_MEMBER_COLUMNS,
  CLUSTER_NETWORK_COLUMNS,
  CLUSTER_STATE_COLUMNS,
  COLUMNS_BY_VIEW,
  DATABASE_STATE_COLUMNS,
  GROUP_COLUMNS,
  GROUP_STATE_COLUMNS,
  LISTENER_ADDRESS_COLUMNS,
  LISTENER_COLUMNS,
  PHYSICAL_SEEDING_COLUMNS,
  REPLICA_CLUSTER_STATE_COLUMNS,
  REPLICA_COLUMNS,
  REPLICA_STATE_COLUMNS,
  ROUTING_COLUMNS,
  type RowOf,
  SERVER_COLUMNS,
} from './columns.js';
import { buildConfig } from './config.js';
import { snapshotToDistributedFacts } from './distributed.js';
import { snapshotContradictions } from './findings.js';
import { openSnapshot } from './open.js';
import { otherListenersOf } from './other-listeners.js';
import { type DmvProblem, problemAt, snapshotProblem } from './problem.js';
import type { Decoded } from './rows.js';
import { seedingSeen } from './seeding.js';
import { REQUIRED_VIEWS, type Snapshot, type SnapshotRow, VIEWS } from './snapshot.js';
import { joinStates, type StateRows } from './states.js';

export interface SnapshotOptions {
  /** The SQL Server version; optional when the snapshot has the SERVERPROPERTY result set. */
  readonly version?: SqlServerVersion;
  /** The availability group to read, by name, when the instance hosts several. */
  readonly group?: string;
  /** The name of the file, put in front of each row's place in its `origin`. */
  readonly origin?: string;
}

/** Facts read from one snapshot, and what was read but not used (views, columns). */
export interface SnapshotFacts {
  readonly facts: ClusterFacts;
  /** One line each: a view or column that agstate does not read and ignored. Never a refusal. */
  readonly notes: readonly DmvProblem[];
  /**
   * The distributed groups the snapshot shows this group a member of (several in a chain), read
   * as `snapshotToDistributedFacts` reads them: `decideMember` judges the group in its place there.
   */
  readonly distributed: readonly DistributedFacts[];
}

/**
 * Build the facts the decision engine reads from a DMV snapshot. What the snapshot cannot know is
 * null: a snapshot taken on a secondary lacks other replicas' rows, and those replicas' runtime
 * facts are then unknown, not errors. Never throws; every problem names its place.
 */
export const snapshotToFacts = (
  snapshot: Snapshot,
  options: SnapshotOptions = {},
): E.Either<readonly DmvProblem[], ClusterFacts> =>
  E.map((r: SnapshotFacts) => r.facts)(readSnapshotFacts(snapshot, options));

/**
 * The WSFC state of the group's listener's IP addresses, when the snapshot selects state_desc
 * (sys.availability_group_listener_ip_addresses); nothing when it does not.
 */
const listenerStates = (
  listeners: readonly Decoded<RowOf<typeof LISTENER_COLUMNS>>[],
  addresses: readonly Decoded<RowOf<typeof LISTENER_ADDRESS_COLUMNS>>[],
  groupId: string,
): Pick<ClusterFacts, 'listenerAddressStates'> => {
  const listener = listeners.find((l) => l.value.group_id === groupId);
  const own = addresses.filter((a) => a.value.listener_id === listener?.value.listener_id);
  if (own.length === 0 || own.every((a) => a.value.state_desc === undefined)) return {};
  return {
    listenerAddressStates: own.map((a) => ({
      address: a.value.ip_address,
      state: a.value.state_desc ?? null,
    })),
  };
};

/** snapshotToFacts, with the notes about what was ignored. */
export const readSnapshotFacts = (
  snapshot: Snapshot,
  options: SnapshotOptions = {},
): E.Either<readonly DmvProblem[], SnapshotFacts> => {
  const opened = openSnapshot(snapshot, REQUIRED_VIEWS, options.version);
  if (E.isLeft(opened)) return opened;
  const { version: v, problems, rows: read } = opened.right;
  const groups = read(VIEWS.groups, GROUP_COLUMNS);
  const replicas = read(VIEWS.replicas, REPLICA_COLUMNS);
  const routing = read(VIEWS.routingLists, ROUTING_COLUMNS);
  const listeners = read(VIEWS.listeners, LISTENER_COLUMNS);
  const listenerAddresses = read(VIEWS.listenerAddresses, LISTENER_ADDRESS_COLUMNS);
  const states: StateRows = {
    replicaStates: read(VIEWS.replicaStates, REPLICA_STATE_COLUMNS),
    databaseStates: read(VIEWS.databaseStates, DATABASE_STATE_COLUMNS),
    clusterStates: read(VIEWS.clusterStates, CLUSTER_STATE_COLUMNS),
  };
  const cluster = read(VIEWS.cluster, CLUSTER_COLUMNS);
  const members = read(VIEWS.clusterMembers, CLUSTER_MEMBER_COLUMNS);
  const networks = read(VIEWS.clusterNetworks, CLUSTER_NETWORK_COLUMNS);
  const replicaJoins = read(VIEWS.replicaClusterStates, REPLICA_CLUSTER_STATE_COLUMNS);
  const groupStates = read(VIEWS.groupStates, GROUP_STATE_COLUMNS);
  const server = read(VIEWS.serverProperty, SERVER_COLUMNS, 2012);
  const seedingAttempts = read(VIEWS.automaticSeeding, AUTOMATIC_SEEDING_COLUMNS);
  const seedingStreams = read(VIEWS.physicalSeedingStats, PHYSICAL_SEEDING_COLUMNS);
  if (problems.length > 0) return E.left(problems);

  const group = chooseGroup(groups, options.group);
  if (E.isLeft(group)) return E.left([group.left]);
  const groupId = group.right.value.group_id;
  const own = replicas.filter((r) => r.value.group_id === groupId);
  const joined = joinStates(groupId, own, states);
  if (E.isLeft(joined)) return joined;
  const config = buildConfig({
    group: group.right,
    replicas: own,
    routing,
    listeners,
    listenerAddresses,
    databases: joined.right.databases.map((d) => d.name),
    version: v,
  });
  if (E.isLeft(config)) return config;

  const j = joined.right;
  const origin = (d: Decoded<unknown> | undefined, view: string): string | undefined =>
    d === undefined ? undefined : rowOrigin(options.origin, snapshot.format, d, view);
  const groupState = groupStates.find((g) => g.value.group_id === groupId);
  const replicaNames = config.right.replicas.map((r) => r.name);
  // Each node's member_state_desc; with quorum the view lists every node, UP or DOWN (S185).
  const nodeStates = new Map(
    members.map((m) => [m.value.member_name.toLowerCase(), m.value.member_state_desc]),
  );
  const nodesListed = clusterNodeCount(snapshot.tables.has(VIEWS.clusterMembers), members) !== null;
  const serverName = server[0]?.value.server_name;
  const atServerName = server[0]?.value.at_servername;
  const joinState = new Map(replicaJoins.map((x) => [x.value.replica_id, x.value.join_state_desc]));
  const replicaFacts: ReplicaFacts[] = config.right.replicas.map((r) => {
    const d = j.replicaState(r.name);
    const node = machineOf(r.name);
    const nodeState = nodeStates.get(node);
    const join = joinState.get(
      own.find((x) => sameName(x.value.replica_server_name, r.name))?.value.replica_id ?? '',
    );
    const s = d?.value;
    const at = origin(d, VIEWS.replicaStates);
    return {
      name: r.name,
      // is_primary_replica = 1 says the replica is primary (S6) when role_desc does not say:
      // left out of the query, or NULL in a snapshot merged from several instances.
      role: s?.role_desc ?? (j.flaggedPrimary(r.name) ? 'PRIMARY' : null),
      operationalState: s?.operational_state_desc ?? null,
      connectedState: s?.connected_state_desc ?? null,
      ...(s?.synchronization_health_desc === undefined
        ? {}
        : { synchronizationHealth: s.synchronization_health_desc }),
      // The local replica answered the query, so it is running. A node the cluster reports DOWN
      // (the node is the part of the name before a backslash) was removed from the cluster's
      // membership, which missed heartbeats alone do (S65): its instance may still run.
      isUp: s?.is_local === true ? true : null,
      ...(s?.is_local !== true && nodeState === 'DOWN' ? { nodeDown: true } : {}),
      // UP is shown so that no reason names member_state_desc as settling whether it runs.
      ...(s?.is_local !== true && nodeState === 'UP' ? { nodeUp: true } : {}),
      // Not listed among them: evicted, or not a node's name (an FCI's); the view cannot show it.
      ...(s?.is_local !== true && nodesListed && !nodeStates.has(node)
        ? { nodeUnlisted: true }
        : {}),
      canCreateDatabase: null,
      // NOT_JOINED: added on the primary, its instance has not run JOIN (S98); a replica the view
      // lists with no state (no quorum) or does not list is unknown, and so is one without the view.
      ...(join === undefined ? {} : { isJoined: join === null ? null : join !== 'NOT_JOINED' }),
      ...(at === undefined ? {} : { origin: at }),
      // SERVERPROPERTY is the local instance's: the version of this replica alone.
      ...(s?.is_local === true ? { version: v } : {}),
      // sys.availability_groups is the local instance's catalog: its sequence_number is this
      // replica's alone (S29).
      ...(s?.is_local === true && group.right.value.sequence_number != null
        ? { sequenceNumber: group.right.value.sequence_number }
        : {}),
      ...(s?.is_local === true && serverName != null && atServerName != null
        ? { serverNames: { atServerName, serverName } }
        : {}),
    };
  });
  // A configuration-only replica holds no user databases.
  const dataReplicas = config.right.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  const ownRole = j.localReplica === null ? null : j.replicaState(j.localReplica)?.value.role_desc;
  const seedingViews = {
    attempts: snapshot.tables.has(VIEWS.automaticSeeding) ? seedingAttempts : undefined,
    streams: snapshot.tables.has(VIEWS.physicalSeedingStats) ? seedingStreams : undefined,
    groupId,
    localReplica: j.localReplica,
    localIsPrimary:
      j.localReplica !== null && (ownRole === 'PRIMARY' || j.flaggedPrimary(j.localReplica)),
    replicaIds: new Map(
      own.map((x) => [x.value.replica_server_name.toLowerCase(), x.value.replica_id]),
    ),
    origin,
  };
  const databaseReplicas: DatabaseReplicaFacts[] = [];
  for (const r of dataReplicas) {
    const stateRows = j.databaseStates(r.name);
    const clusterRows = j.clusterStates(r.name);
    for (const d of j.databases) {
      const s = stateRows.get(d.id);
      const c = clusterRows.get(d.id);
      const at = origin(s, VIEWS.databaseStates) ?? origin(c, VIEWS.clusterStates);
      const own =
        s?.value.is_local ?? (j.localReplica !== null && sameName(j.localReplica, r.name));
      const role = j.replicaState(r.name)?.value.role_desc ?? null;
      const onSecondary = own && role !== 'PRIMARY' && !j.flaggedPrimary(r.name);
      const facts = databaseFacts(r.name, d.name, s?.value, c?.value, at, onSecondary);
      const seeding = seedingSeen(seedingViews, r.name, d.name, d.id);
      databaseReplicas.push(
        seeding === undefined ? facts : { ...facts, seeding, isSeeding: seedingRuns(seeding) },
      );
    }
  }
  const primary =
    j.primary ??
    (groupState?.value.primary_replica == null
      ? null
      : (replicaNames.find(
          (n) => n.toLowerCase() === groupState.value.primary_replica!.toLowerCase(),
        ) ?? null));
  const localState = j.localReplica === null ? undefined : j.replicaState(j.localReplica)?.value;
  const localRole = localState?.role_desc ?? null;
  // A RESOLVING replica whose operational state is FAILED cannot read the cluster, and one in
  // PENDING_FAILOVER is processing a failover (S7): for neither does the missing primary_replica
  // say the group has no primary ("NULL = ... unable to communicate with the WSFC", S49). Under
  // CLUSTER_TYPE NONE no cluster tells a RESOLVING replica (one taken OFFLINE on its own instance
  // for a read-scale failover, S108) which replica the others took as primary.
  const quorum = quorumOf(
    states,
    cluster,
    snapshot.tables.has(VIEWS.cluster) && config.right.clusterType === 'WSFC',
  );
  // Nor does it for a replica whose node has no quorum: its cluster service cannot communicate
  // with the others, and the primary's node may have kept quorum (S107, dba.stackexchange q/337973).
  const seesNoPrimary =
    config.right.clusterType !== 'NONE' &&
    localRole === 'RESOLVING' &&
    localState?.operational_state_desc !== 'FAILED' &&
    localState?.operational_state_desc !== 'PENDING_FAILOVER' &&
    quorum !== 'LOST';
  // Without primary_replica, a group whose every other data replica sits on a node the cluster
  // reports DOWN (removed from the active membership, S65: the group cannot come online there),
  // seen from a RESOLVING local replica whose node has quorum, has no primary either.
  const othersOnDownNodes =
    (quorum === 'HEALTHY' || quorum === 'FORCED') &&
    replicaFacts.every(
      (r) =>
        (j.localReplica !== null && sameName(r.name, j.localReplica)) ||
        r.nodeDown === true ||
        config.right.replicas.find((c) => sameName(c.name, r.name))?.availabilityMode ===
          'CONFIGURATION_ONLY',
    );
  const productVersion = server[0]?.value.product_version ?? null;
  const facts: ClusterFacts = {
    // The build decides the rules that changed in a cumulative update; null: only the major
    // version is known, and those rules say unknown.
    config: { ...config.right, productVersion },
    quorum,
    primary,
    replicas: replicaFacts,
    databaseReplicas,
    localReplica: j.localReplica,
    productVersion,
    // The failure threshold's default is n − 1 for n WSFC nodes (S23), not for n replicas. A
    // cluster has nodes: a view without node rows is a node without quorum ("If the WSFC node has
    // no quorum, no rows are returned"), which does not count them.
    clusterNodes: clusterNodeCount(snapshot.tables.has(VIEWS.clusterMembers), members),
    ...clusterMembersOf(snapshot.tables.has(VIEWS.clusterMembers), members),
    ...clusterNetworksOf(snapshot.tables.has(VIEWS.clusterNetworks), networks),
    // Without the view, a group with no listener row may still have one (docs/dmv-snapshot.md).
    ...(snapshot.tables.has(VIEWS.listeners) ? {} : { listenersListed: false }),
    ...(snapshot.tables.has(VIEWS.listeners) && !snapshot.tables.has(VIEWS.listenerAddresses)
      ? { listenerAddressesListed: false }
      : {}),
    ...listenerStates(listeners, listenerAddresses, groupId),
    ...otherListenersOf(listeners, listenerAddresses, groupId),
    ...(cluster[0]?.value.cluster_name ? { clusterName: cluster[0].value.cluster_name } : {}),
    // sys.dm_hadr_availability_group_states names the primary; with none named and the local
    // replica RESOLVING, the group has no primary (S49, S7); nor with every other replica on a
    // node the cluster reports DOWN.
    ...((groupState !== undefined || othersOnDownNodes) && primary === null && seesNoPrimary
      ? { groupState: 'RESOLVING' as const }
      : {}),
    ...(groupState?.value.synchronization_health_desc == null
      ? {}
      : { synchronizationHealth: groupState.value.synchronization_health_desc }),
  };
  const ids = { groupId, replicas: own, databases: j.databases };
  const contradictions = snapshotContradictions(facts, ids, states);
  if (contradictions.length > 0) return E.left(contradictions);
  const memberOf = groups.filter(
    (g) =>
      g.value.is_distributed === true &&
      replicas.some(
        (r) =>
          r.value.group_id === g.value.group_id &&
          r.value.replica_server_name.toLowerCase() === config.right.name.toLowerCase(),
      ),
  );
  const distributed: DistributedFacts[] = [];
  for (const g of memberOf) {
    const read = snapshotToDistributedFacts(snapshot, { version: v, group: g.value.name });
    if (E.isLeft(read)) return read;
    distributed.push(read.right);
  }
  return E.right({ facts, notes: ignoredNotes(snapshot), distributed });
};

/** Where a row was read: `file#/pointer` for JSON, `file:line` for CSV, then the view and row. */
const rowOrigin = (
  file: string | undefined,
  form: Snapshot['format'],
  d: Decoded<unknown>,
  view: string,
): string => {
  const place =
    form === 'json' || d.row.line === undefined ? `#${d.row.pointer}` : `:${d.row.line}`;
  return `${file ?? 'snapshot'}${place} (${view}, row ${d.row.index + 1})`;
};

const clusterNodeCount = (
  read: boolean,
  members: readonly { readonly value: { readonly member_type_desc?: string | null } }[],
): number | null => {
  if (!read || !members.every((m) => m.value.member_type_desc != null)) return null;
  const nodes = members.filter((m) => m.value.member_type_desc === 'CLUSTER_NODE').length;
  return nodes === 0 ? null : nodes;
};

/**
 * Quorum: sys.dm_hadr_cluster says it when present (S8/S44: NORMAL_QUORUM, FORCED_QUORUM), and
 * without a row when it is lost: "If the WSFC node has no quorum, no row is returned"
 * (sys.dm_hadr_cluster (Transact-SQL); `wsfcViewRead`: the view was queried on a WSFC group), unless the
 * local replica is FAILED (it could not read the cluster, S7). A local FAILED_NO_QUORUM says it is
 * lost; otherwise an ONLINE primary proves the cluster has quorum,
 * since without it the group goes offline (S26).
 */
const quorumOf = (
  states: StateRows,
  cluster: readonly Decoded<RowOf<typeof CLUSTER_COLUMNS>>[],
  wsfcViewRead: boolean,
): QuorumState | null => {
  if (states.replicaStates.some((s) => s.value.operational_state_desc === 'FAILED_NO_QUORUM'))
    return 'LOST';
  // With the cluster view, it alone says; an ONLINE primary cannot tell normal from forced quorum.
  if (cluster.length > 0) {
    const declared = cluster[0]!.value.quorum_state_desc;
    return declared === 'NORMAL_QUORUM'
      ? 'HEALTHY'
      : declared === 'FORCED_QUORUM'
        ? 'FORCED'
        : null;
  }
  // No row means no quorum, but only where the instance could read the cluster: a local replica
  // FAILED had "a read failure … during an attempt to retrieve information from the WSFC cluster",
  // and one whose node lacks quorum says FAILED_NO_QUORUM instead (S7), so its empty view is unknown.
  if (wsfcViewRead)
    return states.replicaStates.some(
      (s) => s.value.is_local && s.value.operational_state_desc === 'FAILED',
    )
      ? null
      : 'LOST';
  return states.replicaStates.some(
    (s) => s.value.role_desc === 'PRIMARY' && s.value.operational_state_desc === 'ONLINE',
  )
    ? 'HEALTHY'
    : null;
};

/**
 * Every column some row has, in the order first seen (one set, not an array per row). Rows of a
 * view mostly name the same columns in the same order: a row's columns are compared with the row
 * before's, position by position, and only those that differ are looked up in the set.
 */
const columnsOfRows = (rows: readonly SnapshotRow[]): string[] => {
  const seen = new Set<string>();
  let before: readonly string[] = [];
  for (const row of rows) {
    if (row.values === undefined) {
      for (const column of row.cells.keys()) seen.add(column);
      continue;
    }
    let i = 0;
    let same = true;
    for (const column in row.values) {
      if (same && before[i] === column) {
        i++;
        continue;
      }
      same = false;
      seen.add(column);
    }
    if (!same || i !== before.length) before = Object.keys(row.values);
  }
  return [...seen];
};

/** Views agstate does not read, and the columns of read views that it does not use. */
const ignoredNotes = (snapshot: Snapshot): DmvProblem[] => [
  ...(snapshot.ignored ?? []).map((i) =>
    problemAt(
      { pointer: i.pointer, line: i.line },
      'a view agstate reads',
      i.name,
      `view ${i.name} is not read by agstate and was ignored`,
    ),
  ),
  ...[...snapshot.tables.values()].flatMap((table) => {
    const spec = COLUMNS_BY_VIEW[table.view];
    const present = table.columns ?? columnsOfRows(table.rows);
    const unused = present.filter((c) => !(c in spec) && c !== '');
    // A view without rows (FOR JSON writes NULL) leaves out no column: it has no row to read.
    const rowless = table.columns === undefined && table.rows.length === 0;
    const leftOut = rowless
      ? []
      : Object.entries(spec)
          .filter(([c, col]) => col.unknownWhenMissing === true && !present.includes(c))
          .map(([c]) => c);
    const unknownNote =
      leftOut.length === 0
        ? []
        : [
            problemAt(
              { pointer: table.pointer, view: table.view, line: table.line },
              'the state columns of the documented query',
              leftOut.join(', '),
              `column${leftOut.length === 1 ? '' : 's'} left out, read as unknown for every row: ${leftOut.join(', ')}`,
            ),
          ];
    return unused.length === 0
      ? unknownNote
      : [
          ...unknownNote,
          problemAt(
            { pointer: table.pointer, view: table.view, line: table.line },
            'columns agstate reads',
            unused.join(', '),
            `column${unused.length === 1 ? '' : 's'} not read by agstate, ignored: ${unused.join(', ')}`,
          ),
        ];
  }),
];

const chooseGroup = (
  groups: readonly Decoded<RowOf<typeof GROUP_COLUMNS>>[],
  wanted: string | undefined,
): E.Either<DmvProblem, Decoded<RowOf<typeof GROUP_COLUMNS>>> => {
  const names = groups.map((g) => g.value.name).join(', ');
  if (wanted !== undefined) {
    const found = groups.find((g) => g.value.name.toLowerCase() === wanted.toLowerCase());
    return found !== undefined
      ? E.right(found)
      : E.left(
          snapshotProblem(
            `no availability group named ${wanted}; the snapshot has: ${names || 'none'} (a distributed group's rows show only on a member group's primary)`,
            VIEWS.groups,
          ),
        );
  }
  const only = groups[0];
  if (only === undefined)
    return E.left(snapshotProblem('no availability group: the view has no rows', VIEWS.groups));
  if (groups.length > 1) {
    return E.left(
      snapshotProblem(
        `the snapshot has ${groups.length} availability groups (${names}); choose one (--group on the command line, { group } in the library)`,
        VIEWS.groups,
      ),
    );
  }
  return E.right(only);
};

/**
 * S6 gives recovery_lsn as the primary reports it: on a secondary copy's row there, the point the
 * copy must revert to when below its last_hardened_lsn, and MAX when there is none. A secondary's
 * own row is not that: a published capture shows one SYNCHRONIZED with recovery_lsn below its
 * last_hardened_lsn (docs/dmv-snapshot.md, "recovery_lsn"). Such a value says nothing of a
 * revert, and the cluster-wide view's value is taken instead, or none; one at or above
 * last_hardened_lsn still says no revert is needed.
 */
const revertPoint = (
  s: RowOf<typeof DATABASE_STATE_COLUMNS> | undefined,
  c: RowOf<typeof CLUSTER_STATE_COLUMNS> | undefined,
  ownRowOnSecondary: boolean,
): bigint | null => {
  const own = s?.recovery_lsn ?? null;
  const hardened = s?.last_hardened_lsn ?? null;
  const usable = !ownRowOnSecondary || (own !== null && hardened !== null && own >= hardened);
  return (usable ? own : null) ?? c?.recovery_lsn ?? null;
};

/**
 * S8, is_pending_secondary_suspend: "1 = HADR_SYNCHRONIZED_ SUSPENDED. When a forced failover
 * completes, each of the secondary databases is set to HADR_SYNCHONIZED_SUSPENDED and remains in
 * this state until the new primary replica receives an acknowledgement from that secondary database
 * to the SUSPEND message" (S157: the new primary "is waiting for an acknowledgement from the former
 * primary of the suspend action"). So 1 settles what the runtime view leaves unsaid (is_suspended
 * NULL, left out, or no row, as for a replica not yet back): suspended after a forced failover,
 * SUSPEND_FROM_PARTNER (S6). 0 is "any states except" that one, which says nothing of a suspension
 * already acknowledged; a value the runtime view shows is kept.
 */
const pendingSuspend = (
  s: RowOf<typeof DATABASE_STATE_COLUMNS> | undefined,
  c: RowOf<typeof CLUSTER_STATE_COLUMNS> | undefined,
): Pick<DatabaseReplicaFacts, 'isSuspended' | 'suspendReason'> => {
  const pending = c?.is_pending_secondary_suspend === true;
  const isSuspended = s?.is_suspended ?? (pending ? true : null);
  const shown = s?.suspend_reason_desc ?? null;
  return {
    isSuspended,
    suspendReason: shown ?? (pending && isSuspended === true ? 'SUSPEND_FROM_PARTNER' : null),
  };
};

const databaseFacts = (
  replica: string,
  database: string,
  s: RowOf<typeof DATABASE_STATE_COLUMNS> | undefined,
  c: RowOf<typeof CLUSTER_STATE_COLUMNS> | undefined,
  origin: string | undefined,
  ownRowOnSecondary: boolean,
): DatabaseReplicaFacts => {
  // The optional fields are added after the literal, not spread into it: a spread makes V8 build
  // the whole object by its generic copy, once per copy of every database.
  const facts: { -readonly [K in keyof DatabaseReplicaFacts]: DatabaseReplicaFacts[K] } = {
    replica,
    database,
    isJoined: c?.is_database_joined ?? null,
    databaseState: s?.database_state_desc ?? null,
    synchronizationState: s?.synchronization_state_desc ?? null,
    ...pendingSuspend(s, c),
    isFailoverReady: c?.is_failover_ready ?? null,
    lastReceivedLsn: s?.last_received_lsn ?? null,
    lastHardenedLsn: s?.last_hardened_lsn ?? null,
    lastRedoneLsn: s?.last_redone_lsn ?? null,
    endOfLogLsn: s?.end_of_log_lsn ?? null,
    lastCommitLsn: s?.last_commit_lsn ?? null,
    logSendQueueKb: s?.log_send_queue_size ?? null,
    logSendRateKbPerSecond: s?.log_send_rate ?? null,
    redoQueueKb: s?.redo_queue_size ?? null,
    redoRateKbPerSecond: s?.redo_rate ?? null,
    lastCommitTimeMs: s?.last_commit_time ?? null,
    lastHardenedTimeMs: s?.last_hardened_time ?? null,
    secondaryLagSeconds: s?.secondary_lag_seconds ?? null,
    recoveryLsn: revertPoint(s, c, ownRowOnSecondary),
    truncationLsn: s?.truncation_lsn ?? c?.truncation_lsn ?? null,
    isSeeding: null,
  };
  if (s?.synchronization_health_desc !== undefined)
    facts.synchronizationHealth = s.synchronization_health_desc;
  if (origin !== undefined) facts.origin = origin;
  return facts;
};
