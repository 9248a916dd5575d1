import { type Reason, reason, source } from '../model/source.js';

/**
 * Every reason code the connection and routing decisions emit, each with the one source it cites.
 * docs/decisions-backup-routing.md lists them, and a test keeps the two in step.
 */
const available = source('S15', 'read-only routing: an online, read-only replica that is joined');
const hypothesis = (n: number, what: string) =>
  source('MODEL', `docs/decisions-backup-routing.md, hypothesis H${n}: ${what}`);

export const ROUTING_REASONS = {
  // a connection straight to one replica (ag-rules §7.1)
  CONNECT_REPLICA_NOT_IN_GROUP: source('S14', 'client connection access to availability replicas'),
  CONNECT_REPLICA_DOWN: source('S17', 'a connection to an instance that is down fails'),
  CONNECT_REPLICA_RESOLVING: source('S7', 'role_desc RESOLVING'),
  CONNECT_GROUP_OFFLINE: source(
    'S73',
    'After an availability group goes offline, its databases become unavailable to clients',
  ),
  CONNECT_DATABASE_NOT_IN_GROUP: source('S14', 'access settings apply to availability databases'),
  CONNECT_USE_GROUP_DATABASE_REFUSED: source(
    'S164',
    'Specifying application intent: the server will enforce the intent at connection time and during a USE database statement but only to an Always On enabled database',
  ),
  CONNECT_PRIMARY_NOT_ONLINE: source('S7', 'operational_state_desc of a primary replica'),
  CONNECT_PRIMARY_ACCEPTS: source('S14', 'connection access: primary role'),
  CONNECT_PRIMARY_READ_WRITE_ONLY: source('S14', 'PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE'),
  CONNECT_PRIMARY_DATABASE_NOT_ONLINE: source(
    'S15',
    'Bypass listeners: the instance verifies the state of the targeted database; offline or in a transitional state, connectivity fails',
  ),
  CONNECT_SECONDARY_NOT_READABLE: source('S14', 'SECONDARY_ROLE ALLOW_CONNECTIONS = NO'),
  CONNECT_SECONDARY_READ_INTENT_ONLY: source('S14', 'SECONDARY_ROLE ALLOW_CONNECTIONS = READ_ONLY'),
  CONNECT_SECONDARY_READ_ONLY_ACCESS: source('S14', 'connection access: secondary role'),
  CONNECT_BASIC_GROUP_SECONDARY: source('S41', 'Limitations: no read access on the secondary'),
  CONNECT_SECONDARY_FAILED_2012: source(
    'S34',
    'AvailabilityReplicaOperationalState (SQL Server 2012): Failed, the replica cannot receive client requests',
  ),
  CONNECT_SECONDARY_ISOLATED_2012: source(
    'S36',
    'readable secondaries stay available when disconnected or without quorum (2014)',
  ),
  CONNECT_SECONDARY_RECOVERY_UNKNOWN: source(
    'S196',
    'Types of waits: HADR_RECOVERY_WAIT_FOR_CONNECTION, the secondary database waits to connect to the primary database before running recovery',
  ),
  CONNECT_SECONDARY_DISCONNECTED_STALE: source(
    'S247',
    'Symptoms: read-only workloads that query secondary replicas might query stale data',
  ),
  CONNECT_DATABASE_NOT_JOINED: source('S50', 'SET HADR AVAILABILITY GROUP: join the database'),
  CONNECT_DATABASE_SUSPENDED: source(
    'S50',
    'SUSPEND: connections to a secondary suspended by a forced failover are not allowed',
  ),
  CONNECT_SUSPENDED_DATABASE_READABLE: source(
    'S62',
    'a suspended secondary refuses new connections only through the listener and read-only routing',
  ),
  CONNECT_SECONDARY_UPGRADED: source(
    'S64',
    'Rolling Upgrade Best Practices: readable secondaries cannot be read after their upgrade',
  ),
  CONNECT_DATABASE_RECOVERING: source(
    'S63',
    'Read-only and reporting workloads fail to access the secondary database',
  ),
  CONNECT_WHATEVER_THE_ROLE: source(
    'MODEL',
    'docs/decisions-backup-routing.md, connections: every role the replica could have refuses',
  ),
  CONNECT_DATABASE_UNAVAILABLE: source(
    'S80',
    'RECOVERING, RECOVERY PENDING, SUSPECT, OFFLINE: the database is unavailable',
  ),
  READS_WAIT_FOR_OPEN_TRANSACTIONS: source(
    'S16',
    'Limitations and restrictions: active transactions that existed on the primary replica when the secondary replica was configured must commit or roll back; until then queries are temporarily blocked',
  ),
  CONNECT_REDIRECTED_TO_PRIMARY: source('S17', 'read/write connection redirection'),
  CONNECT_REDIRECT_TARGET_UNAVAILABLE: source('S17', 'read/write connection redirection'),
  CONNECT_NO_PRIMARY_TO_REDIRECT: hypothesis(4, 'no primary, no redirection'),
  CONNECT_REDIRECT_URL_IS_MIRRORING_ENDPOINT: source(
    'S125',
    'the database mirroring endpoint listens on a unique TCP port number; client connections do not use it',
  ),
  CONNECT_REDIRECT_URL_HOST_NOT_REPLICA: source(
    'S17',
    "Set READ_WRITE_ROUTING_URL option: the primary replica's own address (Example: TCP://COMPUTER01.<domain>.<tld>:1433)",
  ),
  // a connection string's server, before either kind of connection (ag-rules §7.1–7.3)
  CONNECTION_SERVER_UNMATCHED: source(
    'S15',
    "clients connect to the listener's DNS name, or straight to an instance of a replica",
  ),
  CONNECTION_SERVER_IS_CLUSTER: source(
    'S367',
    'clients connecting through the WSFC network name rather than a listener, read intent never routed',
  ),
  REPLICA_PORT_DIFFERS: source(
    'S13',
    'READ_ONLY_ROUTING_URL: the port is a port number that is used by the Database Engine of the SQL Server instance',
  ),
  LISTENER_PORT_DIFFERS: source('S15', 'a listener: a DNS name, its IP addresses and a port'),
  CONNECT_PORT_IS_MIRRORING_ENDPOINT: source(
    'S125',
    'the database mirroring endpoint listens on a unique TCP port number; client connections do not use it',
  ),
  CONNECTION_DATABASE_CASE_UNKNOWN: source(
    'S204',
    'identifiers of instance-level objects, such as logins and database names, are assigned the default collation of the instance',
  ),
  LISTENER_INSTANCE_NAME: source(
    'S161',
    "listenername\\instancename is not a supported server name: SQL Server Browser may resolve the named instance's port, or the connection fails",
  ),
  // a connection through the listener (ag-rules §7.2–7.3)
  LISTENER_MISSING: source('S13', 'Prerequisites: an availability group listener'),
  LISTENER_QUORUM_LOST: source('S16', 'quorum loss takes the listener offline'),
  // The driver "will wait for the first IP to respond with success": with no IP resource online
  // (sys.availability_group_listener_ip_addresses.state_desc), none responds.
  LISTENER_OFFLINE: source(
    'S15',
    'Multi-subnet failovers: the client driver waits for the first IP to respond with success',
  ),
  LISTENER_NO_ADDRESS_ON_PRIMARY_SUBNET: source(
    'S348',
    'a listener configured properly has an IP address for each defined subnet; the one in the subnet hosting the primary replica is online',
  ),
  LISTENER_NO_PRIMARY: source('S15', 'the listener directs connections to the primary replica'),
  LISTENER_PRIMARY_UNAVAILABLE: source('S15', 'the listener directs connections to the primary'),
  LISTENER_DIRECT_READS_REMAIN: source(
    'S36',
    'readable secondaries stay available when disconnected or without quorum (2014)',
  ),
  LISTENER_DIRECT_READS_LOST_OFFLINE: source(
    'S73',
    'After an availability group goes offline, its databases become unavailable to clients',
  ),
  LISTENER_DIRECT_READS_LOST_2012: source(
    'S36',
    'readable secondaries stay available when disconnected or without quorum (2014)',
  ),
  LISTENER_TO_PRIMARY: source('S15', 'without read intent the listener connects to the primary'),
  LISTENER_MULTI_SUBNET: source(
    'S106',
    'Follow-up: MultiSubnetFailover keyword, RegisterAllProvidersIP and HostRecordTTL settings',
  ),
  ROUTING_SECONDARY_UPGRADED: source(
    'S64',
    'Rolling Upgrade Best Practices: readable secondaries cannot be read after their upgrade',
  ),
  ROUTING_DATABASE_NOT_IN_GROUP: source('S15', 'read-only routing: a database of the group'),
  ROUTING_CONTAINED_SYSTEM_DATABASE: source(
    'S42',
    'Connect (contained environment): through the contained AG listener, master is the contained master; Read-only routing and contained availability groups',
  ),
  ROUTING_LIST_EMPTY: source('S3', 'READ_ONLY_ROUTING_LIST (NONE)'),
  ROUTING_SET_BEFORE_2016: source('S37', 'load-balanced read-only routing (SQL Server 2016)'),
  ROUTING_ENTRY_NOT_A_REPLICA: source('S3', 'READ_ONLY_ROUTING_LIST'),
  ROUTING_PRIMARY_ENTRY_ACCEPTS: source('S13', 'the primary last in its own routing list'),
  ROUTING_PRIMARY_ENTRY_READ_WRITE_ONLY: source(
    'S14',
    'PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE',
  ),
  ROUTING_REPLICA_NOT_SECONDARY: source('S13', 'READ_ONLY_ROUTING_URL: effective as secondary'),
  ROUTING_REPLICA_DOWN: available,
  ROUTING_REPLICA_RESOLVING: available,
  ROUTING_REPLICA_NOT_ONLINE: available,
  ROUTING_REPLICA_DISCONNECTED: available,
  ROUTING_REPLICA_UNKNOWN: available,
  ROUTING_BASIC_GROUP: source('S41', 'Limitations: no read access on the secondary'),
  ROUTING_REPLICA_CONFIGURATION_ONLY: source(
    'S32',
    'availability_mode 4 CONFIGURATION_ONLY: user data is not transmitted to the replica',
  ),
  ROUTING_REPLICA_NOT_READABLE: source('S13', 'Prerequisites: ALLOW_CONNECTIONS READ_ONLY or ALL'),
  ROUTING_REPLICA_NO_ROUTING_URL: source('S13', 'READ_ONLY_ROUTING_URL'),
  ROUTING_DATABASE_NOT_JOINED: available,
  ROUTING_DATABASE_SUSPENDED: source(
    'S50',
    'SUSPEND: a suspended secondary refuses new connections',
  ),
  ROUTING_DATABASE_NOT_SYNCHRONIZING: hypothesis(5, 'a routing target is synchronizing'),
  ROUTING_DATABASE_UNAVAILABLE: source(
    'S80',
    'RECOVERING, RECOVERY PENDING, SUSPECT, OFFLINE: the database is unavailable',
  ),
  ROUTING_PRIMARY_DATABASE_SUSPENDED: source(
    'S62',
    'a suspended primary database: existing connections on a readable secondary remain usable and new connections can be made',
  ),
  ROUTING_REPLICA_AVAILABLE: hypothesis(5, 'a routing target is synchronizing'),
  ROUTING_URL_IS_MIRRORING_ENDPOINT: source(
    'S125',
    'the database mirroring endpoint listens on a unique TCP port number; client connections do not use it',
  ),
  ROUTING_URL_IS_LISTENER: source(
    'S144',
    "the listener endpoint always points to the primary replica, where a read-intent login through it is routed; the URL script leaves out the listeners' addresses",
  ),
  ROUTING_URL_HOST_NOT_REPLICA: source(
    'S13',
    'READ_ONLY_ROUTING_URL: system-address "unambiguously identifies the destination computer system"',
  ),
  ROUTING_FIRST_AVAILABLE: source('S13', 'the first available replica in list order'),
  ROUTING_LOAD_BALANCED: source('S13', 'Configure load-balancing across read-only replicas'),
  ROUTING_LOAD_BALANCED_MEMBERS_DIFFER: source(
    'S13',
    'Configure load-balancing across read-only replicas: the routing list load balances read-intent connection requests across the replicas of the set',
  ),
  ROUTING_UNKNOWN_SKIPPED: hypothesis(7, 'routing past a replica the snapshot does not show'),
  ROUTING_NO_AVAILABLE_ENTRY: source(
    'S13',
    'the primary listed last in its own list, so that reads fall back to it when no secondary is available',
  ),
  ROUTING_NO_READABLE_SECONDARY: source(
    'S61',
    'Msg 982: no online secondary replicas are enabled for read-only access',
  ),
  ROUTING_FALLBACK_TO_PRIMARY: hypothesis(6, 'no routing target: the primary serves the login'),
  ROUTING_PRIMARY_REFUSES_READ_INTENT: source('S14', 'PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE'),
} as const;
export type RoutingReasonCode = keyof typeof ROUTING_REASONS;

/** A connection or routing reason: the code fixes its source. */
export const routingReason = (code: RoutingReasonCode, message: string): Reason =>
  reason(code, message, ROUTING_REASONS[code]);
