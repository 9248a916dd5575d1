import type { Config } from '../model/config.js';
import type { SqlServerVersion, SynchronizationState } from '../model/enums.js';
import type { LinkMode } from './events.js';
import { linkSynchronizationState, memberEnd, memberNamed, memberPrimary } from './select.js';
import type { DistributedCluster, DistributedRole } from './types.js';

/**
 * What the DMVs say about a distributed availability group, as a value: the rows of
 * sys.availability_groups (is_distributed = 1), sys.availability_replicas and
 * sys.dm_hadr_availability_replica_states (for a distributed group the "replicas" are its member
 * groups) and sys.dm_hadr_database_replica_states. A snapshot taken on one side cannot see all of
 * it (S43 "View distributed availability group information"); what it does not show is null.
 */

export interface DistributedMemberFacts {
  readonly name: string;
  /** role_desc of the member's row; null when no snapshot shows it. */
  readonly role: DistributedRole | null;
  /**
   * AVAILABILITY_MODE of the distributed group as this member's primary has it (each side runs
   * MODIFY AVAILABILITY GROUP ON for itself, S3); null without a snapshot from that side.
   */
  readonly availabilityMode: LinkMode | null;
  /** The member's primary replica (the global primary or the forwarder) answers: null when unknown. */
  readonly primaryRunning: boolean | null;
  /** The replica that runs the member's side, when known (for :Connect). */
  readonly primaryReplica: string | null;
  /** connected_state_desc of the member's row as the other side sees it; null when unknown. */
  readonly connected: boolean | null;
  /** The SQL Server version of the member's side (a snapshot taken there); absent or null when unknown. */
  readonly version?: SqlServerVersion | null;
  /**
   * The DNS name of the member group's own listener when a snapshot of its side shows it is a
   * distributed network name (DNN) listener; absent or null when not, or not shown.
   */
  readonly dnnListener?: string | null;
}

/** One database's row for one member in sys.dm_hadr_database_replica_states of the distributed group. */
export interface DistributedDatabaseFacts {
  readonly database: string;
  readonly member: string;
  readonly synchronizationState: SynchronizationState | null;
  readonly lastHardenedLsn: bigint | null;
  /**
   * truncation_lsn of the member's row, as the global primary reports it for the forwarder (S94
   * compares it across the secondaries); absent or null when the input does not hold it.
   */
  readonly truncationLsn?: bigint | null;
}

export interface DistributedFacts {
  /** The distributed group's configuration (kind DISTRIBUTED, its two members). */
  readonly config: Config;
  readonly members: readonly DistributedMemberFacts[];
  /**
   * The member whose primary sends log: the one in the PRIMARY role, or, after SET (ROLE =
   * SECONDARY), the one just demoted. Null when the facts cannot say which.
   */
  readonly sender: string | null;
  readonly databases: readonly DistributedDatabaseFacts[];
  readonly requiredSynchronizedSecondariesToCommit: number;
  /** Where each snapshot was taken: the member groups whose side it shows. */
  readonly takenOn: readonly string[];
}

/**
 * The facts a snapshot would show of a simulated distributed group, taken on the members named
 * (both sides, as the documentation's check does, or one). The other side's own columns are null,
 * as the DMVs leave them on a side that does not host them.
 */
export const distributedFactsOf = (
  d: DistributedCluster,
  takenOn: readonly string[] = d.members.map((m) => m.name),
): DistributedFacts => {
  const on = (name: string) => takenOn.some((t) => t.toLowerCase() === name.toLowerCase());
  const from = memberNamed(d, d.link.from);
  const to = memberNamed(d, d.link.to);
  // The global primary's side sees the forwarder's row (role, connection, hardened LSN); the
  // forwarder sees only its own (S43: the DMVs of the secondary side hold local rows).
  const sees = (m: string) =>
    on(m) || (from !== undefined && on(from.name) && from.role === 'PRIMARY');
  const members = d.members.map((m): DistributedMemberFacts => {
    const primary = memberPrimary(m);
    const remote = sees(m.name) && !on(m.name);
    return {
      name: m.name,
      role: sees(m.name) ? m.role : null,
      availabilityMode: on(m.name) ? m.availabilityMode : null,
      // A remote member's primary is seen running only while its row is CONNECTED.
      primaryRunning: on(m.name)
        ? primary !== null
        : remote && d.link.connected
          ? primary !== null
          : null,
      primaryReplica: on(m.name) ? primary : null,
      // The forwarder's row says whether it is connected to the global primary, on either side.
      connected: m.name === d.link.to && sees(m.name) ? d.link.connected : null,
      // SERVERPROPERTY of a snapshot taken there.
      version: on(m.name) ? m.cluster.config.version : null,
    };
  });
  const databases = Object.keys(d.logs).flatMap((database): DistributedDatabaseFacts[] => {
    const rows: DistributedDatabaseFacts[] = [];
    if (from !== undefined && on(from.name))
      rows.push({
        database,
        member: from.name,
        synchronizationState: null,
        lastHardenedLsn: memberEnd(from, database) ?? null,
      });
    if (to !== undefined && sees(to.name))
      rows.push({
        database,
        member: to.name,
        synchronizationState: linkSynchronizationState(d, database),
        lastHardenedLsn: d.link.databases[database]?.hardened ?? null,
      });
    return rows;
  });
  return {
    config: d.config,
    members,
    sender: d.link.from,
    databases,
    requiredSynchronizedSecondariesToCommit: d.requiredSynchronizedSecondariesToCommit,
    takenOn: d.members.filter((m) => on(m.name)).map((m) => m.name),
  };
};
