import type { Replica, RoutingEntry } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import {
  databaseReplicaFacts,
  nodeWithoutQuorum,
  replicaConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';
import { upgradedReasons } from '../rules/mixed-versions.js';
import {
  databaseStanding,
  describeShortfall,
  lookUpPrimary,
  replicaStanding,
  type Shortfall,
  unknownPrimaryReason,
  unknownReason,
} from '../rules/replica-availability.js';
import { hasFeature } from '../validation/limits.js';
import { routingReason as because, type RoutingReasonCode } from './codes.js';
import { containedSystemConnection, containedSystemDatabase } from './contained-system.js';
import { unavailableState } from './database-states.js';
import { listenerSubnetMissing } from './listener-subnet.js';
import { landAt, membersDiffer } from './load-balanced.js';
import { primaryDatabaseRefusals } from './primary-database.js';
import { stoppedByPrimaryOnly } from './suspended-copy.js';

/**
 * A connection made through the listener (ag-rules §7.2–7.3): read-write goes to the primary;
 * read-intent follows the current primary's READ_ONLY_ROUTING_LIST to the first available entry,
 * a nested set being load-balanced by a counter the caller keeps; with no target the login stays
 * on the primary if it accepts read intent (hypothesis H6).
 */

export interface ListenerConnectionRequest {
  readonly intent: 'READ_WRITE' | 'READ_ONLY';
  /**
   * The database the connection names; absent: the login's default database, in the group (any
   * one) or outside it, and unknown when the two give different answers.
   */
  readonly database?: string;
  /**
   * Picks a member of a load-balanced set: the set's available members, in list order, indexed
   * by the counter modulo their number. A caller that replays connections passes 0, 1, 2, …
   */
  readonly roundRobinCounter?: number;
  /** MultiSubnetFailover=True in the connection string: the client tries every address at once. */
  readonly multiSubnetFailover?: boolean;
}

/** One replica the routing examined, in list order, and why it is or is not a target. */
export interface RoutingCandidate {
  readonly replica: string;
  readonly available: boolean;
  readonly reasons: readonly Reason[];
}

export interface ListenerConnection {
  /**
   * `routed`: sent to a secondary's READ_ONLY_ROUTING_URL; `connected`: served by the primary;
   * `unknown`: the facts do not say whether it would be refused (every reason that would refuse it
   * is unknown, each naming what settles it).
   */
  readonly outcome: 'connected' | 'routed' | 'refused' | 'unknown';
  readonly replica?: string;
  readonly reasons: readonly Reason[];
  /** The entries examined up to the one chosen (every entry when none was). */
  readonly considered: readonly RoutingCandidate[];
  /** When the target came from a load-balanced set: its available members, the rotation. */
  readonly loadBalancedSet?: readonly string[];
}

interface Examined extends RoutingCandidate {
  /** Unavailable only for facts the snapshot lacks. */
  readonly undecided: boolean;
}

const SHORTFALL_CODES: { readonly [K in Shortfall['kind']]: RoutingReasonCode } = {
  DOWN: 'ROUTING_REPLICA_DOWN',
  RESOLVING: 'ROUTING_REPLICA_RESOLVING',
  NOT_ONLINE: 'ROUTING_REPLICA_NOT_ONLINE',
  DISCONNECTED: 'ROUTING_REPLICA_DISCONNECTED',
};

const availableAs = (replica: string, why: Reason): Examined => ({
  replica,
  available: true,
  undecided: false,
  reasons: [why],
});

const unavailable = (
  replica: string,
  blocking: readonly Reason[],
  unknowns: readonly Reason[] = [],
): Examined => ({
  replica,
  available: false,
  undecided: blocking.length === 0,
  reasons: [...blocking, ...unknowns],
});

/**
 * What would let the primary serve read-intent logins when no secondary can: being last in its own
 * list, and, under PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE, also accepting read intent, since a
 * read-write primary refuses a read-intent connection ("Read-intent only | Failure", S14).
 */
const fallbackHint = (primary: Replica): string =>
  primary.primaryRole.allowConnections === 'ALL'
    ? `listing ${primary.name} last in its own list lets it serve such logins`
    : `listing ${primary.name} last in its own list would not help while its PRIMARY_ROLE ALLOW_CONNECTIONS is ${primary.primaryRole.allowConnections}, which refuses read intent; it would also need ALLOW_CONNECTIONS = ALL`;

/** The primary listed in its own list serves reads only under ALLOW_CONNECTIONS = ALL (S13, S14). */
const examinePrimary = (primary: Replica): Examined =>
  primary.primaryRole.allowConnections === 'ALL'
    ? availableAs(
        primary.name,
        because(
          'ROUTING_PRIMARY_ENTRY_ACCEPTS',
          `the primary ${primary.name} is in its own routing list and accepts read intent (PRIMARY_ROLE ALLOW_CONNECTIONS = ALL)`,
        ),
      )
    : unavailable(primary.name, [
        because(
          'ROUTING_PRIMARY_ENTRY_READ_WRITE_ONLY',
          `the primary ${primary.name} is in its own routing list but refuses read intent (PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE)`,
        ),
      ]);

/** A secondary upgraded past the primary's version cannot be read until the primary follows (S64). */
const upgradedRouting = (facts: ClusterFacts, name: string): readonly Reason[] =>
  upgradedReasons(facts, name, (versions) =>
    because(
      'ROUTING_SECONDARY_UPGRADED',
      `${versions}: an upgraded readable secondary cannot be read until the primary fails over to an upgraded replica or is upgraded`,
    ),
  );

/**
 * A copy whose database_state_desc is RECOVERING, RECOVERY_PENDING, SUSPECT or OFFLINE cannot be
 * opened (S80), whatever its synchronization state, even one stopped only by the primary's
 * suspension: a secondary rolling back after a failover is "reported as RECOVERING" and reads
 * fail with Msg 922 (see adapters/dmv/routing-recovering-copy.test.ts).
 */
const unavailableCopies = (
  facts: ClusterFacts,
  name: string,
  databases: readonly string[],
): readonly Reason[] =>
  databases.flatMap((database) => {
    const state = unavailableState(facts, name, database);
    return state !== null
      ? [
          because(
            'ROUTING_DATABASE_UNAVAILABLE',
            `${database} is ${state} on ${name}: the database is unavailable, so a routed connection cannot open it`,
          ),
        ]
      : [];
  });

/**
 * agstate's reading of "available" (ag-rules §7.2 item 6, hypothesis H5): SECONDARY, online and
 * connected; ALLOW_CONNECTIONS READ_ONLY or ALL; a READ_ONLY_ROUTING_URL; and every database the
 * connection touches joined, not suspended, SYNCHRONIZED or SYNCHRONIZING.
 */
const examineSecondary = (
  facts: ClusterFacts,
  primary: Replica,
  member: Replica,
  databases: readonly string[],
): Examined => {
  const name = member.name;
  const standing = replicaStanding(facts, name);
  const standingOfCopies = databaseStanding(facts, name, databases, { synchronizing: true });
  // A copy stopped because the primary's database is suspended stays readable, and takes new
  // connections (S62), unlike a copy suspended on the secondary itself: by its own
  // SUSPEND_FROM_USER, or while the primary's copy moves data.
  const stoppable = (s: (typeof standingOfCopies.shortfalls)[number]) =>
    (s.kind === 'NOT_SYNCHRONIZING' && s.state === 'NOT SYNCHRONIZING') ||
    (s.kind === 'SUSPENDED' &&
      databaseReplicaFacts(facts, name, s.database)?.suspendReason !== 'SUSPEND_FROM_USER');
  // The primary's row missing is read as not suspended, as before; null is "not shown".
  const primarySuspended = (database: string): boolean | null => {
    const row = databaseReplicaFacts(facts, primary.name, database);
    return row === undefined ? false : row.isSuspended;
  };
  // A suspended copy whose own row gives no suspend_reason_desc may be stopped by the primary only,
  // or suspended there by a user as well (both are allowed, S50): readable, or passed by (S62).
  // A simulated cluster knows which copies only the primary's SUSPEND stopped.
  const reasonNotShown = (s: (typeof standingOfCopies.shortfalls)[number]) =>
    s.kind === 'SUSPENDED' &&
    (databaseReplicaFacts(facts, name, s.database)?.suspendReason ?? null) === null &&
    !stoppedByPrimaryOnly(facts, name, s.database);
  const stoppedAtPrimary = standingOfCopies.shortfalls.filter(
    (s) => primarySuspended(s.database) === true && stoppable(s) && !reasonNotShown(s),
  );
  // Whether the primary's copy is suspended is not shown: the copy may be stopped there, and
  // readable, or not.
  const perhapsStopped = standingOfCopies.shortfalls.filter(
    (s) => primarySuspended(s.database) === null && stoppable(s),
  );
  const perhapsOwn = standingOfCopies.shortfalls.filter(
    (s) => primarySuspended(s.database) !== false && stoppable(s) && reasonNotShown(s),
  );
  const copies = {
    unknowns: [
      ...standingOfCopies.unknowns,
      ...perhapsStopped.map((s) =>
        unknownReason(
          'UNKNOWN_SUSPENDED',
          `whether ${s.database} is suspended on the primary ${primary.name}, which would leave its copy on ${name} readable`,
        ),
      ),
      ...perhapsOwn.map((s) =>
        unknownReason(
          'UNKNOWN_SUSPEND_REASON',
          `why ${s.database} is suspended on ${name}: stopped by the primary's suspension it takes routed connections; suspended on ${name} too, it does not`,
        ),
      ),
    ],
    shortfalls: standingOfCopies.shortfalls.filter(
      (s) =>
        !stoppedAtPrimary.includes(s) && !perhapsStopped.includes(s) && !perhapsOwn.includes(s),
    ),
  };
  const allow = member.secondaryRole.allowConnections;
  const url = member.secondaryRole.readOnlyRoutingUrl;
  const blocking = [
    ...(standing.role === 'PRIMARY'
      ? [
          because(
            'ROUTING_REPLICA_NOT_SECONDARY',
            `${name} reports the PRIMARY role while ${primary.name} is the primary; only a secondary is routed to`,
          ),
        ]
      : []),
    ...standing.shortfalls.map((s) =>
      because(SHORTFALL_CODES[s.kind], `${name} is not a routing target: ${describeShortfall(s)}`),
    ),
    ...(member.availabilityMode === 'CONFIGURATION_ONLY'
      ? [
          because(
            'ROUTING_REPLICA_CONFIGURATION_ONLY',
            `${name} is a configuration-only replica: it holds no copy of any availability database to read`,
          ),
        ]
      : []),
    ...(facts.config.kind === 'BASIC'
      ? [
          because(
            'ROUTING_BASIC_GROUP',
            `${name} is the secondary of a basic availability group, which is never readable`,
          ),
        ]
      : []),
    ...(allow === 'NO'
      ? [
          because(
            'ROUTING_REPLICA_NOT_READABLE',
            `${name} has SECONDARY_ROLE (ALLOW_CONNECTIONS = NO): it is not a readable secondary`,
          ),
        ]
      : []),
    ...upgradedRouting(facts, name),
    ...(url === null
      ? [
          because(
            'ROUTING_REPLICA_NO_ROUTING_URL',
            `${name} has no READ_ONLY_ROUTING_URL to route to`,
          ),
        ]
      : []),
    ...copies.shortfalls.map((s) =>
      s.kind === 'NOT_JOINED'
        ? because('ROUTING_DATABASE_NOT_JOINED', `${s.database} is not joined on ${name}`)
        : s.kind === 'SUSPENDED'
          ? because(
              'ROUTING_DATABASE_SUSPENDED',
              `${s.database} is suspended on ${name}: a suspended secondary database refuses new connections`,
            )
          : because(
              'ROUTING_DATABASE_NOT_SYNCHRONIZING',
              `${s.database} on ${name} is ${s.state}, neither SYNCHRONIZED nor SYNCHRONIZING`,
            ),
    ),
    ...unavailableCopies(facts, name, databases),
  ];
  const missing = [...standing.unknowns, ...copies.unknowns];
  const unknowns =
    missing.length === 0
      ? []
      : [
          because(
            'ROUTING_REPLICA_UNKNOWN',
            `${name} is not routed to: the snapshot lacks facts that decide whether it is available`,
          ),
          ...missing,
        ];
  if (blocking.length > 0 || unknowns.length > 0) return unavailable(name, blocking, unknowns);
  const available = availableAs(
    name,
    because(
      'ROUTING_REPLICA_AVAILABLE',
      `${name} is available: a connected, online secondary with ALLOW_CONNECTIONS = ${allow}, routing URL ${url}, and ${databases.length === 0 ? 'no availability database' : databases.join(', ')} readable and ${stoppedAtPrimary.length === 0 ? 'synchronizing' : 'joined'}`,
    ),
  );
  return stoppedAtPrimary.length === 0
    ? available
    : {
        ...available,
        reasons: [
          ...available.reasons,
          ...[...new Set(stoppedAtPrimary.map((s) => s.database))].map((database) =>
            because(
              'ROUTING_PRIMARY_DATABASE_SUSPENDED',
              `${database} is NOT SYNCHRONIZING on ${name} because it is suspended on the primary ${primary.name}: the secondary copy stays readable and takes new connections, with data as of the suspension`,
            ),
          ),
        ],
      };
};

const examine = (
  facts: ClusterFacts,
  primary: Replica,
  databases: readonly string[],
  name: string,
): Examined => {
  const member = replicaConfig(facts, name);
  if (member === undefined)
    return unavailable(name, [
      because(
        'ROUTING_ENTRY_NOT_A_REPLICA',
        `${name} is in ${primary.name}'s READ_ONLY_ROUTING_LIST but is not a replica of the group`,
      ),
    ]);
  return sameName(member.name, primary.name)
    ? examinePrimary(primary)
    : examineSecondary(facts, primary, member, databases);
};

const candidate = ({ replica, available, reasons }: Examined): RoutingCandidate => ({
  replica,
  available,
  reasons,
});

/**
 * The listener's network name depends on its IP addresses (one per subnet, only the primary's
 * online), and a client reaches it through the first address that responds (S15). A snapshot that
 * shows the WSFC state of every address, none ONLINE, shows a listener no client reaches; one that
 * leaves an address's state NULL, none ONLINE, does not say.
 */
const listenerOffline = (facts: ClusterFacts): readonly Reason[] => {
  const states = facts.listenerAddressStates;
  const name = facts.config.listener?.name;
  if (states === undefined || states.length === 0 || name === undefined) return [];
  if (states.some((a) => a.state === 'ONLINE')) return [];
  const shown = states.map((a) => `${a.address} ${a.state ?? 'NULL'}`).join(', ');
  return states.some((a) => a.state === null)
    ? [
        unknownReason(
          'UNKNOWN_LISTENER_STATE',
          `whether any address of ${name} is online (${shown})`,
        ),
      ]
    : [
        because(
          'LISTENER_OFFLINE',
          `no IP address of ${name} is online (${shown}): its network name is offline, and a client connecting to it gets no response`,
        ),
        ...listenerSubnetMissing(facts),
      ];
};

/**
 * The group shows no listener: unknown without the listener views; under CLUSTER_TYPE EXTERNAL
 * unknown too, since "The listener under Linux is configured differently, but its functionality
 * is the same ... there is just an IP address resource created in Pacemaker" (S31), which no view
 * shows; otherwise the group has none.
 */
const noListenerRow = (facts: ClusterFacts): readonly Reason[] => {
  const { config } = facts;
  if (facts.listenersListed === false)
    return [unknownReason('UNKNOWN_LISTENER_ROWS', `whether ${config.name} has a listener`)];
  if (config.clusterType === 'EXTERNAL')
    return [
      unknownReason(
        'UNKNOWN_EXTERNAL_LISTENER',
        `whether ${config.name} (CLUSTER_TYPE EXTERNAL, no listener in SQL Server) has a listener as Pacemaker makes one: an IP address resource, active only on the node of the primary, whose DNS name clients use`,
      ),
    ];
  return [because('LISTENER_MISSING', `availability group ${config.name} has no listener`)];
};

/**
 * A listener of a CLUSTER_TYPE NONE group: "For an AG created with a cluster type of None, use the
 * IP address associated with the primary replica. The instance associated with the provided IP
 * address then becomes the coordinator for things like the read-only routing requests" (S31). No
 * cluster brings that address online with the primary role, so the instance a connection reaches
 * is the one whose host holds it, which neither the configuration nor a view says.
 */
const noClusterListener = (facts: ClusterFacts): readonly Reason[] => {
  const { config } = facts;
  if (config.clusterType !== 'NONE' || config.listener === null) return [];
  const addresses = config.listener.addresses.map((a) => a.address).join(', ');
  return [
    unknownReason(
      'UNKNOWN_NONE_LISTENER_HOST',
      `which instance answers on ${config.listener.name}${addresses === '' ? '' : ` (${addresses})`}: under CLUSTER_TYPE NONE no cluster moves the listener's address with the primary role, so a connection through it reaches the instance whose host holds that address, the primary only while it is that host`,
    ),
  ];
};

/**
 * Quorum loss takes the group and its listener offline (S16) where the group runs; a snapshot of
 * one node without quorum (S107) does not show whether the other side of a partition kept quorum,
 * and with it the group, its primary and the listener's address.
 */
const listenerQuorumLost = (facts: ClusterFacts): readonly Reason[] => {
  if (facts.quorum !== 'LOST') return [];
  const cutOff = nodeWithoutQuorum(facts);
  return cutOff === null
    ? [
        because(
          'LISTENER_QUORUM_LOST',
          'the cluster has lost quorum: the availability group and its listener are offline',
        ),
      ]
    : [
        unknownReason(
          'QUORUM_LOST_ON_SNAPSHOT_NODE',
          `whether another node kept quorum and runs the group and its listener: there is no quorum on ${cutOff}, where it was taken, so they are offline there`,
        ),
      ];
};

/** Whether the listener can take the connection at all: a listener, quorum, an online primary. */
const gate = (facts: ClusterFacts): { primary?: Replica; refusals: readonly Reason[] } => {
  const { config } = facts;
  const found = lookUpPrimary(facts);
  const primary = found.kind === 'known' ? replicaConfig(facts, found.name) : undefined;
  const standing = primary === undefined ? undefined : replicaStanding(facts, primary.name);
  const refusals = [
    ...(config.listener !== null ? noClusterListener(facts) : noListenerRow(facts)),
    ...listenerOffline(facts),
    ...listenerQuorumLost(facts),
    ...(facts.quorum === null
      ? [unknownReason('UNKNOWN_QUORUM', 'the quorum state of the cluster')]
      : []),
    ...(found.kind === 'none'
      ? [
          because(
            'LISTENER_NO_PRIMARY',
            'no replica holds the primary role: the listener has nowhere to send the connection',
          ),
        ]
      : []),
    ...(found.kind === 'unknown'
      ? [
          unknownPrimaryReason(
            found,
            'which replica is primary',
            (claimants) =>
              `which primary the listener reaches: ${claimants} each hold the PRIMARY role in the snapshots (a split brain, or a failover between them)`,
          ),
        ]
      : []),
    ...(standing?.shortfalls ?? []).map((s) =>
      because(
        'LISTENER_PRIMARY_UNAVAILABLE',
        `the primary ${primary?.name} is not available: ${describeShortfall(s)}`,
      ),
    ),
    ...(standing?.unknowns ?? []),
  ];
  return primary === undefined ? { refusals } : { primary, refusals };
};

/** Where reads can still go when the listener cannot take the connection (S16, S36). */
const directReads = (facts: ClusterFacts): Reason => {
  // Taken OFFLINE on purpose, unlike a quorum loss or a lost primary (S36): nothing stays readable.
  if (facts.groupState === 'OFFLINE')
    return because(
      'LISTENER_DIRECT_READS_LOST_OFFLINE',
      `${facts.config.name} was taken OFFLINE: its databases are unavailable to clients on every replica, so no secondary stays readable by direct connection`,
    );
  if (facts.config.version === 2012)
    return because(
      'LISTENER_DIRECT_READS_LOST_2012',
      'SQL Server 2012 secondaries are not readable without quorum or while disconnected from the primary (2014 and later stay readable)',
    );
  const readableIn = (role: 'SECONDARY' | 'RESOLVING') =>
    facts.config.replicas
      .filter(
        (r) =>
          r.secondaryRole.allowConnections !== 'NO' &&
          facts.config.kind !== 'BASIC' &&
          replicaFacts(facts, r.name)?.role === role &&
          replicaFacts(facts, r.name)?.isUp !== false,
      )
      .map((r) => r.name);
  const readable = readableIn('SECONDARY');
  // A readable secondary gone RESOLVING keeps serving reads (S105); a former primary does not.
  const resolving = readableIn('RESOLVING');
  const maybe =
    resolving.length === 0
      ? ''
      : `${readable.length > 0 ? '; and' : ':'} ${resolving.join(', ')}, RESOLVING, if ${resolving.length > 1 ? 'each was a secondary' : 'it was a secondary'} before (its error log, message 1480)`;
  return because(
    'LISTENER_DIRECT_READS_REMAIN',
    readable.length > 0
      ? `readable secondaries stay readable by direct connection: ${readable.join(', ')}${maybe}`
      : resolving.length > 0
        ? `readable secondaries stay readable by direct connection${maybe}`
        : 'readable secondaries stay readable by direct connection, but no replica here is a readable secondary now',
  );
};

const LISTENER_DOWN: readonly string[] = [
  'LISTENER_QUORUM_LOST',
  'LISTENER_NO_PRIMARY',
  'LISTENER_PRIMARY_UNAVAILABLE',
];

/** No routing target: the login stays on the primary if it accepts read intent (H6). */
const stayOnPrimary = (
  primary: Replica,
  lead: Reason,
  considered: readonly RoutingCandidate[],
  notes: readonly Reason[],
): ListenerConnection =>
  primary.primaryRole.allowConnections === 'ALL'
    ? {
        outcome: 'connected',
        replica: primary.name,
        reasons: [
          lead,
          because(
            'ROUTING_FALLBACK_TO_PRIMARY',
            `the read-intent connection stays on the primary ${primary.name}, which accepts it (PRIMARY_ROLE ALLOW_CONNECTIONS = ALL)`,
          ),
          ...notes,
        ],
        considered,
      }
    : {
        outcome: 'refused',
        reasons: [
          lead,
          because(
            'ROUTING_PRIMARY_REFUSES_READ_INTENT',
            `the primary ${primary.name} refuses read-intent connections (PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE), so the connection fails`,
          ),
          ...notes,
        ],
        considered,
      };

/** A non-negative index below `size` for any counter (NaN and infinities count as 0). */
const rotate = (counter: number, size: number): number => {
  const whole = Number.isFinite(counter) ? Math.trunc(counter) : 0;
  return ((whole % size) + size) % size;
};

const entryNames = (entry: RoutingEntry): readonly string[] =>
  typeof entry === 'string' ? [entry] : entry;

/** Walk the primary's READ_ONLY_ROUTING_LIST (S13; nested sets 2016+, S37). */
const route = (
  facts: ClusterFacts,
  primary: Replica,
  databases: readonly string[],
  counter: number | undefined,
): ListenerConnection => {
  const list = primary.primaryRole.readOnlyRoutingList;
  const balanced = hasFeature(facts.config, 'LOAD_BALANCED_READ_ONLY_ROUTING');
  const entries = list.map((entry) => ({
    isSet: typeof entry !== 'string',
    examined: entryNames(entry).map((name) => examine(facts, primary, databases, name)),
  }));
  const chosenAt = entries.findIndex((e) => e.examined.some((x) => x.available));
  const reached = chosenAt === -1 ? entries : entries.slice(0, chosenAt + 1);
  const examined = reached.flatMap((e) => e.examined);
  const considered = examined.map(candidate);
  const skipped = examined.filter((x) => x.undecided).map((x) => x.replica);
  const notes = [
    ...(!balanced && list.some((e) => typeof e !== 'string')
      ? [
          because(
            'ROUTING_SET_BEFORE_2016',
            'load-balanced sets need SQL Server 2016 or later: the members of a set are tried in list order',
          ),
        ]
      : []),
  ];
  const unseen =
    skipped.length === 0
      ? []
      : [
          because(
            'ROUTING_UNKNOWN_SKIPPED',
            `the snapshot does not show whether ${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} available`,
          ),
        ];
  const chosen = entries[chosenAt];
  if (chosen === undefined && list.length === 0)
    return stayOnPrimary(
      primary,
      because('ROUTING_LIST_EMPTY', `the primary ${primary.name} has no READ_ONLY_ROUTING_LIST`),
      considered,
      notes,
    );
  const listsPrimary = list.some((e) => entryNames(e).some((n) => sameName(n, primary.name)));
  // Listed in its own list, the primary serves the read-intent login if it accepts read intent
  // (S13); it is then an entry, and one that is not available refuses it.
  if (chosen === undefined && listsPrimary)
    return stayOnPrimary(
      primary,
      because(
        'ROUTING_NO_AVAILABLE_ENTRY',
        `no entry of ${primary.name}'s READ_ONLY_ROUTING_LIST is available (${examined.map((x) => x.replica).join(', ')})`,
      ),
      considered,
      [...notes, ...unseen],
    );
  // A list with no available entry, the primary not in it, routes nowhere: Msg 982 (S61); unless
  // an entry the snapshot does not show may be available.
  if (chosen === undefined)
    return {
      outcome: skipped.length > 0 ? 'unknown' : 'refused',
      reasons: [
        because(
          'ROUTING_NO_AVAILABLE_ENTRY',
          `no entry of ${primary.name}'s READ_ONLY_ROUTING_LIST is available (${examined.map((x) => x.replica).join(', ')})`,
        ),
        because(
          'ROUTING_NO_READABLE_SECONDARY',
          `the read-intent login fails (Msg 982: no online secondary replicas are enabled for read-only access)${skipped.length > 0 ? ` unless ${skipped.join(' or ')}, which the snapshot does not show, is available` : ''}; ${fallbackHint(primary)}`,
        ),
        ...notes,
        ...unseen,
      ],
      considered,
    };
  const members = chosen.examined.filter((x) => x.available).map((x) => x.replica);
  const rotating = chosen.isSet && balanced;
  const pickAt = rotating ? rotate(counter ?? 0, members.length) : 0;
  const target = members[pickAt] ?? primary.name;
  const why = rotating
    ? because(
        'ROUTING_LOAD_BALANCED',
        counter === undefined
          ? `entry ${chosenAt + 1} of ${primary.name}'s READ_ONLY_ROUTING_LIST is a load-balanced set with available members ${members.join(', ')}: the primary sends read-intent logins to them in turn, and no view shows whose turn is next, so this login goes to ${members.join(' or ')}`
          : `entry ${chosenAt + 1} of ${primary.name}'s READ_ONLY_ROUTING_LIST is a load-balanced set with available members ${members.join(', ')}; roundRobinCounter ${counter} picks ${target}`,
      )
    : because(
        'ROUTING_FIRST_AVAILABLE',
        `${target} is the first available replica in ${primary.name}'s READ_ONLY_ROUTING_LIST (entry ${chosenAt + 1})`,
      );
  const rotation = rotating ? { loadBalancedSet: members } : {};
  // An entry the snapshot does not show may be available: the connection goes there, or on (H7).
  if (skipped.length > 0)
    return {
      outcome: 'unknown',
      reasons: [
        because(
          'ROUTING_UNKNOWN_SKIPPED',
          `the connection goes to ${skipped.join(' or ')} if ${skipped.length === 1 ? 'it is' : 'they are'} available, which the snapshot does not show; otherwise to ${target}`,
        ),
        why,
        ...examined.filter((x) => x.undecided).flatMap((x) => x.reasons.filter(isUnknownReason)),
        ...notes,
      ],
      considered,
    };
  // No counter: a login, not a replay, lands on any member of the rotation (S13, S46).
  const landings = (counter === undefined && rotating ? members : [target]).map((m) =>
    landAt(facts, primary, m, databases),
  );
  const first = landings[0] ?? landAt(facts, primary, target, databases);
  const outcomes = new Set(landings.map((l) => l.outcome));
  const served = landings.every((l) => l.outcome === 'routed' || l.outcome === 'connected');
  const extra = landings.flatMap((l) => l.reasons);
  if (served || outcomes.size === 1)
    return {
      outcome: first.outcome,
      ...(first.replica === undefined ? {} : { replica: first.replica }),
      reasons: [why, ...extra, ...notes],
      considered,
      ...rotation,
    };
  return {
    outcome: 'unknown',
    reasons: [why, membersDiffer(landings), ...extra, ...notes],
    considered,
    ...rotation,
  };
};

/**
 * A listener with addresses in several subnets has only the primary's online. S106 (Follow-up)
 * gives both WSFC settings their cost for a client without MultiSubnetFailover: every address in
 * DNS (RegisterAllProvidersIP = 1, what T-SQL, SSMS and PowerShell create) means tries in turn and
 * timeouts; only the online one (0) means waiting for the cached record after a failover. Without
 * WSFC there is no cluster network name, so neither setting exists.
 */
const multiSubnetNote = (facts: ClusterFacts): readonly Reason[] => {
  const addresses = facts.config.listener?.addresses ?? [];
  const head = `${facts.config.listener?.name} has an address in each of ${addresses.length} subnets (${addresses.map((a) => a.address).join(', ')}): only the primary's is online`;
  const dns =
    facts.config.clusterType === 'WSFC'
      ? `. A client without MultiSubnetFailover=True may time out before reaching it where the listener registers every address in DNS (RegisterAllProvidersIP = 1, as T-SQL, SSMS and PowerShell create it); with RegisterAllProvidersIP = 0 only the online address is registered, but after a failover to another subnet such a client reaches the new primary only once its cached DNS record expires (HostRecordTTL, 20 minutes by default)`
      : ', so a client without MultiSubnetFailover=True may time out on the others before reaching it';
  return addresses.length < 2 ? [] : [because('LISTENER_MULTI_SUBNET', `${head}${dns}`)];
};

/** A connection made through the group's listener (ag-rules §7.2–7.3, S13, S15). */
export const connectThroughListener = (
  facts: ClusterFacts,
  request: ListenerConnectionRequest,
): ListenerConnection => {
  const connection = throughListener(facts, request);
  const note =
    connection.outcome === 'refused' || request.multiSubnetFailover === true
      ? []
      : multiSubnetNote(facts);
  return note.length === 0
    ? connection
    : { ...connection, reasons: [...connection.reasons, ...note] };
};

const throughListener = (
  facts: ClusterFacts,
  request: ListenerConnectionRequest,
): ListenerConnection => {
  const { primary, refusals } = gate(facts);
  if (primary === undefined || refusals.length > 0)
    return {
      outcome: refusals.length > 0 && refusals.every(isUnknownReason) ? 'unknown' : 'refused',
      reasons: [
        ...refusals,
        ...(refusals.some((r) => LISTENER_DOWN.includes(r.code)) ? [directReads(facts)] : []),
      ],
      considered: [],
    };
  const counter = request.roundRobinCounter;
  if (request.database === undefined)
    return namingNoDatabase(facts, primary, request.intent, counter);
  const contained = containedSystemDatabase(facts.config, request.database);
  if (contained !== undefined && request.intent === 'READ_ONLY')
    return containedSystemConnection(
      facts.config,
      primary.name,
      request.database,
      contained,
      toGroupDatabases(facts, primary, 'READ_ONLY', ownRows(facts, contained), counter),
    );
  if (!facts.config.databases.includes(request.database))
    return request.intent === 'READ_WRITE'
      ? toThePrimary(primary)
      : outsideTheGroup(facts, primary, request.database);
  return toGroupDatabases(facts, primary, request.intent, [request.database], counter);
};

const toThePrimary = (primary: Replica): ListenerConnection => ({
  outcome: 'connected',
  replica: primary.name,
  reasons: [
    because(
      'LISTENER_TO_PRIMARY',
      `without read intent the listener connects to the primary ${primary.name}`,
    ),
  ],
  considered: [],
});

/** A connection that opens databases of the group: every one of them must serve it (H5). */
const toGroupDatabases = (
  facts: ClusterFacts,
  primary: Replica,
  intent: ListenerConnectionRequest['intent'],
  databases: readonly string[],
  counter: number | undefined,
): ListenerConnection => {
  const landed = landOnPrimary(
    databases.flatMap((db) => primaryDatabaseRefusals(facts, primary.name, db)),
  );
  return landed(
    intent === 'READ_WRITE' ? toThePrimary(primary) : route(facts, primary, databases, counter),
  );
};

/** The contained copy's rows where the snapshot lists it; else the replicas alone decide. */
const ownRows = (facts: ClusterFacts, database: string): readonly string[] =>
  facts.config.databases.includes(database) ? [database] : [];

/** Read intent on a database outside the group is not routed: it stays on the primary (S15). */
const outsideTheGroup = (
  facts: ClusterFacts,
  primary: Replica,
  database: string,
): ListenerConnection => ({
  outcome: 'connected',
  replica: primary.name,
  reasons: [
    because(
      'ROUTING_DATABASE_NOT_IN_GROUP',
      `${database} is not in availability group ${facts.config.name}: read-only routing needs a database of the group, so the connection stays on the primary ${primary.name}`,
    ),
    // The intent is enforced at a USE too (S164): a read-write primary then refuses the group's
    // databases to this read-intent session (S205: through the listener, "Not allowed").
    ...(primary.primaryRole.allowConnections === 'READ_WRITE' && facts.config.databases.length > 0
      ? [
          because(
            'CONNECT_USE_GROUP_DATABASE_REFUSED',
            `the login succeeds, but SQL Server enforces the connection's READ_ONLY intent at a USE statement too: in this session a USE of ${facts.config.databases.join(', ')} fails, since the primary ${primary.name} has PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE) and refuses read intent on the group's databases (Msg 979, "is in an availability group and currently does not allow read only connections")`,
          ),
        ]
      : []),
  ],
  considered: [],
});

/**
 * A connection that names no database opens the login's default database (S15: "The connection
 * string references a database involved in the Availability Group. An alternative to this would
 * be the login used in the connection has the database configured as its default database"),
 * which the facts do not hold: a database of the group (any one, so every one must serve it, H5),
 * or one outside it (master, by default), where it stays on the primary. One answer for both is
 * the answer; otherwise it is unknown, and says what each would give and what settles it.
 */
const namingNoDatabase = (
  facts: ClusterFacts,
  primary: Replica,
  intent: ListenerConnectionRequest['intent'],
  counter: number | undefined,
): ListenerConnection => {
  const outside =
    intent === 'READ_WRITE'
      ? toThePrimary(primary)
      : outsideTheGroup(facts, primary, "the login's default database");
  if (facts.config.databases.length === 0) return outside;
  const inside = toGroupDatabases(facts, primary, intent, facts.config.databases, counter);
  if (inside.outcome === outside.outcome && inside.replica === outside.replica) return inside;
  const where =
    inside.outcome === 'routed' || inside.outcome === 'connected'
      ? `${inside.outcome} to ${inside.replica}`
      : inside.outcome;
  return {
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'UNKNOWN_CONNECTION_DATABASE',
        `which database the connection opens: it names none, so the login's default database decides; a database of ${facts.config.name} gives ${where}, ${defaultOutside(facts.config, primary.name)}`,
      ),
      ...inside.reasons,
    ],
    considered: inside.considered,
  };
};

/**
 * The database outside the group a login's default may be: master by default, except through a
 * contained group's listener, where master is the group's own (S42), whose routing is not documented.
 */
const defaultOutside = (config: ClusterFacts['config'], primary: string): string => {
  const master = containedSystemDatabase(config, 'master');
  return master === undefined
    ? `one outside it (master, by default) leaves it on the primary ${primary}`
    : `one outside it leaves it on the primary ${primary}; master, the default, is ${master} through the listener of the contained group ${config.name}, and whether routing takes that as a database of the group is not documented`;
};

/** A connection the primary serves fails on a database not ONLINE there (S15); routed ones go on. */
const landOnPrimary =
  (offline: readonly Reason[]) =>
  (connection: ListenerConnection): ListenerConnection =>
    connection.outcome !== 'connected' || offline.length === 0
      ? connection
      : {
          outcome: 'refused',
          reasons: [...connection.reasons, ...offline],
          considered: connection.considered,
          ...(connection.loadBalancedSet === undefined
            ? {}
            : { loadBalancedSet: connection.loadBalancedSet }),
        };
