import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { replicaConfig, replicaFacts } from '../rules/facts-access.js';
import {
  inEachPossibleRole,
  isCutOffFromPrimary,
  roleOf,
  roleSettledBy,
  unknownReason,
} from '../rules/replica-availability.js';
import { routingReason as because } from './codes.js';
import { refused, toPrimary } from './to-primary.js';
import { toSecondary } from './to-secondary.js';

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
