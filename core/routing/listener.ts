import type { Replica, RoutingEntry } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { unknownReason } from '../rules/replica-availability.js';
import { hasFeature } from '../validation/limits.js';
import { routingReason as because } from './codes.js';
import { containedSystemConnection, containedSystemDatabase } from './contained-system.js';
import { candidate, examine, fallbackHint, type RoutingCandidate } from './examine.js';
import { directReads, gate, LISTENER_DOWN, stayOnPrimary } from './listener-gate.js';
import { landAt, membersDiffer } from './load-balanced.js';
import { primaryDatabaseRefusals } from './primary-database.js';

/**
 * A connection made through the listener (ag-rules §7.2–7.3): read-write goes to the primary;
 * read-intent follows the current primary's READ_ONLY_ROUTING_LIST to the first available entry,
 * a nested set being load-balanced by a counter the caller keeps; with no target the login stays
 * on the primary if it accepts read intent (hypothesis H6).
 */

export type { RoutingCandidate } from './examine.js';

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
