import type { OperationalState, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason as settledUnknown, source } from '../model/source.js';
import {
  databaseReplicaFacts,
  NODE_QUORUM,
  NODE_WITH_QUORUM,
  nodeWithoutQuorum,
  replicaFacts,
  sameName,
} from './facts-access.js';

/**
 * What the backup and routing decisions read about a replica's live state, and how they say that
 * a fact is missing. A snapshot taken on a secondary lacks other replicas' rows (S7), so every
 * decision must tell "known to be bad" from "not shown".
 */

/** An unknown fact cites the DMV column that would have shown it. */
export const UNKNOWN_REASONS = {
  UNKNOWN_REPLICA: source('S7', 'one row per replica (a secondary shows only its own row)'),
  UNKNOWN_ROLE: source('S7', 'role_desc'),
  UNKNOWN_OPERATIONAL_STATE: source('S7', 'operational_state_desc'),
  UNKNOWN_CONNECTED_STATE: source('S7', 'connected_state_desc'),
  UNKNOWN_PRIMARY: source('S49', 'primary_replica'),
  UNKNOWN_PRIMARY_SPLIT: source(
    'S44',
    'Perform a forced manual failover: forcing while the old primary still runs leaves two copies updated independently (split brain)',
  ),
  UNKNOWN_QUORUM: source('S2', 'WSFC quorum (R-FO-1, R-FO-2)'),
  QUORUM_LOST_ON_SNAPSHOT_NODE: NODE_QUORUM,
  UNKNOWN_DATABASE_REPLICA: source('S6', 'one row per database per replica'),
  UNKNOWN_JOINED: source('S8', 'is_database_joined'),
  UNKNOWN_SYNCHRONIZATION_STATE: source('S6', 'synchronization_state_desc'),
  UNKNOWN_SUSPENDED: source('S6', 'is_suspended'),
  UNKNOWN_SUSPEND_REASON: source('S6', 'suspend_reason_desc'),
  UNKNOWN_DATABASE_EXISTENCE: source('S9', 'a database that does not exist'),
  UNKNOWN_INSTANCE_STATE: source(
    'S65',
    'a node marked down is removed from the active cluster membership',
  ),
  UNKNOWN_DATABASE_STATE: source('S6', 'database_state_desc'),
  UNKNOWN_CONNECTION_DATABASE: source(
    'S15',
    "read-only routing: the connection string references a database of the group, or the login's default database is one",
  ),
  UNKNOWN_ROLE_BEFORE_RESOLVING: source(
    'S105',
    'from SQL Server 2014 a readable secondary in resolving state keeps its databases available for read connections',
  ),
  UNKNOWN_LISTENER_ROWS: source('S13', 'Prerequisites: an availability group listener'),
  UNKNOWN_NONE_LISTENER_HOST: source(
    'S31',
    'The listener under Linux: for cluster type None, the IP address associated with the primary replica',
  ),
  UNKNOWN_EXTERNAL_LISTENER: source(
    'S31',
    'The listener under Linux: an IP address resource created in Pacemaker, active only on the primary',
  ),
  UNKNOWN_LISTENER_STATE: source(
    'S15',
    'Multi-subnet failovers: the client driver waits for the first IP to respond with success',
  ),
} as const;
export type UnknownCode = keyof typeof UNKNOWN_REASONS;

