import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../../core/model/enums.js';
import type {
  ClusterFacts,
  DatabaseReplicaFacts,
  QuorumState,
  ReplicaFacts,
} from '../../core/model/facts.js';
import {
  CLUSTER_STATE_COLUMNS,
  DATABASE_STATE_COLUMNS,
  GROUP_COLUMNS,
  LISTENER_ADDRESS_COLUMNS,
  LISTENER_COLUMNS,
  REPLICA_COLUMNS,
  REPLICA_STATE_COLUMNS,
  ROUTING_COLUMNS,
  type RowOf,
} from './columns.js';
import { buildConfig } from './config.js';
import { snapshotContradictions } from './findings.js';
import { type DmvProblem, snapshotProblem } from './problem.js';
import { type Decoded, decodeView } from './rows.js';
import { REQUIRED_VIEWS, type Snapshot, VIEWS } from './snapshot.js';
import { joinStates, type StateRows } from './states.js';
import { snapshotVersion } from './version.js';

export interface SnapshotOptions {
  /** The SQL Server version; optional when the snapshot has the SERVERPROPERTY result set. */
  readonly version?: SqlServerVersion;
  /** The availability group to read, by name, when the instance hosts several. */
  readonly group?: string;
}

/**
 * Build the facts the decision engine reads from a DMV snapshot. What the snapshot cannot know is
 * null: a snapshot taken on a secondary lacks other replicas' rows, and those replicas' runtime
 * facts are then unknown, not errors. Never throws; every problem names its place.
 */
export const snapshotToFacts = (
  snapshot: Snapshot,
  options: SnapshotOptions = {},
): E.Either<readonly DmvProblem[], ClusterFacts> => {
  const missing = REQUIRED_VIEWS.filter((v) => !snapshot.tables.has(v));
  if (missing.length > 0) {
    return E.left(
      missing.map((v) =>
        snapshotProblem(`missing view ${v} (the query in docs/dmv-snapshot.md selects it)`, v),
      ),
    );
  }
  const version = snapshotVersion(snapshot, options.version);
  if (E.isLeft(version)) return version;
  const v = version.right;
  const problems: DmvProblem[] = [];
  const rowsOf = <R>(
    decoded: { rows: readonly Decoded<R>[]; problems: readonly DmvProblem[] } | undefined,
  ): readonly Decoded<R>[] => {
    if (decoded === undefined) return [];
    problems.push(...decoded.problems);
    return decoded.rows;
  };
  const groups = rowsOf(decodeView(snapshot, VIEWS.groups, GROUP_COLUMNS, v));
  const replicas = rowsOf(decodeView(snapshot, VIEWS.replicas, REPLICA_COLUMNS, v));
  const routing = rowsOf(decodeView(snapshot, VIEWS.routingLists, ROUTING_COLUMNS, v));
  const listeners = rowsOf(decodeView(snapshot, VIEWS.listeners, LISTENER_COLUMNS, v));
  const listenerAddresses = rowsOf(
    decodeView(snapshot, VIEWS.listenerAddresses, LISTENER_ADDRESS_COLUMNS, v),
  );
  const states: StateRows = {
    replicaStates: rowsOf(decodeView(snapshot, VIEWS.replicaStates, REPLICA_STATE_COLUMNS, v)),
    databaseStates: rowsOf(decodeView(snapshot, VIEWS.databaseStates, DATABASE_STATE_COLUMNS, v)),
    clusterStates: rowsOf(decodeView(snapshot, VIEWS.clusterStates, CLUSTER_STATE_COLUMNS, v)),
  };
  if (problems.length > 0) return E.left(problems);

  const group = chooseGroup(groups, options.group);
  if (E.isLeft(group)) return E.left([group.left]);
  const own = replicas.filter((r) => r.value.group_id === group.right.value.group_id);
  const joined = joinStates(group.right.value.group_id, own, states);
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
  const replicaFacts: ReplicaFacts[] = config.right.replicas.map((r) => {
    const s = j.replicaState(r.name);
    return {
      name: r.name,
      role: s?.role_desc ?? null,
      operationalState: s?.operational_state_desc ?? null,
      connectedState: s?.connected_state_desc ?? null,
      ...(s?.synchronization_health_desc === undefined
        ? {}
        : { synchronizationHealth: s.synchronization_health_desc }),
      isUp: null,
      canCreateDatabase: null,
    };
  });
  // A configuration-only replica holds no user databases.
  const dataReplicas = config.right.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  const databaseReplicas: DatabaseReplicaFacts[] = dataReplicas.flatMap((r) =>
    j.databases.map((d) =>
      databaseFacts(r.name, d.name, j.databaseState(r.name, d.id), j.clusterState(r.name, d.id)),
    ),
  );
  // Quorum belongs to the node, so any group's local row may report its loss; a primary that is
  // ONLINE proves the cluster has quorum, since without it the group goes offline (S26).
  const quorum: QuorumState | null = states.replicaStates.some(
    (s) => s.value.operational_state_desc === 'FAILED_NO_QUORUM',
  )
    ? 'LOST'
    : states.replicaStates.some(
          (s) => s.value.role_desc === 'PRIMARY' && s.value.operational_state_desc === 'ONLINE',
        )
      ? 'HEALTHY'
      : null;
  const facts: ClusterFacts = {
    config: config.right,
    quorum,
    primary: j.primary,
    replicas: replicaFacts,
    databaseReplicas,
  };
  const ids = { groupId: group.right.value.group_id, replicas: own, databases: j.databases };
  const contradictions = snapshotContradictions(facts, ids, states);
  return contradictions.length > 0 ? E.left(contradictions) : E.right(facts);
};

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
            `no availability group named ${wanted}; the snapshot has: ${names || 'none'}`,
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
        `the snapshot has ${groups.length} availability groups (${names}); pass { group } to choose one`,
        VIEWS.groups,
      ),
    );
  }
  return E.right(only);
};

const databaseFacts = (
  replica: string,
  database: string,
  s: RowOf<typeof DATABASE_STATE_COLUMNS> | undefined,
  c: RowOf<typeof CLUSTER_STATE_COLUMNS> | undefined,
): DatabaseReplicaFacts => ({
  replica,
  database,
  isJoined: c?.is_database_joined ?? null,
  databaseState: s?.database_state_desc ?? null,
  synchronizationState: s?.synchronization_state_desc ?? null,
  isSuspended: s?.is_suspended ?? null,
  suspendReason: s?.suspend_reason_desc ?? null,
  isFailoverReady: c?.is_failover_ready ?? null,
  lastReceivedLsn: s?.last_received_lsn ?? null,
  lastHardenedLsn: s?.last_hardened_lsn ?? null,
  lastRedoneLsn: s?.last_redone_lsn ?? null,
  endOfLogLsn: s?.end_of_log_lsn ?? null,
  lastCommitLsn: s?.last_commit_lsn ?? null,
  // The replica-local view first; the cluster-wide one when the local row is missing or NULL.
  recoveryLsn: s?.recovery_lsn ?? c?.recovery_lsn ?? null,
  truncationLsn: s?.truncation_lsn ?? c?.truncation_lsn ?? null,
  isSeeding: null,
  ...(s?.synchronization_health_desc === undefined
    ? {}
    : { synchronizationHealth: s.synchronization_health_desc }),
});
