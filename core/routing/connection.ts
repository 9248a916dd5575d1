import type { Listener, Replica } from '../model/config.js';
import type { ClusterFacts, OtherListener } from '../model/facts.js';
import { type Reason, reason, unknownReason } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import { ROUTING_REASONS } from './codes.js';
import { databaseCaseReason, groupDatabaseInOtherCase, sameLanding } from './database-case.js';
import {
  connectThroughListener,
  type ListenerConnection,
  type RoutingCandidate,
} from './listener.js';
import { connectWithFailoverPartner } from './mirroring.js';
import { connectToReplica, type Intent, type ReplicaConnection } from './routing.js';
import { clientPortOf, hostLabel, onMirroringEndpoint } from './routing-url.js';

/**
 * A client's connection as its connection string says it (Server, Database, ApplicationIntent,
 * MultiSubnetFailover, Failover Partner), answered by what the server it names is: the group's
 * listener (ag-rules §7.2–7.3), one of its replicas (§7.1, never routed), or a mirroring-style pair
 * of replicas (SEED003 "Client Connections"). A server the group does not name is unknown, never
 * refused: it may be a DNS alias or an address of either.
 */

/** The server a connection string names: `[protocol:]host[\instance][,port]`. */
export interface ConnectionServer {
  readonly host: string;
  readonly instance?: string;
  readonly port?: number;
}

export interface ConnectionAsk {
  readonly server: ConnectionServer;
  readonly intent: Intent;
  readonly database?: string;
  readonly multiSubnetFailover?: boolean;
  readonly failoverPartner?: ConnectionServer;
}

export interface ConnectionAnswer {
  /** What the server names: the listener, a replica, a mirroring-style pair, or not known. */
  readonly through: 'listener' | 'replica' | 'failoverPartner' | 'unknown';
  readonly outcome: ListenerConnection['outcome'] | ReplicaConnection['outcome'];
  readonly replica?: string;
  readonly readOnly?: boolean;
  readonly reasons: readonly Reason[];
  /** Through the listener, to a load-balanced set: the members the logins go to in turn. */
  readonly loadBalancedSet?: readonly string[];
  /**
   * Through the listener, the routing list's entries examined in order, each available or not and
   * why: a login that lands on the primary or fails with Msg 982 says why the entries before
   * were passed over.
   */
  readonly considered?: readonly RoutingCandidate[];
}

/** The server as SQL Server names an instance: HOST or HOST\INSTANCE. */
export const serverText = (s: ConnectionServer): string =>
  `${s.host}${s.instance === undefined ? '' : `\\${s.instance}`}${s.port === undefined ? '' : `,${s.port}`}`;

const replicaNamed = (facts: ClusterFacts, s: ConnectionServer): Replica | undefined => {
  const wanted = `${hostLabel(s.host)}${s.instance === undefined ? '' : `\\${s.instance}`}`;
  return facts.config.replicas.find((r) => {
    const [host = r.name, instance] = r.name.split('\\');
    return sameName(`${hostLabel(host)}${instance === undefined ? '' : `\\${instance}`}`, wanted);
  });
};

/**
 * The listener by its DNS name or an address, with or without an instance name: with a port, the
 * instance name is ignored and it connects as `listenername,port` (S161); without one, see
 * `instanceReasons`.
 */
const namesListener = (facts: ClusterFacts, s: ConnectionServer): boolean => {
  const listener = facts.config.listener;
  return listener !== null && isListenerNamed(listener, s);
};

const isListenerNamed = (listener: Listener, s: ConnectionServer): boolean =>
  sameName(hostLabel(listener.name), hostLabel(s.host)) ||
  listener.addresses.some((a) => a.address === s.host);

/**
 * A listener created in the cluster beside the group's first ("you can use Windows PowerShell for
 * failover clusters or the WSFC Failover Cluster Manager to create additional listeners", S106)
 * leads to the same primary: the connection is judged as through the first, with the other's
 * name, port, addresses and their states.
 */