/** The view and column that would show each unknown fact: a snapshot taken where they are read. */
const SETTLED_BY: Readonly<Record<UnknownCode, readonly string[]>> = {
  UNKNOWN_REPLICA: ['sys.dm_hadr_availability_replica_states (its row, on the primary)'],
  // A remote replica's role shows in its row only while connected; the primary's, in the group's.
  UNKNOWN_ROLE: [
    'sys.dm_hadr_availability_replica_states.role_desc',
    'sys.dm_hadr_availability_group_states.primary_replica',
  ],
  UNKNOWN_OPERATIONAL_STATE: ['sys.dm_hadr_availability_replica_states.operational_state_desc'],
  UNKNOWN_CONNECTED_STATE: ['sys.dm_hadr_availability_replica_states.connected_state_desc'],
  UNKNOWN_PRIMARY: [
    'sys.dm_hadr_availability_group_states.primary_replica',
    'sys.dm_hadr_availability_replica_states.role_desc (a snapshot taken on the primary)',
  ],
  // A failover between the snapshots: taken again together; a partition: the client's side decides.
  UNKNOWN_PRIMARY_SPLIT: [
    'sys.dm_hadr_availability_replica_states.role_desc on each, in snapshots taken together',
    'the address the listener name resolves to at the client (nslookup), while both stay PRIMARY',
  ],
  // Without the cluster view (CLUSTER_TYPE NONE or EXTERNAL, or a view left out), an ONLINE
  // primary shows the group has quorum (S26), as the failover verdicts read it.
  UNKNOWN_QUORUM: [
    'sys.dm_hadr_cluster.quorum_state_desc',
    'sys.dm_hadr_availability_replica_states.role_desc (an ONLINE primary)',
    'sys.dm_hadr_availability_replica_states.operational_state_desc (an ONLINE primary)',
  ],
  QUORUM_LOST_ON_SNAPSHOT_NODE: NODE_WITH_QUORUM,
  UNKNOWN_DATABASE_REPLICA: ['sys.dm_hadr_database_replica_states (its row, on the primary)'],
  UNKNOWN_LISTENER_ROWS: ['sys.availability_group_listeners (its rows, or none, for the group)'],
  // Which host answers on the address: a connection made through the listener says where it landed.
  UNKNOWN_NONE_LISTENER_HOST: [
    'SELECT @@SERVERNAME over a connection made through the listener name',
    "the network configuration of each replica's host (which one holds the listener's IP address)",
  ],
  // No view shows a Pacemaker resource; the cluster's own tools list it.
  UNKNOWN_EXTERNAL_LISTENER: [
    'pcs resource config (RHEL, Ubuntu) or crm configure show (SLES): an ocf:heartbeat:IPaddr2 resource colocated with the promoted ag resource',
    'pcs status: where that IP address resource is started',
  ],
  UNKNOWN_LISTENER_STATE: ['sys.availability_group_listener_ip_addresses.state_desc'],
  UNKNOWN_JOINED: ['sys.dm_hadr_database_replica_cluster_states.is_database_joined'],
  UNKNOWN_SYNCHRONIZATION_STATE: ['sys.dm_hadr_database_replica_states.synchronization_state_desc'],
  UNKNOWN_SUSPENDED: ['sys.dm_hadr_database_replica_states.is_suspended'],
  UNKNOWN_SUSPEND_REASON: ['sys.dm_hadr_database_replica_states.suspend_reason_desc'],
  UNKNOWN_DATABASE_EXISTENCE: ['sys.databases (on that replica)'],
  UNKNOWN_INSTANCE_STATE: [
    'sys.dm_hadr_availability_replica_states (a snapshot taken on that replica)',
  ],
  UNKNOWN_CONNECTION_DATABASE: [
    "the connection string's Database (Initial Catalog)",
    "sys.server_principals.default_database_name (the login's default database)",
  ],
  UNKNOWN_DATABASE_STATE: [
    "sys.dm_hadr_database_replica_states.database_state_desc (the replica's own row, in a snapshot taken there)",
  ],
  // No view keeps the role a RESOLVING replica had; its error log does (message 1480).
  UNKNOWN_ROLE_BEFORE_RESOLVING: [
    'the SQL Server error log of that replica, message 1480 (\'changing roles from "SECONDARY" to "RESOLVING"\', or from "PRIMARY")',
    'sys.dm_hadr_availability_replica_states.role_desc (a snapshot taken before it went RESOLVING)',
  ],
};

/** "unknown: the snapshot does not show <what>", naming the column that would settle it. */
export const unknownReason = (
  code: UnknownCode,
  what: string,
  settledBy: readonly string[] = SETTLED_BY[code],
): Reason =>
  settledUnknown(
    code,
    `unknown: the snapshot does not show ${what}`,
    UNKNOWN_REASONS[code],
    settledBy,
  );

/** A known fact that keeps a replica from being available. */
export type Shortfall =
  | { readonly kind: 'DOWN' }
  | { readonly kind: 'RESOLVING' }
  | { readonly kind: 'NOT_ONLINE'; readonly state: OperationalState }
  | { readonly kind: 'DISCONNECTED'; readonly noPrimary?: boolean };

export const describeShortfall = (s: Shortfall): string => {
  switch (s.kind) {
    case 'DOWN':
      return 'its instance is not running';
    case 'RESOLVING':
      return 'it is RESOLVING: neither primary nor secondary';
    case 'NOT_ONLINE':
      return `its operational state is ${s.state}, not ONLINE`;
    case 'DISCONNECTED':
      return s.noPrimary === true
        ? 'it is connected to no primary: the group has none'
        : 'it is DISCONNECTED from the primary';
  }
};

/** Not connected to the primary, or, in a group without one, to no primary at all. */
const disconnected = (facts: ClusterFacts): Shortfall =>
  hasNoPrimary(facts) ? { kind: 'DISCONNECTED', noPrimary: true } : { kind: 'DISCONNECTED' };

