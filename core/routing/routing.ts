import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { databaseReplicaFacts, replicaConfig, replicaFacts } from '../rules/facts-access.js';
import { upgradedReasons } from '../rules/mixed-versions.js';
import {
  databaseStanding,
  databasesFor,
  describeShortfall,
  inEachPossibleRole,
  isCutOffFromPrimary,
  lookUpPrimary,
  operationalStateSettledBy,
  replicaStanding,
  roleOf,
  roleSettledBy,
  unknownPrimaryReason,
  unknownReason,
} from '../rules/replica-availability.js';
import { describeRelease, hasFeature } from '../validation/limits.js';
import { routingReason as because } from './codes.js';
import { unavailableState } from './database-states.js';
import { primaryDatabaseRefusals } from './primary-database.js';
import { readsWaitingFor } from './reads-wait.js';
import { onMirroringEndpoint, redirectUrlHostUnknown } from './routing-url.js';
import { suspendedCopy } from './suspended-copy.js';
import { disconnectedReads, unrecoveredCopies } from './unrecovered-copy.js';

/**
 * A connection made straight to one replica: the connection access matrix of ag-rules §7.1 (both
 * roles' ALLOW_CONNECTIONS), and from SQL Server 2019 the redirection of read-write connections
 * from a secondary to the primary. A refusal lists every reason.
 */

export { ROUTING_REASONS, type RoutingReasonCode } from './codes.js';
export {
  connectThroughListener,
  type ListenerConnection,
  type ListenerConnectionRequest,
  type RoutingCandidate,
} from './listener.js';

/** ApplicationIntent: ReadWrite (the default) or ReadOnly (S15). */
export type Intent = 'READ_WRITE' | 'READ_ONLY';

export interface ReplicaConnectionRequest {
  readonly replica: string;
  readonly intent: Intent;
  /**
   * The database the connection names; absent: the login's default database, a database of the
   * group or one outside it (unknown where the two differ).
   */
  readonly database?: string;
}

export interface ReplicaConnection {
  /**
   * `unknown`: nothing known refuses the connection, but the facts leave out what would (every
   * reason is an unknown one, naming the view or column that settles it); or it names no database
   * and the login's default database decides (`UNKNOWN_CONNECTION_DATABASE` first, then the
   * reasons a database of the group would give).
   */
  readonly outcome: 'connected' | 'redirected' | 'refused' | 'unknown';
  /** Where the session ends up: the replica asked for, or the primary after a redirection. */
  readonly replica?: string;
  /** Whether the session can only read (a secondary's databases are read-only). */
  readonly readOnly?: boolean;
  readonly reasons: readonly Reason[];
}

/** Refused when a known fact refuses it; unknown when only facts the snapshot lacks would. */
const refused = (reasons: readonly Reason[]): ReplicaConnection => ({
  outcome: reasons.length > 0 && reasons.every(isUnknownReason) ? 'unknown' : 'refused',
  reasons,
});

const toPrimary = (
  facts: ClusterFacts,
  member: Replica,
  { intent, database }: ReplicaConnectionRequest,
  down: readonly Reason[],
): ReplicaConnection => {
  const name = member.name;
  const allow = member.primaryRole.allowConnections;
  const state = replicaFacts(facts, name)?.operationalState ?? null;
  const refusals = [
    ...down,
    ...(state === null
      ? [
          unknownReason(
            'UNKNOWN_OPERATIONAL_STATE',
            `the operational state of the primary ${name}`,
            operationalStateSettledBy(facts, name),
          ),
        ]
      : []),
    ...(state !== null && state !== 'ONLINE'
      ? [
          because(
            'CONNECT_PRIMARY_NOT_ONLINE',
            `the primary ${name} is ${state}, not ONLINE: its availability databases are not accessible`,
          ),
        ]
      : []),
    ...(intent === 'READ_ONLY' && allow === 'READ_WRITE'
      ? [
          because(
            'CONNECT_PRIMARY_READ_WRITE_ONLY',
            `${name} is the primary with PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE): it refuses read-intent connections`,
          ),
        ]
      : []),
    ...primaryDatabaseRefusals(facts, name, database),
  ];
  if (refusals.length > 0) return refused(refusals);
  return {
    outcome: 'connected',
    replica: name,
    readOnly: false,
    reasons: [
      because(
        'CONNECT_PRIMARY_ACCEPTS',
        `${name} is the primary with PRIMARY_ROLE (ALLOW_CONNECTIONS = ${allow}): it accepts the ${intent} connection with read-write access`,
      ),
    ],
  };
};