const throughOtherListener = (facts: ClusterFacts, s: ConnectionServer): ClusterFacts | null => {
  const other = (facts.otherListeners ?? []).find((l) => isListenerNamed(l.listener, s));
  return other === undefined ? null : factsThroughListener(facts, other);
};

/** The facts as a connection through `other` sees them: its name, port, addresses and states. */
export const factsThroughListener = (facts: ClusterFacts, other: OtherListener): ClusterFacts => {
  const seen = { ...facts, config: { ...facts.config, listener: other.listener } };
  if (other.addressStates !== undefined)
    return { ...seen, listenerAddressStates: other.addressStates };
  const { listenerAddressStates: _firstListenerStates, ...withoutStates } = seen;
  return withoutStates;
};

/** Names a client gives its own machine: no name lookup says which replica that is. */
const LOCAL_NAMES = new Set(['(local)', '.', 'localhost', '127.0.0.1', '::1']);

/**
 * The WSFC's own network name is no listener: its address is online on the node that owns the
 * cluster's core resources, which no view shows, and a login through it is never routed ("server
 * checks that incoming connection is using an Availability Group listener endpoint. Otherwise,
 * read-only routing is disabled", S144). sqlchitchat.com's clients reached the primary through it
 * only while that node hosted the primary (S367).
 */
const throughClusterName = (
  facts: ClusterFacts,
  s: ConnectionServer,
  intent: Intent,
): ConnectionAnswer | null => {
  const cluster = facts.clusterName;
  if (cluster === undefined || !sameName(hostLabel(cluster), hostLabel(s.host))) return null;
  const readIntent =
    intent === 'READ_ONLY'
      ? '; its read intent is never routed, since read-only routing works only through a listener, so a secondary reached this way serves it as a direct connection does and the primary keeps it'
      : '';
  const primaryText = facts.primary === null ? 'the primary' : `the primary ${facts.primary}`;
  return {
    through: 'unknown',
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'CONNECTION_SERVER_IS_CLUSTER',
        `unknown: ${serverText(s)} is the network name of the WSFC ${cluster} itself (sys.dm_hadr_cluster.cluster_name), not a listener of ${facts.config.name}: the client reaches the instance on the node that owns the cluster's core resources, whichever replica that is (${primaryText} only while that node hosts it)${readIntent}`,
        ROUTING_REASONS.CONNECTION_SERVER_IS_CLUSTER,
        [
          `the owner node of the cluster's core resources (Get-ClusterGroup 'Cluster Group' | Format-List OwnerNode), against the replicas' nodes; SELECT @@SERVERNAME over the connection`,
        ],
      ),
    ],
  };
};

const unmatched = (facts: ClusterFacts, s: ConnectionServer): ConnectionAnswer => {
  const listeners = [
    ...(facts.config.listener === null ? [] : [facts.config.listener.name]),
    ...(facts.otherListeners ?? []).map((l) => l.listener.name),
  ];
  const names = [
    ...(listeners.length === 0
      ? []
      : [`the ${listeners.length === 1 ? 'listener' : 'listeners'} ${listeners.join(', ')}`]),
    `the replicas ${facts.config.replicas.map((r) => r.name).join(', ')}`,
  ];
  return {
    through: 'unknown',
    outcome: 'unknown',
    reasons: [
      unknownReason(
        'CONNECTION_SERVER_UNMATCHED',
        `unknown: the connection's server ${serverText(s)} is none of the names ${facts.config.name} has (${names.join('; ')}); it may be a DNS alias or an address of one of them`,
        ROUTING_REASONS.CONNECTION_SERVER_UNMATCHED,
        [
          LOCAL_NAMES.has(s.host.toLowerCase())
            ? `the machine the client runs on (${s.host} names it), against the replicas' hosts; SELECT @@SERVERNAME over the connection`
            : `the address ${s.host} resolves to (nslookup ${s.host}), against sys.availability_group_listener_ip_addresses.ip_address and the replicas' hosts`,
        ],
      ),
    ],
  };
};

/** The port a TCP client uses for a server named without one and without an instance name. */
const DEFAULT_PORT = 1433;

