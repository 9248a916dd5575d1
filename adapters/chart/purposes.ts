import type { MachineName } from '../../core/machines/registry.js';

/**
 * What each machine is for; typed by the registry, so a new machine cannot go undocumented. Its own
 * module: the page's server needs it at run time, and the chart generator is not shipped.
 */
export const MACHINE_PURPOSES: Readonly<Record<MachineName, string>> = {
  availabilityGroup:
    'The availability group as a whole: the quorum of the cluster manager, and whether a primary replica serves the databases, a failover is under way (automatic, planned or forced), or the group is resolving.',
  replica:
    'One availability replica: whether its SQL Server instance is up, its role (role_desc of sys.dm_hadr_availability_replica_states) and its connection to the primary (connected_state_desc).',
  databaseReplica:
    "One database's copy on one replica: whether a copy exists, is restoring, seeding or joined, and its synchronization state as sys.dm_hadr_database_replica_states spells it, with suspension.",
  seeding:
    'The automatic seeding of one database to one secondary replica: waiting for CREATE ANY DATABASE or a place on the seeding thread, then SEEDING, COMPLETED or FAILED as sys.dm_hadr_automatic_seeding reports it.',
};
