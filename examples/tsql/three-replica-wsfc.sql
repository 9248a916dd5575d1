-- A three-replica availability group on a Windows Server failover cluster (SQL Server 2019):
-- two synchronous replicas with automatic failover in the primary data centre, one
-- asynchronous replica for disaster recovery, a listener on two subnets, read-only routing
-- that load-balances over the readable secondaries, and read/write redirection.
USE [master];
GO

CREATE AVAILABILITY GROUP [SalesAG]
WITH (
    AUTOMATED_BACKUP_PREFERENCE = SECONDARY,
    FAILURE_CONDITION_LEVEL = 3,
    HEALTH_CHECK_TIMEOUT = 60000,
    DB_FAILOVER = ON,
    DTC_SUPPORT = PER_DB,
    REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1,
    CLUSTER_TYPE = WSFC
)
FOR DATABASE [Sales], [Orders]
REPLICA ON
    N'SQLNODE1' WITH (
        ENDPOINT_URL = N'TCP://sqlnode1.contoso.com:5022',
        AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
        FAILOVER_MODE = AUTOMATIC,
        SEEDING_MODE = MANUAL,
        BACKUP_PRIORITY = 30,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY,
            READ_ONLY_ROUTING_URL = N'TCP://sqlnode1.contoso.com:1433'),
        PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE,
            READ_ONLY_ROUTING_LIST = (('SQLNODE2', 'SQLNODE3'), 'SQLNODE1'),
            READ_WRITE_ROUTING_URL = N'TCP://sqlnode1.contoso.com:1433'),
        SESSION_TIMEOUT = 15
    ),
    N'SQLNODE2' WITH (
        ENDPOINT_URL = N'TCP://sqlnode2.contoso.com:5022',
        AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
        FAILOVER_MODE = AUTOMATIC,
        BACKUP_PRIORITY = 30,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY,
            READ_ONLY_ROUTING_URL = N'TCP://sqlnode2.contoso.com:1433'),
        PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE,
            READ_ONLY_ROUTING_LIST = (('SQLNODE1', 'SQLNODE3'), 'SQLNODE2'),
            READ_WRITE_ROUTING_URL = N'TCP://sqlnode2.contoso.com:1433'),
        SESSION_TIMEOUT = 15
    ),
    N'SQLNODE3' WITH (
        ENDPOINT_URL = N'TCP://sqlnode3.contoso.com:5022',
        AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT,
        FAILOVER_MODE = MANUAL,
        BACKUP_PRIORITY = 90,
        SECONDARY_ROLE (ALLOW_CONNECTIONS = ALL,
            READ_ONLY_ROUTING_URL = N'TCP://sqlnode3.contoso.com:1433'),
        PRIMARY_ROLE (ALLOW_CONNECTIONS = ALL, READ_ONLY_ROUTING_LIST = NONE),
        SESSION_TIMEOUT = 15
    )
LISTENER N'sales-listener' (
    WITH IP ((N'10.10.1.50', N'255.255.255.0'), (N'10.20.1.50', N'255.255.255.0')),
    PORT = 1433
);
GO