/** A replica's role and whether it is online (and, as a secondary, connected). */
export interface ReplicaStanding {
  readonly role: ReplicaRole | null;
  readonly shortfalls: readonly Shortfall[];
  readonly unknowns: readonly Reason[];
}

export const isAvailable = (s: ReplicaStanding): boolean =>
  s.shortfalls.length === 0 && s.unknowns.length === 0;

/** Available as far as the snapshot shows, with only missing facts in the way. */
export const isUndecided = (s: ReplicaStanding): boolean =>
  s.shortfalls.length === 0 && s.unknowns.length > 0;

/** The role row, or PRIMARY when the group state names the replica as primary. */
export const roleOf = (facts: ClusterFacts, name: string): ReplicaRole | null => {
  const role = replicaFacts(facts, name)?.role ?? null;
  if (role !== null) return role;
  return facts.primary !== null && sameName(facts.primary, name) ? 'PRIMARY' : null;
};

/** The current primary: named, none (every role is known and none is PRIMARY), or unknown. */
export type PrimaryLookup =
  | { readonly kind: 'known'; readonly name: string }
  | { readonly kind: 'none' }
  /**
   * `claimants`: the replicas that each hold the PRIMARY role, when more than one does;
   * `cutOff`: the replica of a snapshot taken on a node without quorum, which shows no other side.
   */
  | { readonly kind: 'unknown'; readonly claimants?: readonly string[]; readonly cutOff?: string };

export const lookUpPrimary = (facts: ClusterFacts): PrimaryLookup => {
  const named = facts.config.replicas.find(
    (r) => facts.primary !== null && sameName(r.name, facts.primary),
  );
  if (named !== undefined) return { kind: 'known', name: named.name };
  const byRole = facts.config.replicas.filter((r) => roleOf(facts, r.name) === 'PRIMARY');
  // Two replicas each in the PRIMARY role, the primary left unnamed (merged snapshots: a failover
  // between them, or both sides of a partition after a forced failover, S44): which one a
  // connection reaches is not shown.
  if (byRole.length > 1) return { kind: 'unknown', claimants: byRole.map((r) => r.name) };
  if (byRole[0] !== undefined) return { kind: 'known', name: byRole[0].name };
  // A node without quorum lists only its own replicas (S32) and knows nothing of a partition's
  // other side, which may have kept quorum and its primary (S107).
  const cutOff = nodeWithoutQuorum(facts);
  if (cutOff !== null) return { kind: 'unknown', cutOff };
  // A RESOLVING replica that reads the cluster, or a group taken OFFLINE, says there is none
  // (S49 primary_replica NULL, S7), as the failover decisions read it.
  if (facts.groupState === 'RESOLVING' || facts.groupState === 'OFFLINE') return { kind: 'none' };
  const allKnown = facts.config.replicas.every((r) => roleOf(facts, r.name) !== null);
  return allKnown ? { kind: 'none' } : { kind: 'unknown' };
};

/**
 * The reason a rule gives for a primary the lookup leaves unknown: two claimants (`split`, the
 * rule's wording), a snapshot of a node without quorum, or a role the snapshot does not show.
 */
export const unknownPrimaryReason = (
  found: Extract<PrimaryLookup, { kind: 'unknown' }>,
  what: string,
  split: (claimants: string) => string,
): Reason => {
  if (found.claimants !== undefined)
    return unknownReason('UNKNOWN_PRIMARY_SPLIT', split(found.claimants.join(' and ')));
  if (found.cutOff !== undefined)
    return unknownReason(
      'UNKNOWN_PRIMARY',
      `${what}: it was taken on ${found.cutOff}, with no quorum there, and lists only the replicas there (the other side of a partition may have kept quorum and its primary)`,
      NODE_WITH_QUORUM,
    );
  return unknownReason('UNKNOWN_PRIMARY', what);
};

/**
 * operational_state_desc is NULL for a replica that is not local (S7): a snapshot taken on another
 * replica never shows it, so where the snapshot says where it was taken, the column is named with
 * the replica whose own snapshot would show it.
 */
export const operationalStateSettledBy = (facts: ClusterFacts, name: string): readonly string[] =>
  facts.localReplica != null && !sameName(facts.localReplica, name)
    ? [
        `sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on ${name})`,
      ]
    : SETTLED_BY.UNKNOWN_OPERATIONAL_STATE;

/** A settling column named for one replica, unless it already names the replica it is read on. */
export const settledFor = (column: string, name: string): string =>
  column.endsWith(`(a snapshot taken on ${name})`) ? column : `${column} for ${name}`;

