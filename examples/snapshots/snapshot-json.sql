-- agstate DMV snapshot, JSON form (docs/dmv-snapshot.md). Run on any replica of the group:
--   sqlcmd -S <instance> -E -d master -y 0 -h -1 -i snapshot-json.sql -o snapshot.json
-- FOR JSON PATH nests the dotted aliases: {"SERVERPROPERTY": [...], "sys": {"availability_groups": [...], ...}}.
-- INCLUDE_NULL_VALUES keeps NULL columns, and a view without rows, as null. LSN columns are cast
-- to varchar(25): FOR JSON would write numeric(25,0) as a JSON number, which JSON readers round.
SET NOCOUNT ON;

DECLARE @snapshot nvarchar(max) = (
SELECT
  (SELECT CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), 4) AS int) AS product_major_version,
          CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
          CAST(SERVERPROPERTY('ServerName') AS nvarchar(128)) AS server_name,
          @@SERVERNAME AS at_servername
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [SERVERPROPERTY],
  (SELECT group_id, name, failure_condition_level, health_check_timeout,
          automated_backup_preference_desc, basic_features, dtc_support, db_failover, is_distributed,
          cluster_type_desc, required_synchronized_secondaries_to_commit, is_contained,
          CAST(sequence_number AS varchar(20)) AS sequence_number
   FROM sys.availability_groups
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.availability_groups],
  (SELECT replica_id, group_id, replica_server_name, endpoint_url, availability_mode_desc,
          failover_mode_desc, seeding_mode_desc, session_timeout,
          primary_role_allow_connections_desc, secondary_role_allow_connections_desc,
          backup_priority, read_only_routing_url, read_write_routing_url
   FROM sys.availability_replicas
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.availability_replicas],
  (SELECT replica_id, routing_priority, read_only_replica_id
   FROM sys.availability_read_only_routing_lists
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.availability_read_only_routing_lists],
  (SELECT group_id, listener_id, dns_name, port, is_distributed_network_name
   FROM sys.availability_group_listeners
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.availability_group_listeners],
  (SELECT listener_id, ip_address, ip_subnet_mask, is_dhcp, state_desc
   FROM sys.availability_group_listener_ip_addresses
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.availability_group_listener_ip_addresses],
  (SELECT replica_id, group_id, is_local, role_desc, operational_state_desc, connected_state_desc,
          synchronization_health_desc
   FROM sys.dm_hadr_availability_replica_states
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_availability_replica_states],
  (SELECT group_id, replica_id, group_database_id, DB_NAME(database_id) AS database_name,
          is_local, is_primary_replica, synchronization_state_desc, is_suspended,
          suspend_reason_desc, database_state_desc, synchronization_health_desc,
          CAST(recovery_lsn AS varchar(25)) AS recovery_lsn,
          CAST(truncation_lsn AS varchar(25)) AS truncation_lsn,
          CAST(last_received_lsn AS varchar(25)) AS last_received_lsn,
          CAST(last_hardened_lsn AS varchar(25)) AS last_hardened_lsn,
          CAST(last_redone_lsn AS varchar(25)) AS last_redone_lsn,
          CAST(end_of_log_lsn AS varchar(25)) AS end_of_log_lsn,
          CAST(last_commit_lsn AS varchar(25)) AS last_commit_lsn,
          synchronization_health_desc, log_send_queue_size, log_send_rate, redo_queue_size,
          redo_rate, last_commit_time, last_hardened_time, secondary_lag_seconds
   FROM sys.dm_hadr_database_replica_states
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_database_replica_states],
  (SELECT replica_id, group_database_id, database_name, is_failover_ready,
          is_pending_secondary_suspend, is_database_joined,
          CAST(recovery_lsn AS varchar(25)) AS recovery_lsn,
          CAST(truncation_lsn AS varchar(25)) AS truncation_lsn
   FROM sys.dm_hadr_database_replica_cluster_states
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_database_replica_cluster_states],
  (SELECT cluster_name, quorum_type_desc, quorum_state_desc
   FROM sys.dm_hadr_cluster
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_cluster],
  (SELECT member_name, member_type_desc, member_state_desc, number_of_quorum_votes
   FROM sys.dm_hadr_cluster_members
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_cluster_members],
  (SELECT member_name, network_subnet_ip, network_subnet_ipv4_mask, network_subnet_prefix_length,
          is_public, is_ipv4
   FROM sys.dm_hadr_cluster_networks
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_cluster_networks],
  (SELECT replica_id, replica_server_name, group_id, join_state_desc
   FROM sys.dm_hadr_availability_replica_cluster_states
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_availability_replica_cluster_states],
  (SELECT group_id, primary_replica, primary_recovery_health_desc, synchronization_health_desc
   FROM sys.dm_hadr_availability_group_states
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_availability_group_states],
  (SELECT ag_id, ag_db_id, ag_remote_replica_id, is_source, current_state, start_time,
          completion_time, performed_seeding, failure_state, failure_state_desc, number_of_attempts,
          error_code
   FROM sys.dm_hadr_automatic_seeding
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_automatic_seeding],
  (SELECT local_database_name, remote_machine_name, role_desc, internal_state_desc,
          transfer_rate_bytes_per_second, transferred_size_bytes, database_size_bytes,
          start_time_utc, end_time_utc, estimate_time_complete_utc, failure_message
   FROM sys.dm_hadr_physical_seeding_stats
   FOR JSON PATH, INCLUDE_NULL_VALUES) AS [sys.dm_hadr_physical_seeding_stats]
FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES
);

SELECT @snapshot AS agstate_snapshot;
