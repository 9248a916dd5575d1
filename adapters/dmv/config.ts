import * as E from 'fp-ts/lib/Either.js';
import type { Config, RoutingEntry } from '../../core/model/config.js';
import { decodeConfig } from '../../core/model/decode.js';
import type { GroupKind, SqlServerVersion } from '../../core/model/enums.js';
import type {
  GROUP_COLUMNS,
  LISTENER_ADDRESS_COLUMNS,
  LISTENER_COLUMNS,
  REPLICA_COLUMNS,
  ROUTING_COLUMNS,
  RowOf,
} from './columns.js';
import { type DmvProblem, problemAt, snapshotProblem } from './problem.js';
import type { Decoded } from './rows.js';
import { VIEWS } from './snapshot.js';

/**
 * The configuration of one availability group from the catalog views: sys.availability_groups,
 * sys.availability_replicas, sys.availability_read_only_routing_lists and, when present, the
 * listener views. The result goes through the core's own config decoder, so the defaults that
 * apply to columns an older version lacks are exactly the documented ones.
 */

export type GroupRow = RowOf<typeof GROUP_COLUMNS>;
export type ReplicaRow = RowOf<typeof REPLICA_COLUMNS>;
export type RoutingRow = RowOf<typeof ROUTING_COLUMNS>;
export type ListenerRow = RowOf<typeof LISTENER_COLUMNS>;
export type ListenerAddressRow = RowOf<typeof LISTENER_ADDRESS_COLUMNS>;

export interface CatalogRows {
  readonly group: Decoded<GroupRow>;
  /** The group's replicas, in the order of the view. */
  readonly replicas: readonly Decoded<ReplicaRow>[];
  readonly routing: readonly Decoded<RoutingRow>[];
  readonly listeners: readonly Decoded<ListenerRow>[];
  readonly listenerAddresses: readonly Decoded<ListenerAddressRow>[];
  readonly databases: readonly string[];
  readonly version: SqlServerVersion;
}

const groupKind = (
  g: Decoded<GroupRow>,
  version: SqlServerVersion,
): E.Either<DmvProblem, GroupKind> => {
  // Before 2022, is_contained meant a big data cluster master instance (ag-rules §9 D17).
  const contained = version >= 2022 && g.value.is_contained === true;
  const flags = [
    g.value.basic_features === true ? 'basic_features' : undefined,
    g.value.is_distributed === true ? 'is_distributed' : undefined,
    contained ? 'is_contained' : undefined,
  ].filter((f): f is string => f !== undefined);
  if (flags.length > 1) {
    return E.left(
      problemAt(
        { pointer: g.row.pointer, view: VIEWS.groups, row: g.row.index + 1, line: g.row.line },
        'at most one group kind',
        flags.join(', '),
        `BASIC, DISTRIBUTED and CONTAINED exclude each other, but ${flags.join(' and ')} are all set`,
      ),
    );
  }
  const kind: GroupKind =
    g.value.basic_features === true
      ? 'BASIC'
      : g.value.is_distributed === true
        ? 'DISTRIBUTED'
        : contained
          ? 'CONTAINED'
          : 'STANDARD';
  return E.right(kind);
};

/** Rows of equal routing_priority form one load-balanced set, the nested parentheses of READ_ONLY_ROUTING_LIST. */
const routingLists = (
  rows: CatalogRows,
): E.Either<readonly DmvProblem[], ReadonlyMap<string, RoutingEntry[]>> => {
  const nameById = new Map(
    rows.replicas.map((r) => [r.value.replica_id, r.value.replica_server_name]),
  );
  const byOwner = new Map<string, Decoded<RoutingRow>[]>();
  const problems: DmvProblem[] = [];
  for (const r of rows.routing) {
    if (!nameById.has(r.value.replica_id)) continue; // a list of another group's replica
    if (!nameById.has(r.value.read_only_replica_id)) {
      problems.push(
        problemAt(
          {
            pointer: `${r.row.pointer}/read_only_replica_id`,
            view: VIEWS.routingLists,
            row: r.row.index + 1,
            column: 'read_only_replica_id',
            line: r.row.line,
          },
          'a replica_id of the group in sys.availability_replicas',
          r.value.read_only_replica_id,
          `no replica of group ${rows.group.value.name} has replica_id ${r.value.read_only_replica_id}`,
        ),
      );
      continue;
    }
    const list = byOwner.get(r.value.replica_id) ?? [];
    list.push(r);
    byOwner.set(r.value.replica_id, list);
  }
  const lists = new Map<string, RoutingEntry[]>();
  for (const [owner, entries] of byOwner) {
    const priorities = [...new Set(entries.map((e) => e.value.routing_priority))].sort(
      (a, b) => a - b,
    );
    lists.set(
      owner,
      priorities.map((p) => {
        const names = entries
          .filter((e) => e.value.routing_priority === p)
          .map((e) => nameById.get(e.value.read_only_replica_id)!);
        return names.length === 1 ? names[0]! : names;
      }),
    );
  }
  return problems.length > 0 ? E.left(problems) : E.right(lists);
};

