import * as t from 'io-ts';

/**
 * Where a rule comes from: the document and the section in it. Every reason and every default
 * carries one, so a DBA can check the model against the documentation it encodes.
 */
export const RuleSource = t.type({ document: t.string, section: t.string }, 'RuleSource');
export interface RuleSource extends t.TypeOf<typeof RuleSource> {}

/**
 * A reason for a decision or a refusal: a stable code, a sentence for a DBA, and its source. A
 * reason that carries `settledBy` says "unknown": the input did not say, and those columns, views
 * or statements would settle it.
 */
export const Reason = t.intersection(
  [
    t.type({ code: t.string, message: t.string, rule: RuleSource }),
    t.partial({ settledBy: t.readonlyArray(t.string) }),
  ],
  'Reason',
);
export interface Reason extends t.TypeOf<typeof Reason> {}

/**
 * The source documents, keyed by the tags of ../shared/reference/ag-rules.md §0 and by the seed
 * documents. docs/rules.md lists them with their locations.
 */
export const DOCUMENTS = {
  S1: 'Availability modes (Always On availability groups)',
  S2: 'Failover and failover modes (Always On availability groups)',
  S3: 'ALTER AVAILABILITY GROUP (Transact-SQL)',
  S4: 'CREATE AVAILABILITY GROUP (Transact-SQL)',
  S5: 'Prerequisites, restrictions, and recommendations for Always On availability groups',
  S6: 'sys.dm_hadr_database_replica_states (Transact-SQL)',
  S7: 'sys.dm_hadr_availability_replica_states (Transact-SQL)',
  S8: 'sys.dm_hadr_database_replica_cluster_states (Transact-SQL)',
  S9: 'sys.fn_hadr_backup_is_preferred_replica (Transact-SQL)',
  S10: 'Offload supported backups to secondary replicas of an availability group',
  S11: 'Configure backups on secondary replicas of an Always On availability group',
  S12: 'KB4480650 (SQL Server 2016 SP2 CU5, SQL Server 2017 CU14 fix lists)',
  S13: 'Configure read-only routing for an Always On availability group',
  S14: 'About client connection access to availability replicas',
  S15: 'Availability group listeners, client connectivity, and application failover',
  S16: 'Active secondaries: readable secondary replicas',
  S17: 'Secondary to primary replica read/write connection redirection',
  S18: 'Use automatic seeding to initialize a secondary replica',
  S19: 'Automatically initialize Always On availability group',
  S20: 'sys.dm_hadr_automatic_seeding (Transact-SQL)',
  S21: 'sys.dm_hadr_physical_seeding_stats (Transact-SQL)',
  S22: 'Configure the flexible automatic failover policy of an availability group',
  S23: 'Flexible automatic failover policy - availability group',
  S24: 'Failover policy for failover cluster instances',
  S25: 'sp_server_diagnostics (Transact-SQL)',
  S26: 'Mechanics and guidelines of lease, cluster, and health check timeouts',
  S27: 'HADR configuration best practices (SQL Server on Azure VMs)',
  S28: 'Availability group database level health detection failover option',
  S29: 'High availability and data protection for availability group configurations (Linux)',
  S30: 'Operate Always On availability groups on Linux (failover)',
  S31: 'Always On availability groups on Linux (overview)',
  S32: 'sys.availability_replicas (Transact-SQL)',
  S33: 'sys.availability_groups (Transact-SQL)',
  S34: 'SMO enumerations (AvailabilityGroupClusterType, AvailabilityReplicaFailoverMode, AvailabilityGroupAutomatedBackupPreference)',
  S35: 'olahallengren/sql-server-maintenance-solution issue #216',
  S36: "SQL Server 2014: What's new (Database Engine)",
  S37: "SQL Server 2016: What's new (Database Engine), high availability",
  S38: "SQL Server 2017: What's new",
  S39: "What's new in SQL Server 2019",
  S40: 'SQL Server 2012: Overview of AlwaysOn availability groups',
  S41: 'Basic availability groups',
  S42: 'Contained availability groups overview',
  S43: 'Distributed availability groups',
  S44: 'Perform a forced manual failover of an availability group',
  S45: 'Perform a planned manual failover of an availability group',
  S46: 'Configure a read-scale availability group',
  S47: 'Monitor performance for Always On availability groups',
  S48: 'Possible failures during sessions between availability replicas',
  S49: 'sys.dm_hadr_availability_group_states (Transact-SQL)',
  S50: 'ALTER DATABASE (Transact-SQL) SET HADR',
  S51: 'Specify the endpoint URL when adding or modifying an availability replica',
  S53: 'agstate peer research (mssql-server-ha, Ola Hallengren, dbatools)',
  S54: 'olahallengren/sql-server-maintenance-solution issues #24, #138, #728',
  S55: 'Third-party write-ups on load balancing and backup preference (not authoritative)',
  S56: 'Change the failover mode of an availability replica',
  S58: 'Configure a distributed availability group',
  S60: 'SQL Server build versions (KB3177312, KB4047329; release history for SQL Server 2019 and 2022)',
  S61: 'Database engine events and errors (0 to 999)',
  S62: 'Suspend an availability database',
  S63: 'Troubleshoot an Availability Group database in reverting state',
  S64: 'Upgrading Always On Availability Group Replica Instances',
  S65: 'Having a problem with nodes being removed from active failover cluster membership',
  S66: 'Database engine events and errors (19000 to 20999)',
  S67: 'Resume an availability database',
  S68: 'Prepare a secondary database for an Always On availability group',
  S69: 'Database engine events and errors (1000 to 1999)',
  S70: 'BACKUP (Transact-SQL)',
  S71: 'RESTORE Statements - Arguments (Transact-SQL)',
  S72: 'Database engine events and errors (3000 to 3999)',
  S73: 'Take an availability group offline (SQL Server)',
  S74: 'Remove a secondary replica from an availability group (SQL Server)',
  S75: 'dataplat/dbatools issues #4906 and #8209: Backup-DbaDatabase on a non-readable secondary',
  S76: 'olahallengren/sql-server-maintenance-solution issue #1020 and pull request #1030: DatabaseBackup on the forwarder of a distributed availability group',
  S77: 'Remove a Primary Database from an Availability Group (SQL Server)',
  S78: 'Log Shipping Magic: Using A Differential Backup to Refresh a Delayed Secondary',
  S79: 'MicrosoftDocs/sql-docs pull request #241: Join database to second secondary',
  S80: 'Database states',
  S82: 'dbi services blog, SQL Server 2016: availability groups and the new potential support for standard edition',
  S83: 'Azure SQL Managed Instance link: Configure link with scripts; Managed Instance link feature overview',
  S88: 'Configure a distributed availability group (revised 27 May 2025): Fail over a distributed availability group',
  S90: 'High availability and data protection for availability group configurations (Linux), revision of 20 October 2025',
  S91: 'Configure a Pacemaker cluster for SQL Server availability groups',
  S92: 'MicrosoftDocs/sql-docs issue #7270: failure_state and failure_state_desc in sys.dm_hadr_automatic_seeding',
  S93: 'SQL Server 2022 Administration Inside Out (Microsoft Press, 2022), sample scripts: automatic seeding',
  S94: 'Error 9002: The transaction log for database is full due to AVAILABILITY_REPLICA (KB2922898)',
  S95: 'SQLskills, The Curious Case of… log truncation in a distributed availability group',
  S96: 'SQLRX blog: AlwaysOn – Connection Handshake Failure',
  S97: 'joshthecoder.com (2020-06-22): A bug with AG health checks',
  S98: 'Join a Secondary Replica to an Availability Group (SQL Server)',
  S99: 'High availability and security best practices for AWS Launch Wizard for SQL Server',
  S102: 'Troubleshoot Always On availability databases in Recovery Pending or Suspect state in SQL Server (KB2857849)',
  S103: 'Doyensys blog: Always On Availability Group Database in Recovery Pending',
  S104: 'Fail over link - Azure SQL Managed Instance',
  S105: 'SQLServerCentral blog: This one enhancement makes AlwaysOn Availability Group better in SQL Server 2014',
  S106: 'Configure a listener for an Always On availability group',
  S107: 'sys.dm_hadr_cluster (Transact-SQL)',
  S108: 'Fail over the primary replica of an availability group with cluster type NONE (read-scale failover include, revised)',
  S109: 'Change the session-timeout period for an availability replica',
  S110: 'DROP AVAILABILITY GROUP (Transact-SQL)',
  S111: 'Database engine events and errors (41400 to 49999)',
  S113: "olahallengren/sql-server-maintenance-solution issues #619, #651 and #692, dataplat/dbatools issue #710: sys.fn_hadr_backup_is_preferred_replica and DatabaseBackup where @@SERVERNAME does not match SERVERPROPERTY('ServerName')",
  S114: 'How to configure an Always On availability group to perform a failover when the database data file is unavailable',
  S115: 'Join a secondary database to an availability group',
  S116: 'Automatic Page Repair (Availability Groups: Database Mirroring)',
  S117: 'ELSE (IF...ELSE) (Transact-SQL)',
  S118: 'jbswiki.com (2021-02-28): Always On secondary database in Reverting / In Recovery state',
  S119: 'Change the availability mode of an availability replica',
  S120: 'olahallengren/sql-server-maintenance-solution issue #983 and MicrosoftDocs/sql-docs issue #6848',
  S121: 'MSSQLSERVER_9001',
  S122: 'Tune compression for availability group',
  S123: 'Troubleshoot: Availability group exceeded RTO',
  S124: 'WSFC Disaster Recovery through Forced Quorum (SQL Server)',
  S125: 'The database mirroring endpoint (SQL Server)',
  S126: 'Configure SQL Server on Linux with the mssql-conf tool',
  S127: 'Always On Availability group is offline',
  S128: 'AlwaysOnPro blog (2014-11-26): Diagnose Unexpected Failover or Availability Group in RESOLVING State',
  S129: 'Chris Lumnah (2017-05-16): Automatic Seeding Error',
  S130: 'Troubleshoot: Availability group exceeded RPO',
  S131: 'AlwaysOnPro blog (2014-11-11): Determine Availability Group Synchronization State, Minimize Data Loss When Quorum is Forced',
  S132: 'Microsoft Tech Community, SQL Server forum: SQL Server AG Failover - Automatic Failover',
  S133: 'dataplat/dbatools public/Backup-DbaDatabase.ps1 and SMO Database.LastBackupDate',
  S134: 'dbaunfiltered.com (2025-07-26): Database crash recovery takes forever after planned manual failover',
  S135: 'Database engine events and errors (31000 to 41399)',
  S136: 'serversideos.polsia.app: SQL Server Always On failover troubleshooting',
  S138: "A DBA's Always On availability group notes (public SQL file, code index file 11196735543)",
  S139: 'Troubleshoot a Failed Add-File Operation (Always On Availability Groups)',
  S141: 'Remove a Secondary Database from an Availability Group (SQL Server)',
  S142: 'Database engine events and errors (4000 to 4999)',
  S143: 'Mark Broadbent: Availability Groups for Dummies (SQL Server 2016 lab)',
  S144: 'Matt Neerincx (2012-04-25): Calculating read_only_routing_url for AlwaysOn',
  S145: 'Feature interoperability with SQL Server FCI & DNN (SQL Server on Azure VMs)',
  S148: 'Add a replica to your Always On Availability group using the Availability Group Wizard in SQL Server Management Studio',
  S151: 'Paul S. Randal: The Curious Case of… the failing differential restore',
  S152: 'dba.stackexchange.com q/144739: AlwaysON AG synchronous commit mode disconnected transaction log effect and mitigation',
  S153: 'dba.stackexchange.com q/89670: How AlwaysOn Availability Group secondary replica catches up with primary after secondary server long downtime',
  S154: 'KellyMagnierSCC/DRPlaybooks: SQL Server Always On Availability Group DR Failover and Failback runbooks',
  S157: 'SMO AvailabilityDatabase.IsPendingSecondarySuspend Property',
  S161: 'Japan Microsoft SQL Server Support Team: how to connect to an availability group listener (可用性グループリスナーへの接続方法)',
  S162: 'Secondary Database Settings (log shipping)',
  S163: 'Microsoft JDBC Driver for SQL Server: Support for High Availability, disaster recovery; Building the connection URL',
  S164: 'SqlClient support for high availability, disaster recovery',
  S165: 'dbi services blog, SQL Server AlwaysOn and availability groups : session timeout parameter',
  S167: 'KB4551221 - FIX: Error occurs when you try to create a differential backup on secondary replica in SQL Server',
  S171: 'MSSQLSERVER_988',
  S173: 'the.agilesql.club (2017-11): Fixing SQL AG Routing "Cannot find host" using packet analysis (and a spell checker)',
  S175: 'mssqltips.com tip 5341: Monitoring SQL Server Availability Group Direct Seeding',
  S177: 'microsoft/mssql-server-ha issue #10 and ClusterLabs/PAF issue #236: Pacemaker not able to promote node in a 3 node (2 node sync +1 config replica)',
  S185: 'sys.dm_hadr_cluster_members (Transact-SQL)',
  S186: 'Microsoft SQL Server Journey blog (2012-10-25): Why the registry size can cause problems with your SQL 2012 AlwaysOn/Failover Cluster setup',
  S200: 'sys.dm_hadr_cluster_networks (Transact-SQL)',
  S201: "A DBA's PowerShell script to add a replica to an availability group (public, code index file 67125111190)",
  S204: 'Database identifiers',
  S205: 'Arvind Shyamsundar (Microsoft), MSDN blog (2012-09-13): AlwaysOn Connectivity Cheat Sheet',
  SEED000: 'Start Data Movement on an AlwaysOn Secondary Database (SQL Server)',
  SEED001:
    'Use automatic seeding to initialize a secondary replica for an Always On availability group',
  SEED002: 'Active Secondaries: Backup on Secondary Replicas (AlwaysOn Availability Groups)',
  SEED003: 'Overview of AlwaysOn Availability Groups (SQL Server)',
  SEED004: 'SQL Server Always On Availability Group Data Resynchronization',
  MODEL: 'agstate modelling decision (documented in docs/ beside the rule)',
} as const;
export type DocumentTag = keyof typeof DOCUMENTS;

/** A source reference: `source('S3', 'BACKUP_PRIORITY')`. */
export const source = (tag: DocumentTag, section: string): RuleSource => ({
  document: DOCUMENTS[tag],
  section,
});

/** Build a reason. */
export const reason = (code: string, message: string, rule: RuleSource): Reason => ({
  code,
  message,
  rule,
});

/** Build an "unknown" reason: the input does not say, and `settledBy` names what would settle it. */
export const unknownReason = (
  code: string,
  message: string,
  rule: RuleSource,
  settledBy: readonly string[],
): Reason => ({ code, message, rule, settledBy });

/** Whether a reason says "unknown" rather than "no". */
export const isUnknownReason = (x: Reason): boolean => x.settledBy !== undefined;
