-- A failover runbook for [SalesAG] (see three-replica-wsfc.sql). Each step runs on the
-- replica named by its :Connect line.

-- 1. Planned manual failover to SQLNODE2 (synchronous-commit and SYNCHRONIZED), run on the
--    target.
:Connect SQLNODE2
ALTER AVAILABILITY GROUP [SalesAG] FAILOVER;
GO

-- 2. Disaster: the primary data centre is lost. Force failover to the disaster-recovery
--    replica, accepting possible data loss.
:Connect SQLNODE3
ALTER AVAILABILITY GROUP [SalesAG] FORCE_FAILOVER_ALLOW_DATA_LOSS;
GO

-- 3. When the old replicas return, their databases are suspended: resume data movement on
--    each of them.
:Connect SQLNODE1
ALTER DATABASE [Sales] SET HADR RESUME;
ALTER DATABASE [Orders] SET HADR RESUME;
GO
:Connect SQLNODE2
ALTER DATABASE [Sales] SET HADR RESUME;
ALTER DATABASE [Orders] SET HADR RESUME;
GO

-- 4. Make SQLNODE1 synchronous again so that the group can fail back without data loss.
:Connect SQLNODE3
ALTER AVAILABILITY GROUP [SalesAG]
    MODIFY REPLICA ON N'SQLNODE1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);
GO

-- 5. Fail back to SQLNODE1.
:Connect SQLNODE1
ALTER AVAILABILITY GROUP [SalesAG] FAILOVER;
GO