/** A listener document for the config decoder, which checks and completes it. */
const listenerInput = (rows: CatalogRows): object | null => {
  const listener = rows.listeners.find((l) => l.value.group_id === rows.group.value.group_id);
  if (listener === undefined) return null;
  const addresses = rows.listenerAddresses.filter(
    (a) => a.value.listener_id === listener.value.listener_id,
  );
  return {
    name: listener.value.dns_name,
    ...(listener.value.port === null ? {} : { port: listener.value.port }),
    dhcp: addresses.some((a) => a.value.is_dhcp),
    addresses: addresses.map((a) => ({
      address: a.value.ip_address,
      ...(a.value.ip_subnet_mask === null ? {} : { subnetMask: a.value.ip_subnet_mask }),
    })),
  };
};

export const buildConfig = (rows: CatalogRows): E.Either<readonly DmvProblem[], Config> => {
  const g = rows.group.value;
  const kind = groupKind(rows.group, rows.version);
  if (E.isLeft(kind)) return E.left([kind.left]);
  const lists = routingLists(rows);
  if (E.isLeft(lists)) return lists;
  const distributed = kind.right === 'DISTRIBUTED';
  const input = {
    name: g.name,
    version: rows.version,
    automatedBackupPreference: g.automated_backup_preference_desc,
    failureConditionLevel: g.failure_condition_level,
    healthCheckTimeout: g.health_check_timeout,
    ...(g.cluster_type_desc === undefined ? {} : { clusterType: g.cluster_type_desc }),
    ...(g.dtc_support === undefined ? {} : { dtcSupport: g.dtc_support ? 'PER_DB' : 'NONE' }),
    ...(g.db_failover === undefined ? {} : { dbFailover: g.db_failover ? 'ON' : 'OFF' }),
    ...(g.required_synchronized_secondaries_to_commit === undefined
      ? {}
      : { requiredSynchronizedSecondariesToCommit: g.required_synchronized_secondaries_to_commit }),
    kind: kind.right,
    databases: rows.databases,
    listener: listenerInput(rows),
    // In a distributed group the "replicas" are the member groups, with their listener URLs.
    members: distributed
      ? rows.replicas.map(({ value: r }) => ({
          name: r.replica_server_name,
          listenerUrl: r.endpoint_url,
          availabilityMode: r.availability_mode_desc,
          failoverMode: r.failover_mode_desc,
          ...(r.seeding_mode_desc === undefined ? {} : { seedingMode: r.seeding_mode_desc }),
        }))
      : [],
    replicas: distributed
      ? []
      : rows.replicas.map(({ value: r }) => ({
          name: r.replica_server_name,
          endpointUrl: r.endpoint_url,
          availabilityMode: r.availability_mode_desc,
          failoverMode: r.failover_mode_desc,
          ...(r.seeding_mode_desc === undefined ? {} : { seedingMode: r.seeding_mode_desc }),
          backupPriority: r.backup_priority,
          sessionTimeout: r.session_timeout,
          secondaryRole: {
            allowConnections: r.secondary_role_allow_connections_desc,
            readOnlyRoutingUrl: r.read_only_routing_url,
          },
          primaryRole: {
            allowConnections: r.primary_role_allow_connections_desc,
            readOnlyRoutingList: lists.right.get(r.replica_id) ?? [],
            readWriteRoutingUrl: r.read_write_routing_url ?? null,
          },
        })),
  };
  const decoded = decodeConfig(input);
  return E.isRight(decoded)
    ? decoded
    : E.left(
        decoded.left.map((p) =>
          snapshotProblem(
            `the configuration read from the catalog views is not valid at ${p.pointer}: ${p.message}`,
          ),
        ),
      );
};