const operationalShortfalls = (
  facts: ClusterFacts,
  name: string,
  state: OperationalState | null,
  answeredByConnection: boolean,
): { shortfalls: readonly Shortfall[]; unknowns: readonly Reason[] } => {
  if (state === 'ONLINE') return { shortfalls: [], unknowns: [] };
  // The primary's rows show NULL operational state for remote secondaries (S7); a secondary is
  // ONLINE exactly while it is connected to the primary, so its connected state answers for it.
  if (state === null)
    return answeredByConnection
      ? { shortfalls: [], unknowns: [] }
      : {
          shortfalls: [],
          unknowns: [
            unknownReason(
              'UNKNOWN_OPERATIONAL_STATE',
              `the operational state of ${name}`,
              operationalStateSettledBy(facts, name),
            ),
          ],
        };
  return { shortfalls: [{ kind: 'NOT_ONLINE', state }], unknowns: [] };
};

/**
 * The group is known to have no primary (a RESOLVING replica that reads the cluster, or the group
 * taken OFFLINE) where a cluster manager keeps at most one (not CLUSTER_TYPE NONE, S45): no
 * replica is primary, and none is connected to one ("no replica will have the primary role unless
 * the primary replica returns to a healthy state", KB2833707; S7 connected_state).
 */
export const hasNoPrimary = (facts: ClusterFacts): boolean =>
  facts.config.clusterType !== 'NONE' && lookUpPrimary(facts).kind === 'none';

/**
 * A replica without a role row that is DISCONNECTED from a known primary other than itself, or
 * one of a group that has no primary: where a cluster manager keeps one primary (not CLUSTER_TYPE
 * NONE, S45), it is not the primary, and it is not connected to one.
 */
export const isCutOffFromPrimary = (facts: ClusterFacts, name: string): boolean =>
  (replicaFacts(facts, name)?.connectedState === 'DISCONNECTED' &&
    facts.primary !== null &&
    !sameName(facts.primary, name) &&
    facts.config.clusterType !== 'NONE') ||
  hasNoPrimary(facts);

const ROLES: readonly ReplicaRole[] = ['PRIMARY', 'SECONDARY', 'RESOLVING'];

/**
 * Whether a replica without a role row could be the primary: not where a cluster manager keeps one
 * primary (not CLUSTER_TYPE NONE, S45) and another replica is it, or the group has none.
 */
export const mayBePrimary = (facts: ClusterFacts, name: string): boolean =>
  facts.config.clusterType === 'NONE' ||
  (!hasNoPrimary(facts) && (facts.primary === null || sameName(facts.primary, name)));

/**
 * What settles a replica's unknown role: its role_desc (its own snapshot, or the primary's while it
 * is connected, S7), and primary_replica only while it could be the primary: where the snapshot
 * already names another primary, that column says nothing more of it.
 */
export const roleSettledBy = (facts: ClusterFacts, name: string, forName = ''): string[] => [
  `sys.dm_hadr_availability_replica_states.role_desc${forName}`,
  ...(mayBePrimary(facts, name)
    ? [
        `sys.dm_hadr_availability_group_states.primary_replica${forName === '' ? '' : ` (whether ${name} is primary)`}`,
      ]
    : []),
];

/**
 * The facts as they would be in each role a replica without a role row could have. Where a cluster
 * manager keeps one primary (not CLUSTER_TYPE NONE, S45) it is not PRIMARY while another replica
 * is, nor while the group has none; and in a group without a primary, as SECONDARY it is connected
 * to none.
 */
export const inEachPossibleRole = (
  facts: ClusterFacts,
  name: string,
): readonly { readonly role: ReplicaRole; readonly facts: ClusterFacts }[] => {
  const row = replicaFacts(facts, name);
  if (row === undefined) return [];
  const none = hasNoPrimary(facts);
  const otherPrimary =
    facts.primary !== null && !sameName(facts.primary, name) && facts.config.clusterType !== 'NONE';
  return ROLES.filter((r) => !(r === 'PRIMARY' && (otherPrimary || none))).map((role) => ({
    role,
    facts: {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r === row
          ? {
              ...r,
              role,
              ...(none && r.connectedState === null
                ? { connectedState: 'DISCONNECTED' as const }
                : {}),
            }
          : r,
      ),
    },
  }));
};

/**
 * Whether a replica is online in its role: a primary must be ONLINE; a secondary ONLINE and
 * CONNECTED to the primary; a RESOLVING replica is neither (S7, ag-rules §3.6). Every shortfall
 * and every missing fact is returned.
 */
