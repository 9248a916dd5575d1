import type { Cluster } from '../cluster/types.js';
import type { Config } from '../model/config.js';
import type { LinkMode } from './events.js';

/**
 * A distributed availability group as one immutable value: two member availability groups, each a
 * full `Cluster` stepped by the cluster step, and the link between them (docs/model.md,
 * "Distributed availability groups"). A layer above core/cluster, never a special case inside it.
 */

/** The distributed group's role of a member group (sys.dm_hadr_availability_replica_states.role_desc of its row). */
export type DistributedRole = 'PRIMARY' | 'SECONDARY';

export interface Member {
  /** The member availability group's name, as AVAILABILITY GROUP ON names it. */
  readonly name: string;
  readonly cluster: Cluster;
  readonly role: DistributedRole;
  /**
   * AVAILABILITY_MODE of the distributed group as this member's primary has it: ALTER … MODIFY
   * AVAILABILITY GROUP ON runs on the global primary and on the forwarder, each for itself.
   */
  readonly availabilityMode: LinkMode;
}

/** One database's position across the link: what the forwarder has received and hardened. */
export interface LinkCopy {
  readonly received: bigint;
  readonly hardened: bigint;
  /** synchronization_state_desc = SYNCHRONIZED between the groups: commits wait for the forwarder. */
  readonly synchronized: boolean;
  /**
   * The forwarder's copy: JOINED to the distributed group; ABSENT until automatic seeding creates
   * it; RESTORING after RESTORE … WITH NORECOVERY, until SET HADR AVAILABILITY GROUP = [dag].
   */
  readonly phase: 'JOINED' | 'ABSENT' | 'RESTORING';
}

export interface Link {
  /** The member whose primary sends log: the global primary's group, or the group just demoted. */
  readonly from: string;
  /** The member whose primary, the forwarder, receives it. */
  readonly to: string;
  /** The network between the global primary and the forwarder works. */
  readonly connected: boolean;
  readonly databases: Readonly<Record<string, LinkCopy>>;
}

/** Commits a member's primary acknowledged to clients while it was the global primary. */
export interface AcknowledgedCommits {
  readonly member: string;
  /** Exclusive. */
  readonly fromLsn: bigint;
  /** Inclusive. */
  readonly toLsn: bigint;
}

/** The history of one database of the distributed group, as clients saw it. */
export interface DistributedLog {
  readonly acknowledged: readonly AcknowledgedCommits[];
  /** Acknowledged commits a failover between the groups lost, for the record. */
  readonly lost: readonly AcknowledgedCommits[];
  /** Per member: commits up to this LSN are acknowledged or abandoned; above it they wait. */
  readonly settledLsn: Readonly<Record<string, bigint>>;
  /** Where the two groups' histories split when both took the primary role, or null. */
  readonly divergedAt: bigint | null;
}

export interface DistributedCluster {
  /** The distributed group's configuration (kind DISTRIBUTED, its two members). */
  readonly config: Config;
  readonly members: readonly [Member, Member];
  readonly link: Link;
  /** REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT of the distributed group (SQL Server 2022+). */
  readonly requiredSynchronizedSecondariesToCommit: number;
  readonly logs: Readonly<Record<string, DistributedLog>>;
}
