import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { nodeWithoutQuorum, replicaConfig, replicaFacts } from '../rules/facts-access.js';
import {
  describeShortfall,
  lookUpPrimary,
  replicaStanding,
  unknownPrimaryReason,
  unknownReason,
} from '../rules/replica-availability.js';
import { routingReason as because } from './codes.js';
import type { RoutingCandidate } from './examine.js';
import type { ListenerConnection } from './listener.js';
import { listenerSubnetMissing } from './listener-subnet.js';

/**
 * Whether the listener can take a connection at all (a listener, quorum, an online primary), and
 * where reads go when it cannot, or when no routing target is left (ag-rules §7.2–7.3).
 */

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
export const gate = (facts: ClusterFacts): { primary?: Replica; refusals: readonly Reason[] } => {
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
export const directReads = (facts: ClusterFacts): Reason => {
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

export const LISTENER_DOWN: readonly string[] = [
  'LISTENER_QUORUM_LOST',
  'LISTENER_NO_PRIMARY',
  'LISTENER_PRIMARY_UNAVAILABLE',
];

/** No routing target: the login stays on the primary if it accepts read intent (H6). */
export const stayOnPrimary = (
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