type Redirection =
  | { readonly kind: 'answer'; readonly connection: ReplicaConnection }
  | { readonly kind: 'stay'; readonly notes: readonly Reason[] };

/** 2019+: a secondary at ALLOW_CONNECTIONS = ALL sends a read-write login to the primary (S17). */
const redirection = (facts: ClusterFacts, name: string, down: readonly Reason[]): Redirection => {
  const primary = lookUpPrimary(facts);
  if (primary.kind === 'unknown')
    return {
      kind: 'answer',
      connection: refused([
        ...down,
        unknownPrimaryReason(
          primary,
          `which replica is primary, where ${name} would redirect`,
          (claimants) =>
            `which primary ${name} would redirect to: ${claimants} each hold the PRIMARY role in the snapshots (a split brain, or a failover between them)`,
        ),
      ]),
    };
  if (primary.kind === 'none')
    return {
      kind: 'stay',
      notes: [
        because(
          'CONNECT_NO_PRIMARY_TO_REDIRECT',
          `no replica is primary, so ${name} has nowhere to redirect the read-write connection`,
        ),
      ],
    };
  const member = replicaConfig(facts, primary.name);
  const url = member?.primaryRole.readWriteRoutingUrl ?? null;
  if (url === null) return { kind: 'stay', notes: [] };
  const target = replicaStanding(facts, primary.name);
  // Client connections do not use the mirroring endpoint (S125): a URL on it is a dead end.
  const deadEnd =
    member !== undefined && onMirroringEndpoint(url, member)
      ? [
          because(
            'CONNECT_REDIRECT_URL_IS_MIRRORING_ENDPOINT',
            `${name} redirects read-write connections to the primary ${primary.name}'s READ_WRITE_ROUTING_URL ${url}, which names the host and port of its database mirroring endpoint (ENDPOINT_URL ${member.endpointUrl}): client connections do not use the mirroring endpoint, so the redirected login fails; the URL needs the port the Database Engine listens on for clients (1433 by default)`,
          ),
        ]
      : [];
  const unavailable = [
    ...target.shortfalls.map((s) =>
      because(
        'CONNECT_REDIRECT_TARGET_UNAVAILABLE',
        `${name} redirects read-write connections to the primary ${primary.name} (${url}), but ${describeShortfall(s)}`,
      ),
    ),
    ...deadEnd,
    ...(member === undefined || deadEnd.length > 0
      ? []
      : redirectUrlHostUnknown(member, name, facts.config.listener)),
    ...target.unknowns,
  ];
  if (down.length > 0 || unavailable.length > 0)
    return { kind: 'answer', connection: refused([...down, ...unavailable]) };
  return {
    kind: 'answer',
    connection: {
      outcome: 'redirected',
      replica: primary.name,
      readOnly: false,
      reasons: [
        because(
          'CONNECT_REDIRECTED_TO_PRIMARY',
          `${name} is a secondary with ALLOW_CONNECTIONS = ALL and the primary ${primary.name} has READ_WRITE_ROUTING_URL ${url}: the read-write connection is redirected to the primary`,
        ),
      ],
    },
  };
};