/**
 * A port the listener does not listen on reaches whatever else listens at that address. A server
 * named without a port is reached on 1433: S15, Non-default port, "if the port is not 1433, then
 * the port must be specified in the connection string in the format of `listenername,port`".
 */
const portReasons = (facts: ClusterFacts, s: ConnectionServer): readonly Reason[] => {
  const listener = facts.config.listener;
  const port = s.port ?? (s.instance === undefined ? DEFAULT_PORT : undefined);
  if (listener === null || port === undefined || port === listener.port) return [];
  const named =
    s.port === undefined
      ? `names no port, so the client connects on ${DEFAULT_PORT} (S15: a listener on another port "must be specified in the connection string in the format of listenername,port")`
      : `names port ${port}`;
  return [
    unknownReason(
      'LISTENER_PORT_DIFFERS',
      `unknown: the connection ${named}, but listener ${listener.name} listens on port ${listener.port}; what answers at ${listener.name}:${port} (an instance listening on every address, or nothing) is not in the snapshot`,
      ROUTING_REASONS.LISTENER_PORT_DIFFERS,
      ['sys.availability_group_listeners.port', `the TCP ports the primary's instance listens on`],
    ),
  ];
};

/**
 * `listenername\\instancename` without a port is not a supported server name (S161): where the
 * replicas are named instances and SQL Server Browser runs, the client asks it the instance's port
 * and connects there, at the listener's address, or fails. Which port, and whether that is the
 * listener's, the snapshot does not show.
 */
const instanceReasons = (facts: ClusterFacts, s: ConnectionServer): readonly Reason[] => {
  const listener = facts.config.listener;
  if (listener === null || s.instance === undefined || s.port !== undefined) return [];
  return [
    unknownReason(
      'LISTENER_INSTANCE_NAME',
      `unknown: ${serverText(s)} names listener ${listener.name} with an instance name and no port, which is not a supported way to name a listener: where the replicas are named instances and SQL Server Browser runs, the client asks it for ${s.instance}'s port and connects there at the listener's address, which may or may not be the listener's port ${listener.port}, or the connection fails; ${listener.name},${listener.port} (or ${serverText({ ...s, port: listener.port })}, whose instance name is ignored) is the supported form`,
      ROUTING_REASONS.LISTENER_INSTANCE_NAME,
      [
        `the port SQL Server Browser gives for ${s.instance} on the primary's node, against sys.availability_group_listeners.port`,
        `SELECT @@SERVERNAME over that connection`,
      ],
    ),
  ];
};

/**
 * A replica named on the port of its database mirroring endpoint (its ENDPOINT_URL): the endpoint
 * "listens on a unique TCP port number" and "Client connections to a principal server or primary
 * replica do not use the database mirroring endpoint" (S125), so the login fails there, as a
 * routing URL on that port does (`ROUTING_URL_IS_MIRRORING_ENDPOINT`).
 */
const endpointReasons = (replica: Replica, s: ConnectionServer): readonly Reason[] => {
  if (s.port === undefined || !onMirroringEndpoint(`TCP://${s.host}:${s.port}`, replica)) return [];
  const name = replica.name;
  return [
    reason(
      'CONNECT_PORT_IS_MIRRORING_ENDPOINT',
      `${serverText(s)} names ${name} on port ${s.port}, the port of its database mirroring endpoint (ENDPOINT_URL ${replica.endpointUrl}): client connections do not use the mirroring endpoint, so the login fails there; the Database Engine listens for clients on another port (1433 by default${replica.secondaryRole.readOnlyRoutingUrl === null ? '' : `; ${name}'s READ_ONLY_ROUTING_URL names ${replica.secondaryRole.readOnlyRoutingUrl}`})`,
      ROUTING_REASONS.CONNECT_PORT_IS_MIRRORING_ENDPOINT,
    ),
  ];
};

/**
 * A replica named on a port other than the one its routing URLs give its Database Engine: whether
 * the instance also listens there is not in the snapshot. A replica whose URLs give no port is
 * taken at its word.
 */
