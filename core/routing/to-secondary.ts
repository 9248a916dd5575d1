import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts, replicaFacts } from '../rules/facts-access.js';
import { upgradedReasons } from '../rules/mixed-versions.js';
import { databaseStanding, databasesFor, unknownReason } from '../rules/replica-availability.js';
import { describeRelease, hasFeature } from '../validation/limits.js';
import { routingReason as because } from './codes.js';
import { unavailableState } from './database-states.js';
import { readsWaitingFor } from './reads-wait.js';
import type { ReplicaConnection, ReplicaConnectionRequest } from './routing.js';
import { suspendedCopy } from './suspended-copy.js';
import { redirection, refused } from './to-primary.js';
import { disconnectedReads, unrecoveredCopies } from './unrecovered-copy.js';

/**
 * A connection made straight to a secondary: its SECONDARY_ROLE ALLOW_CONNECTIONS, its copies'
 * states, and what SQL Server 2012 and a rolling upgrade add (ag-rules §7.1,
 * core/routing/routing.ts).
 */

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

export const toSecondary = (
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