/** 2012 secondaries stop serving reads while disconnected or without quorum (S36). */
const isolation2012 = (facts: ClusterFacts, name: string): readonly Reason[] => {
  if (facts.config.version !== 2012) return [];
  const connected = replicaFacts(facts, name)?.connectedState ?? null;
  const isolated = [
    ...(connected === 'DISCONNECTED' ? ['it is DISCONNECTED from the primary'] : []),
    ...(facts.quorum === 'LOST' ? ['the cluster has lost quorum'] : []),
  ];
  return [
    ...(isolated.length > 0
      ? [
          because(
            'CONNECT_SECONDARY_ISOLATED_2012',
            `${name} is a SQL Server 2012 secondary and ${isolated.join(' and ')}: its databases are not readable until that ends (2014 and later stay readable)`,
          ),
        ]
      : []),
    // SMO for SQL Server 2012 (S34): Failed, "The replica is unable to communicate with the
    // Windows cluster, the replica cannot receive client requests".
    ...(replicaFacts(facts, name)?.operationalState === 'FAILED'
      ? [
          because(
            'CONNECT_SECONDARY_FAILED_2012',
            `${name} is a SQL Server 2012 secondary in a failed state (operational_state FAILED: it cannot read or update the group's configuration in the WSFC): it receives no client requests for its availability databases until its WSFC service or its instance is restarted`,
          ),
        ]
      : []),
    ...(connected === null
      ? [unknownReason('UNKNOWN_CONNECTED_STATE', `whether ${name} is connected to the primary`)]
      : []),
  ];
};

/**
 * A secondary copy undoing to the fork point (REVERTING) or waiting for the log it lacks
 * (INITIALIZING) is in recovery: "While the secondary database is reverting, it can't be accessed
 * or queried", a login naming it fails (18456, state 38) and batches fail with Msg 922 (S63).
 * A copy whose database_state_desc is RECOVERING, RECOVERY_PENDING, SUSPECT or OFFLINE is
 * unavailable whatever its synchronization state (S80; KB2857849 shows RECOVERY_PENDING kept in
 * the secondary role).
 */
const recoveringCopies = (
  facts: ClusterFacts,
  name: string,
  databases: readonly string[],
): readonly Reason[] =>
  databases.flatMap((database) => {
    const copy = databaseReplicaFacts(facts, name, database);
    const state = copy?.synchronizationState;
    const dbState = unavailableState(facts, name, database);
    return [
      ...(state === 'REVERTING' || state === 'INITIALIZING'
        ? [
            because(
              'CONNECT_DATABASE_RECOVERING',
              `${database} is ${state} on ${name}: it is being recovered and cannot be opened until that ends (Msg 922)`,
            ),
          ]
        : []),
      ...(dbState !== null
        ? [
            because(
              'CONNECT_DATABASE_UNAVAILABLE',
              `${database} is ${dbState} on ${name}: the database is unavailable`,
            ),
          ]
        : []),
    ];
  });

/** A secondary upgraded past the primary's version cannot be read until the primary follows (S64). */
const upgradedConnection = (facts: ClusterFacts, name: string): readonly Reason[] =>
  upgradedReasons(facts, name, (versions) =>
    because(
      'CONNECT_SECONDARY_UPGRADED',
      `${versions}: an upgraded readable secondary cannot be read until the primary fails over to an upgraded replica or is upgraded`,
    ),
  );