const clientPortReasons = (replica: Replica, s: ConnectionServer): readonly Reason[] => {
  const port = clientPortOf(replica);
  if (s.port === undefined || port === null || port === s.port) return [];
  const name = replica.name;
  return [
    unknownReason(
      'REPLICA_PORT_DIFFERS',
      `unknown: ${serverText(s)} names ${name} on port ${s.port}, but its routing URL gives its Database Engine port ${port}; whether the instance also listens on ${s.port} is not in the snapshot`,
      ROUTING_REASONS.REPLICA_PORT_DIFFERS,
      [`sys.dm_tcp_listener_states.port on ${name} (the TCP ports its instance listens on)`],
    ),
  ];
};

const connectNamed = (facts: ClusterFacts, ask: ConnectionAsk): ConnectionAnswer => {
  const database = ask.database === undefined ? {} : { database: ask.database };
  if (ask.failoverPartner !== undefined) {
    const r = connectWithFailoverPartner(facts, {
      server: replicaNamed(facts, ask.server)?.name ?? serverText(ask.server),
      failoverPartner:
        replicaNamed(facts, ask.failoverPartner)?.name ?? serverText(ask.failoverPartner),
    });
    return { through: 'failoverPartner', ...r };
  }
  if (namesListener(facts, ask.server)) {
    const ports = [...instanceReasons(facts, ask.server), ...portReasons(facts, ask.server)];
    if (ports.length > 0) return { through: 'listener', outcome: 'unknown', reasons: ports };
    const r = connectThroughListener(facts, {
      intent: ask.intent,
      ...database,
      ...(ask.multiSubnetFailover === undefined
        ? {}
        : { multiSubnetFailover: ask.multiSubnetFailover }),
    });
    return {
      through: 'listener',
      outcome: r.outcome,
      ...(r.replica === undefined ? {} : { replica: r.replica }),
      reasons: r.reasons,
      ...(r.loadBalancedSet === undefined ? {} : { loadBalancedSet: r.loadBalancedSet }),
      ...(r.considered.length === 0 ? {} : { considered: r.considered }),
    };
  }
  const other = throughOtherListener(facts, ask.server);
  if (other !== null) return connectNamed(other, ask);
  const replica = replicaNamed(facts, ask.server);
  if (replica === undefined)
    return throughClusterName(facts, ask.server, ask.intent) ?? unmatched(facts, ask.server);
  const endpoint = endpointReasons(replica, ask.server);
  if (endpoint.length > 0) return { through: 'replica', outcome: 'refused', reasons: endpoint };
  const ports = clientPortReasons(replica, ask.server);
  if (ports.length > 0) return { through: 'replica', outcome: 'unknown', reasons: ports };
  return {
    through: 'replica',
    ...connectToReplica(facts, { replica: replica.name, intent: ask.intent, ...database }),
  };
};

/**
 * A database named in another case than the group's is the group's under a case-insensitive
 * instance collation and another database under a case-sensitive one (S204, S205): one answer for
 * both is the answer; otherwise it is unknown, with the reasons the group's database gives.
 */
export const connectWith = (facts: ClusterFacts, ask: ConnectionAsk): ConnectionAnswer => {
  const named = ask.database;
  const database = named === undefined ? undefined : groupDatabaseInOtherCase(facts, named);
  if (named === undefined || database === undefined) return connectNamed(facts, ask);
  const inGroup = connectNamed(facts, { ...ask, database });
  const outside = connectNamed(facts, ask);
  if (sameLanding(inGroup, outside)) return inGroup;
  const instances =
    inGroup.through === 'listener'
      ? `the primary${facts.primary === null ? '' : ` ${facts.primary}`}, which routes the login, and the replica it routes to`
      : (replicaNamed(facts, ask.server)?.name ?? serverText(ask.server));
  return {
    through: inGroup.through,
    outcome: 'unknown',
    reasons: [
      databaseCaseReason(facts, named, database, inGroup, outside, instances),
      ...inGroup.reasons,
    ],
    ...(inGroup.considered === undefined ? {} : { considered: inGroup.considered }),
  };
};
