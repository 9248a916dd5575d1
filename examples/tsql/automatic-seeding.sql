-- Automatic seeding (SQL Server 2016 and later): no backup or restore; each secondary joins
-- the group and grants it permission to create the databases it seeds.
:Connect SQLNODE1
CREATE AVAILABILITY GROUP [InventoryAG]
    WITH (CLUSTER_TYPE = WSFC)
    FOR DATABASE [Inventory], [Billing]
    REPLICA ON
        N'SQLNODE1' WITH (ENDPOINT_URL = N'TCP://sqlnode1.contoso.com:5022',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC,
            SEEDING_MODE = AUTOMATIC),
        N'SQLNODE2' WITH (ENDPOINT_URL = N'TCP://sqlnode2.contoso.com:5022',
            AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC,
            SEEDING_MODE = AUTOMATIC),
        N'SQLNODE3' WITH (ENDPOINT_URL = N'TCP://sqlnode3.contoso.com:5022',
            AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL,
            SEEDING_MODE = AUTOMATIC);
GO
-- Trace flag 9567 compresses the seeding stream.
DBCC TRACEON (9567, -1);
GO

:Connect SQLNODE2
ALTER AVAILABILITY GROUP [InventoryAG] JOIN
ALTER AVAILABILITY GROUP [InventoryAG] GRANT CREATE ANY DATABASE
GO

:Connect SQLNODE3
ALTER AVAILABILITY GROUP [InventoryAG] JOIN;
ALTER AVAILABILITY GROUP [InventoryAG] GRANT CREATE ANY DATABASE;
GO

-- SQLNODE3's data disk fills up: stop seeding to it until the disk is extended.
:Connect SQLNODE3
ALTER AVAILABILITY GROUP [InventoryAG] DENY CREATE ANY DATABASE;
GO

:Connect SQLNODE1
SELECT start_time, completion_time, current_state, failure_state_desc
FROM sys.dm_hadr_automatic_seeding;
GO
