-- Manual seeding of a two-replica availability group, in the shape the SSMS "New Availability
-- Group" wizard scripts it. Run it in SQLCMD mode: each :Connect names the replica the
-- statements below it run on.
:setvar Primary SQLNODE1
:setvar Secondary SQLNODE2
:setvar AG SalesAG
:setvar Share "\\fileserver\sqlbackups"
:on error exit

:Connect $(Primary)
USE [master]
GO
CREATE ENDPOINT [Hadr_endpoint]
    AS TCP (LISTENER_PORT = 5022)
    FOR DATA_MIRRORING (ROLE = ALL, ENCRYPTION = REQUIRED ALGORITHM AES)
GO
IF (SELECT state FROM sys.endpoints WHERE name = N'Hadr_endpoint') <> 0
BEGIN
    ALTER ENDPOINT [Hadr_endpoint] STATE = STARTED
END
GO
GRANT CONNECT ON ENDPOINT::[Hadr_endpoint] TO [CONTOSO\sqlservice]
GO

:Connect $(Secondary)
USE [master]
GO
CREATE ENDPOINT [Hadr_endpoint]
    AS TCP (LISTENER_PORT = 5022)
    FOR DATA_MIRRORING (ROLE = ALL, ENCRYPTION = REQUIRED ALGORITHM AES)
GO
GRANT CONNECT ON ENDPOINT::[Hadr_endpoint] TO [CONTOSO\sqlservice]
GO

/* The availability group, created on the instance that becomes its first primary.
   /* Comments nest in T-SQL. */ */
:Connect $(Primary)
CREATE AVAILABILITY GROUP [$(AG)]
WITH (AUTOMATED_BACKUP_PREFERENCE = PRIMARY, DB_FAILOVER = ON, DTC_SUPPORT = NONE)
FOR DATABASE [Sales]
REPLICA ON N'$(Primary)' WITH (ENDPOINT_URL = N'TCP://sqlnode1.contoso.com:5022',
        FAILOVER_MODE = AUTOMATIC, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, BACKUP_PRIORITY = 50,
        SEEDING_MODE = MANUAL, SECONDARY_ROLE (ALLOW_CONNECTIONS = NO)),
    N'$(Secondary)' WITH (ENDPOINT_URL = N'TCP://sqlnode2.contoso.com:5022',
        FAILOVER_MODE = AUTOMATIC, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, BACKUP_PRIORITY = 50,
        SEEDING_MODE = MANUAL, SECONDARY_ROLE (ALLOW_CONNECTIONS = NO));
GO

:Connect $(Secondary)
ALTER AVAILABILITY GROUP [$(AG)] JOIN;
GO

-- A full backup and a log backup on the primary, restored WITH NORECOVERY on the secondary.
:Connect $(Primary)
BACKUP DATABASE [Sales] TO DISK = N'$(Share)\Sales.bak'
    WITH FORMAT, INIT, COMPRESSION, STATS = 5
GO
:Connect $(Secondary)
RESTORE DATABASE [Sales] FROM DISK = N'$(Share)\Sales.bak' WITH NORECOVERY, NOUNLOAD, STATS = 5
GO
:Connect $(Primary)
BACKUP LOG [Sales] TO DISK = N'$(Share)\Sales_1.trn' WITH NOFORMAT, NOINIT, COMPRESSION, STATS = 5
GO
:Connect $(Secondary)
RESTORE LOG [Sales] FROM DISK = N'$(Share)\Sales_1.trn' WITH NORECOVERY, NOUNLOAD, STATS = 5
GO

:Connect $(Secondary)
-- Wait for the replica to start communicating, then join the database.
BEGIN TRY
DECLARE @connected bit = 0
DECLARE @tries int = 30
WHILE @connected <> 1 AND @tries > 0
BEGIN
    SET @connected = ISNULL((SELECT connected_state FROM sys.dm_hadr_availability_replica_states
        WHERE is_local = 1), 1)
    IF @connected = 1
    BEGIN
        BREAK
    END
    WAITFOR DELAY '00:00:10'
    SET @tries = @tries - 1
END
END TRY
BEGIN CATCH
    PRINT 'The wait loop failed; joining anyway.'
END CATCH
ALTER DATABASE [Sales] SET HADR AVAILABILITY GROUP = [$(AG)];
GO
