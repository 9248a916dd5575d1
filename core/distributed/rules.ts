import { source } from '../model/source.js';

/** The documented rules of distributed availability groups, each with its document and section. */
export const DISTRIBUTED_RULES = {
  forwarder: source(
    'S43',
    'Understand distributed availability groups: the forwarder receives transactions from the global primary and forwards them to its secondaries',
  ),
  listenerUrlOfFci: source(
    'S58',
    'Create distributed availability group on failover cluster instances: no availability group listener needed, LISTENER_URL is the VNN of the primary FCI replica; Manually fail over FCI in distributed availability group: update the distributed group to reflect the change of listener URL (MODIFY AVAILABILITY GROUP ON … LISTENER_URL) on both the global primary and the forwarder',
  ),
  versions: source(
    'S43',
    'Version and edition requirements: the AG containing the read/write primary can be the same version or lower than the other AGs',
  ),
  versionsAfterMigration: source(
    'S43',
    'Migrate to higher SQL Server versions: updates from the higher-version group after the failover are not replicated to the lower-version group, and fail-back is not possible until it is upgraded',
  ),
  higherVersionSecondaryGroup: source(
    'S43',
    'Migrate to higher SQL Server versions: while the primary AG is at a lower version, no read access to the replica databases of the secondary AG, which shows Partially Healthy, its secondary replicas Synchronizing/In Recovery',
  ),
  dnnListener: source(
    'S327',
    'Distributed availability group: if you configure your availability group listener by using a distributed network name (DNN), you cannot configure a distributed availability group on top of your availability group',
  ),
  seedingToHigherVersion: source(
    'S43',
    'Migrate to higher SQL Server versions: with a migration target on a higher version than the source, autoseeding is not supported; the seeding mode must be MANUAL, with a full and a log backup restored on the secondary AG',
  ),
  linkFailoverForms: source(
    'S104',
    'Fail over a database: planned FAILOVER on the primary (SQL Server 2022 CU13), FORCE_FAILOVER_ALLOW_DATA_LOSS on the secondary; SQL Server 2019 and earlier: the failover breaks the link',
  ),
  linkSynchronousBeforeFailover: source(
    'S104',
    'Switch replication mode (Failover to SQL MI): asynchronous by default; before failing over from SQL Server to the managed instance, switch the link to synchronous mode on SQL Server; skip this step failing over from the managed instance to SQL Server 2022',
  ),
  splitBrain: source(
    'S104',
    'Inconsistent state after forced failover: both replicas in the primary role; back up the original primary, then set the distributed group to the secondary role there',
  ),
  oneWritable: source(
    'S43',
    'Understand distributed availability groups: only one copy of the databases accepts inserts, updates and deletions',
  ),
  manualOnly: source(
    'S43',
    'Disaster recovery and multi-site scenarios: only manual failover is supported',
  ),
  forceOnly: source(
    'S43',
    'Understand distributed availability groups: failover between the groups only with FORCE_FAILOVER_ALLOW_DATA_LOSS',
  ),
  synchronousBothSides: source(
    'S58',
    'Fail over to a secondary availability group, step 1: SYNCHRONOUS_COMMIT on both the global primary and the forwarder',
  ),
  forwarderCopyCannotStart: source(
    'S44',
    'Limitations: when a secondary database is in the REVERTING or INITIALIZING state, forcing failover would cause the database to fail to start as a primary database',
  ),
  forwarderHoldsLog: source(
    'S95',
    'With a DAG: the primary replica of AG2 is essentially another secondary replica of AG1',
  ),
  waitAllSynchronousCopies: source(
    'S43',
    'Disaster recovery and multi-site scenarios: with synchronous movement the distributed group waits until all synchronous copies acknowledge; daisy-chained (AG1 -> AG2 -> AG3) and synchronous, until the last replica of the last availability group',
  ),
  synchronizedEqualLsn: source(
    'S58',
    'Fail over to a secondary availability group, step 2: SYNCHRONIZED and the same last_hardened_lsn per database',
  ),
  demote: source(
    'S58',
    'Fail over to a secondary availability group, step 3: set the role of the distributed group to SECONDARY on the global primary',
  ),
  readiness: source(
    'S58',
    'Fail over to a secondary availability group, step 4: ready when last_hardened_lsn is the same on both groups per database',
  ),
  failover: source(
    'S58',
    'Fail over to a secondary availability group, step 5: FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder',
  ),
  failBack: source(
    'S58',
    'Fail over to a secondary availability group, step 4: fail back with FORCE_FAILOVER_ALLOW_DATA_LOSS on the global primary',
  ),
  synchronous2022: source(
    'S88',
    'Fail over a distributed availability group, SQL Server 2022 and later, step 2: SYNCHRONOUS_COMMIT on both the global primary and the forwarder',
  ),
  synchronized2022: source(
    'S88',
    'Fail over a distributed availability group, SQL Server 2022 and later, steps 3 and 5: the distributed availability group SYNCHRONIZED',
  ),
  requiredSecondariesBeforeDemotion: source(
    'S88',
    'Fail over a distributed availability group, SQL Server 2022 and later, step 4: on the global primary, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1',
  ),
  demote2022: source(
    'S88',
    'Fail over a distributed availability group, SQL Server 2022 and later, step 6: on the global primary, SET (ROLE = SECONDARY)',
  ),
  requiredSecondariesCleared: source(
    'S88',
    'Fail over a distributed availability group, SQL Server 2022 and later, step 8: on the new forwarder (previous global primary), REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0',
  ),
  requiredSecondariesOption: source(
    'S3',
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (distributed availability groups)',
  ),
  roleSecondary: source(
    'S3',
    'SET ( ROLE = SECONDARY ): only valid in distributed availability groups',
  ),
  twoGroups: source('S43', 'Distributed availability groups overview (two availability groups)'),
  routingSecondaryGroup: source(
    'S43',
    "Scale out readable replicas: read-only routing can be configured, but won't work for the secondary availability group; queries through its listener go to its primary replica",
  ),
  manualSeeding: source(
    'S58',
    'Join distributed availability group on second cluster (manual seeding): RESTORE … WITH NORECOVERY on the forwarder, then SET HADR AVAILABILITY GROUP',
  ),
  automaticSeeding: source(
    'S58',
    'Create distributed availability group on first cluster (automatic seeding): SEEDING_MODE = AUTOMATIC for both groups',
  ),
  initializeRestored: source(
    'S43',
    'Initialize secondary availability groups: a copy restored WITH NORECOVERY on the second group’s primary is checked against the first group’s primary databases, and seeding catches it up to the source',
  ),
  seedingCheckTimeout: source(
    'S43',
    'Initialize secondary availability groups, caveats: sys.dm_hadr_automatic_seeding shows FAILED, "Seeding Check Message Timeout", on the second group’s primary and COMPLETED on the first’s; its SQL Server Log shows the LSNs synchronized',
  ),
  restoredBehindTruncation: source(
    'SEED001',
    'Combine backup and restore with automatic seeding: a copy restored including all available transaction logs is caught up; of one the primary no longer holds the log after, nothing is said',
  ),
  seedForwarderNoGrant: source(
    'SEED001',
    'Security: the primary replica of the second availability group needs no extra permissions, as it is already a primary',
  ),
  singleReplicaGrant: source(
    'SEED001',
    "Security: if there's only one replica on the second availability group, grant CREATE ANY DATABASE to the secondary availability group name, or automatic seeding may fail",
  ),
  seedFromForwarder: source(
    'SEED001',
    'Security: a secondary of the second availability group needs GRANT CREATE ANY DATABASE and is seeded from its primary',
  ),
  backups: source(
    'S10',
    'In a distributed availability group, backups can be performed on secondary replicas in the same availability group as the active primary replica, or on the primary replica of any secondary availability groups',
  ),
  olaForwarder: source(
    'S76',
    'DatabaseBackup (28 May 2026 and later): unsupported backup types are skipped on the forwarder, and non-copy-only backups too unless @AllowNonCopyOnlyBackupsOnForwarder = Y',
  ),
  linkSynchronous: source(
    'S104',
    'Switch replication mode (Failover to SQL MI): switch the link to synchronous mode on SQL Server; skip it when failing over from SQL Managed Instance to SQL Server 2022',
  ),
  linkLsn: source(
    'S104',
    'Check LSN values on both SQL Server and SQL Managed Instance: the last hardened LSNs match and remain matched',
  ),
  linkFailover: source(
    'S104',
    'Fail over a database: ALTER AVAILABILITY GROUP [<DAGname>] FAILOVER on the primary replica, by Transact-SQL from SQL Server 2022 CU13 (KB5036432); otherwise with the SSMS wizard, which on SQL Server 2019 and earlier removes the link',
  ),
  linkSplitBrain: source(
    'S104',
    'Inconsistent state after forced failover: take a backup on the original primary, then set the distributed availability group to the secondary role there',
  ),
  model: source('MODEL', 'distributed availability groups: docs/model.md'),
} as const;