const toSecondary = (
  facts: ClusterFacts,
  member: Replica,
  request: ReplicaConnectionRequest,
  down: readonly Reason[],
): ReplicaConnection => {
  const { config } = facts;
  const name = member.name;
  const allow = member.secondaryRole.allowConnections;
  const basic = config.kind === 'BASIC';
  const redirect =
    request.intent === 'READ_WRITE' &&
    allow === 'ALL' &&
    !basic &&
    hasFeature(config, 'READ_WRITE_ROUTING_URL')
      ? redirection(facts, name, down)
      : { kind: 'stay' as const, notes: [] };
  if (redirect.kind === 'answer') return redirect.connection;
  const databases = databaseStanding(facts, name, databasesFor(facts, request.database), {
    synchronizing: false,
  });
  const suspended = databases.shortfalls.flatMap((s) =>
    s.kind === 'SUSPENDED' ? [suspendedCopy(facts, name, s.database)] : [],
  );
  const refusals = [
    ...down,
    ...(basic
      ? [
          because(
            'CONNECT_BASIC_GROUP_SECONDARY',
            `${name} is the secondary of a basic availability group, which allows no connections to its databases`,
          ),
        ]
      : []),
    ...(allow === 'NO'
      ? [
          because(
            'CONNECT_SECONDARY_NOT_READABLE',
            `${name} is a secondary with SECONDARY_ROLE (ALLOW_CONNECTIONS = NO): it refuses every connection to its availability databases`,
          ),
        ]
      : []),
    ...(allow === 'READ_ONLY' && request.intent === 'READ_WRITE'
      ? [
          because(
            'CONNECT_SECONDARY_READ_INTENT_ONLY',
            `${name} is a secondary with SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY): it accepts only ApplicationIntent=ReadOnly${hasFeature(config, 'READ_WRITE_ROUTING_URL') ? ', and redirects read-write connections only at ALLOW_CONNECTIONS = ALL' : ''}`,
          ),
        ]
      : []),
    ...isolation2012(facts, name),
    ...upgradedConnection(facts, name),
    ...databases.shortfalls.flatMap((s) =>
      s.kind === 'SUSPENDED'
        ? suspended
            .filter((c) => c.database === s.database && c.kind !== 'readable')
            .map((c) => c.reason)
        : [
            because(
              'CONNECT_DATABASE_NOT_JOINED',
              `${s.database} is not joined on ${name}: it stays restoring and cannot be opened`,
            ),
          ],
    ),
    ...recoveringCopies(facts, name, databasesFor(facts, request.database)),
    ...unrecoveredCopies(facts, name, databasesFor(facts, request.database)),
    ...databases.unknowns,
  ];
  if (refusals.length > 0) return refused(refusals);
  return {
    outcome: 'connected',
    replica: name,
    readOnly: true,
    reasons: [
      ...redirect.notes,
      ...suspended.filter((c) => c.kind === 'readable').map((c) => c.reason),
      ...disconnectedReads(facts, name),
      because(
        'CONNECT_SECONDARY_READ_ONLY_ACCESS',
        `${name} is a secondary with SECONDARY_ROLE (ALLOW_CONNECTIONS = ${allow}): it accepts the ${request.intent} connection with read-only access${request.intent === 'READ_WRITE' ? ` (reads work, writes fail${hasFeature(config, 'READ_WRITE_ROUTING_URL') ? '; the primary sets no READ_WRITE_ROUTING_URL' : `; ${describeRelease(config)} has no read-write redirection`})` : ''}`,
      ),
      ...readsWaitingFor(facts, name, databasesFor(facts, request.database)),
    ],
  };
};

/**
 * A replica without a role row that the primary shows DISCONNECTED, or one of a group without a
 * primary: refused when every role it could have (`inEachPossibleRole`) refuses the connection.
 */
const refusedInEveryRole = (
  facts: ClusterFacts,
  name: string,
  request: ReplicaConnectionRequest,
): ReplicaConnection | null => {
  const answers = inEachPossibleRole(facts, name).map((asIf) => ({
    role: asIf.role,
    ...connectToReplica(asIf.facts, request),
  }));
  const [first] = answers;
  if (first === undefined || !answers.every((a) => a.outcome === 'refused')) return null;
  return refused([
    because(
      'CONNECT_WHATEVER_THE_ROLE',
      `the snapshot does not show the role of ${name}, but as ${answers.map((a) => a.role).join(' or ')} it would refuse the connection alike`,
    ),
    ...first.reasons,
  ]);
};

