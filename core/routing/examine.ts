import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts, replicaConfig, sameName } from '../rules/facts-access.js';
import { upgradedReasons } from '../rules/mixed-versions.js';
import {
  databaseStanding,
  describeShortfall,
  replicaStanding,
  type Shortfall,
  unknownReason,
} from '../rules/replica-availability.js';
import { routingReason as because, type RoutingReasonCode } from './codes.js';
import { unavailableState } from './database-states.js';
import { stoppedByPrimaryOnly } from './suspended-copy.js';

/**
 * Each entry of the primary's READ_ONLY_ROUTING_LIST examined for a read-intent connection: whether
 * the replica, and every database the connection opens there, can take it, with every reason.
 */

/** One replica the routing examined, in list order, and why it is or is not a target. */
export interface RoutingCandidate {
  readonly replica: string;
  readonly available: boolean;
  readonly reasons: readonly Reason[];
}

interface Examined extends RoutingCandidate {
  /** Unavailable only for facts the snapshot lacks. */
  readonly undecided: boolean;
}

export const SHORTFALL_CODES: { readonly [K in Shortfall['kind']]: RoutingReasonCode } = {
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

export const unavailable = (
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
export const fallbackHint = (primary: Replica): string =>
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

export const examine = (
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

export const candidate = ({ replica, available, reasons }: Examined): RoutingCandidate => ({
  replica,
  available,
  reasons,
});