export const replicaStanding = (facts: ClusterFacts, name: string): ReplicaStanding => {
  const row = replicaFacts(facts, name);
  const role = roleOf(facts, name);
  if (row === undefined)
    return {
      role,
      shortfalls: [],
      unknowns: [unknownReason('UNKNOWN_REPLICA', `a row for ${name}`)],
    };
  const down: readonly Shortfall[] = row.isUp === false ? [{ kind: 'DOWN' }] : [];
  // A remote replica's role is shown only while it is connected (S7 role: "a local replica or a
  // connected remote replica"): one the primary shows DISCONNECTED is a secondary cut off from it,
  // RESOLVING, or down, and never available; it is not the primary, which another replica is.
  if (role === null && isCutOffFromPrimary(facts, name))
    return { role, shortfalls: [...down, disconnected(facts)], unknowns: [] };
  if (role === null)
    return {
      role,
      shortfalls: down,
      unknowns: [unknownReason('UNKNOWN_ROLE', `the role of ${name}`, roleSettledBy(facts, name))],
    };
  if (role === 'RESOLVING')
    return { role, shortfalls: [...down, { kind: 'RESOLVING' }], unknowns: [] };
  if (role === 'PRIMARY') {
    const op = operationalShortfalls(facts, name, row.operationalState, false);
    return { role, shortfalls: [...down, ...op.shortfalls], unknowns: op.unknowns };
  }
  const connected = row.connectedState;
  const link: readonly Shortfall[] = connected === 'DISCONNECTED' ? [disconnected(facts)] : [];
  const linkUnknown =
    connected === null
      ? [unknownReason('UNKNOWN_CONNECTED_STATE', `whether ${name} is connected to the primary`)]
      : [];
  const op = operationalShortfalls(facts, name, row.operationalState, connected !== null);
  return {
    role,
    shortfalls: [...down, ...op.shortfalls, ...link],
    unknowns: [...op.unknowns, ...linkUnknown],
  };
};

/**
 * The databases a connection touches: the one it names, or, when it names none, every database
 * of the group, since the login's default database could be any of them (hypothesis H5).
 */
export const databasesFor = (
  facts: ClusterFacts,
  database: string | undefined,
): readonly string[] => (database === undefined ? facts.config.databases : [database]);

/** A known fact that keeps a database copy from serving a connection. */
export type DatabaseShortfall =
  | { readonly kind: 'NOT_JOINED'; readonly database: string }
  | { readonly kind: 'SUSPENDED'; readonly database: string }
  | { readonly kind: 'NOT_SYNCHRONIZING'; readonly database: string; readonly state: string };

/**
 * Whether each database copy on a replica is joined and not suspended, and, when asked,
 * SYNCHRONIZED or SYNCHRONIZING. Every shortfall and every missing fact is returned.
 */
export const databaseStanding = (
  facts: ClusterFacts,
  replica: string,
  databases: readonly string[],
  options: { readonly synchronizing: boolean },
): { readonly shortfalls: readonly DatabaseShortfall[]; readonly unknowns: readonly Reason[] } => {
  const per = databases.map((database) => {
    const row = databaseReplicaFacts(facts, replica, database);
    if (row === undefined)
      return {
        shortfalls: [],
        unknowns: [
          unknownReason('UNKNOWN_DATABASE_REPLICA', `a row for ${database} on ${replica}`),
        ],
      };
    const state = row.synchronizationState;
    const checkState = options.synchronizing;
    const shortfalls: readonly DatabaseShortfall[] = [
      ...(row.isJoined === false ? [{ kind: 'NOT_JOINED' as const, database }] : []),
      ...(row.isSuspended === true ? [{ kind: 'SUSPENDED' as const, database }] : []),
      ...(checkState && state !== null && state !== 'SYNCHRONIZED' && state !== 'SYNCHRONIZING'
        ? [{ kind: 'NOT_SYNCHRONIZING' as const, database, state }]
        : []),
    ];
    const unknowns = [
      ...(row.isJoined === null
        ? [unknownReason('UNKNOWN_JOINED', `whether ${database} is joined on ${replica}`)]
        : []),
      ...(row.isSuspended === null
        ? [unknownReason('UNKNOWN_SUSPENDED', `whether ${database} is suspended on ${replica}`)]
        : []),
      ...(checkState && state === null
        ? [
            unknownReason(
              'UNKNOWN_SYNCHRONIZATION_STATE',
              `the synchronization state of ${database} on ${replica}`,
            ),
          ]
        : []),
    ];
    return { shortfalls, unknowns };
  });
  return {
    shortfalls: per.flatMap((p) => p.shortfalls),
    unknowns: per.flatMap((p) => p.unknowns),
  };
};