/**
 * A connection made straight to `replica` (ag-rules §7.1, S14, S17). One that names no database
 * opens the login's default database, which the facts do not hold: a database of the group (any
 * one, so every one must serve it, H5) or one outside it (master, by default), which the access
 * settings do not govern. One answer for both is the answer; otherwise it is unknown, with the
 * reasons a database of the group would give.
 */
export const connectToReplica = (
  facts: ClusterFacts,
  request: ReplicaConnectionRequest,
): ReplicaConnection => {
  const inside = connectNaming(facts, request);
  if (request.database !== undefined || facts.config.databases.length === 0) return inside;
  const outside = outsideTheGroup(facts, request, "the login's default database");
  if (inside.outcome === outside.outcome && inside.replica === outside.replica) return inside;
  const where =
    inside.outcome === 'refused' || inside.outcome === 'unknown'
      ? inside.outcome
      : `${inside.outcome} ${inside.outcome === 'redirected' ? 'to' : 'on'} ${inside.replica}`;
  return {
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'UNKNOWN_CONNECTION_DATABASE',
        `which database the connection opens: it names none, so the login's default database decides; a database of ${facts.config.name} gives ${where}, one outside it (master, by default) connects on ${request.replica}, whose access settings do not govern it`,
      ),
      ...inside.reasons,
    ],
  };
};

const notAReplica = (facts: ClusterFacts, replica: string): ReplicaConnection =>
  refused([
    because(
      'CONNECT_REPLICA_NOT_IN_GROUP',
      `${replica} is not a replica of availability group ${facts.config.name}`,
    ),
  ]);

const downReasons = (facts: ClusterFacts, name: string): readonly Reason[] =>
  replicaFacts(facts, name)?.isUp === false
    ? [
        because(
          'CONNECT_REPLICA_DOWN',
          `${name}'s instance is not running: a connection to it fails whatever its role`,
        ),
      ]
    : [];

/** A database outside the group: the replica's access settings do not govern it (S14). */
const outsideTheGroup = (
  facts: ClusterFacts,
  request: ReplicaConnectionRequest,
  database: string,
): ReplicaConnection => {
  const replica = request.replica;
  const member = replicaConfig(facts, replica);
  if (member === undefined) return notAReplica(facts, replica);
  const down = downReasons(facts, member.name);
  return down.length > 0
    ? refused(down)
    : {
        outcome: 'connected',
        replica: member.name,
        readOnly: false,
        reasons: [
          because(
            'CONNECT_DATABASE_NOT_IN_GROUP',
            `${database} is not in availability group ${facts.config.name}: the replica's connection access settings do not govern it`,
          ),
          ...useInSession(facts, member.name, request.intent),
        ],
      };
};

/**
 * The session opened on a database outside the group meets the group's settings at its first USE
 * of one of the group's databases: the server enforces the intent "at connection time and during a
 * USE database statement" (S164), so a USE fails where a connection naming that database is refused
 * (a non-readable secondary: Msg 976 after "use <db>", S256; a read-write primary and read intent:
 * "Not allowed", S205). The login itself succeeds.
 */
const useInSession = (facts: ClusterFacts, replica: string, intent: Intent): readonly Reason[] => {
  const refusedOn = facts.config.databases.flatMap((database) => {
    const c = connectNaming(facts, { replica, intent, database });
    return c.outcome === 'refused' ? [{ database, reasons: c.reasons }] : [];
  });
  const [first] = refusedOn;
  if (first === undefined) return [];
  const names = refusedOn.map((r) => r.database);
  return [
    because(
      'CONNECT_USE_GROUP_DATABASE_REFUSED',
      `the login succeeds, but SQL Server enforces the connection's ${intent} intent at a USE statement too: in this session a USE of ${names.join(', ')} fails as a connection naming ${names.length === 1 ? 'it' : 'them'} is refused (${first.reasons
        .filter((r) => !isUnknownReason(r))
        .map((r) => r.message)
        .join('; ')})`,
    ),
  ];
};

/** A connection to `replica` naming `database`, or, naming none, every database of the group. */
const connectNaming = (
  facts: ClusterFacts,
  request: ReplicaConnectionRequest,
): ReplicaConnection => {
  const { config } = facts;
  const member = replicaConfig(facts, request.replica);
  if (member === undefined) return notAReplica(facts, request.replica);
  const name = member.name;
  const down = downReasons(facts, name);
  if (request.database !== undefined && !config.databases.includes(request.database))
    return outsideTheGroup(facts, request, request.database);
  // Its node out of the cluster (S65), the replica may be stopped, or running and RESOLVING: what
  // the primary last heard of it says neither.
  // "After an availability group goes offline, its databases become unavailable to clients" (S73).
  if (facts.groupState === 'OFFLINE')
    return refused([
      ...down,
      because(
        'CONNECT_GROUP_OFFLINE',
        `${config.name} was taken OFFLINE: its availability databases are unavailable to clients on ${name} as on every replica`,
      ),
    ]);
  const row = replicaFacts(facts, name);
  if (row?.nodeDown === true && row.isUp !== true)
    return refused([
      unknownReason(
        'UNKNOWN_INSTANCE_STATE',
        `whether ${name}'s instance runs, and in which role, now that the cluster reports its node DOWN`,
      ),
    ]);
  const role = roleOf(facts, name);
  if (role === 'PRIMARY') return toPrimary(facts, member, request, down);
  if (role === 'SECONDARY') return toSecondary(facts, member, request, down);
  if (role === null && isCutOffFromPrimary(facts, name)) {
    const alike = refusedInEveryRole(facts, name, request);
    if (alike !== null) return alike;
  }
  if (role === 'RESOLVING') {
    const asSecondary = resolvingSecondary(facts, member, request, down);
    if (asSecondary !== null) return asSecondary;
  }
  return refused([
    ...down,
    role === null
      ? unknownReason(
          'UNKNOWN_ROLE',
          `the role of ${name}, which decides who may connect`,
          roleSettledBy(facts, name),
        )
      : because(
          'CONNECT_REPLICA_RESOLVING',
          `${name} is RESOLVING: its availability databases are not accessible until it takes a role`,
        ),
  ]);
};

/**
 * From SQL Server 2014 a readable secondary that goes RESOLVING (its primary lost, the network
 * between them cut, the cluster without quorum) keeps serving reads: "The replica will be in
 * resolving state, however the databases are still available for your read connections" (S105;
 * S36: "When disconnected from the primary replica or during cluster quorum loss, readable
 * secondary replicas now remain available for read workloads"). A former primary's databases are
 * not accessible while it is RESOLVING, and no view shows which role the replica had: where it
 * would accept the connection as a secondary, the answer is unknown. SQL Server 2012 refuses
 * (Msg 983, "its replica role is RESOLVING which does not allow connections").
 */
const resolvingSecondary = (
  facts: ClusterFacts,
  member: Replica,
  request: ReplicaConnectionRequest,
  down: readonly Reason[],
): ReplicaConnection | null => {
  if (facts.config.version === 2012) return null;
  const asSecondary = toSecondary(facts, member, request, down);
  if (asSecondary.outcome !== 'connected' && asSecondary.outcome !== 'unknown') return null;
  return {
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'UNKNOWN_ROLE_BEFORE_RESOLVING',
        `which role ${member.name} had before it went RESOLVING: as a readable secondary it keeps serving reads from SQL Server 2014 (${asSecondary.outcome === 'connected' ? 'it would accept this connection read-only' : 'whether it would accept this connection is itself unknown'}); as the former primary its availability databases are not accessible until it takes a role`,
      ),
      // Unknown holds only unknowns: what a secondary would be told is in the message.
      ...asSecondary.reasons.filter(isUnknownReason),
    ],
  };
};
