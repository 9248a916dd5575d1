import type { AvailabilityGroupMachine } from '../machines/availabilityGroup/machine.js';
import type { DatabaseReplicaMachine } from '../machines/databaseReplica/machine.js';
import type { ReplicaMachine } from '../machines/replica/machine.js';
import type { SnapshotFrom } from '../machines/xstate.js';
import type { Config } from '../model/config.js';
import type { AcknowledgedRange, Fork, LogPosition } from '../model/facts.js';

export type AgSnapshot = SnapshotFrom<AvailabilityGroupMachine>;
export type ReplicaSnapshot = SnapshotFrom<ReplicaMachine>;
export type DatabaseReplicaSnapshot = SnapshotFrom<DatabaseReplicaMachine>;

/** One database's copy on one replica: its machine and its log positions. */
export interface DatabaseCopy {
  readonly machine: DatabaseReplicaSnapshot;
  readonly received: LogPosition;
  readonly hardened: LogPosition;
  readonly redone: LogPosition;
  /** is_failover_ready: the copy is marked synchronized in the cluster (S8); survives the primary's failure. */
  readonly failoverReady: boolean;
  /** Where a suspension was ordered: on this copy, or on the primary for every copy. */
  readonly suspendedOnPrimary: boolean;
}

export interface ReplicaRuntime {
  readonly name: string;
  readonly machine: ReplicaSnapshot;
  /** The network between this replica and the primary has been broken since (model ms), or null. */
  readonly linkDownSinceMs: number | null;
  /** GRANT CREATE ANY DATABASE on this replica (automatic seeding). */
  readonly canCreateDatabase: boolean;
  readonly databases: Readonly<Record<string, DatabaseCopy>>;
}

/** The history of one availability database: recovery forks and the commits clients saw acknowledged. */
export interface DatabaseLog {
  readonly forks: readonly Fork[];
  readonly acknowledged: readonly AcknowledgedRange[];
  /** Commits on the primary up to this LSN are acknowledged or abandoned; above it they wait. */
  readonly settledLsn: bigint;
}

/** The availability group as one immutable value. */
export interface Cluster {
  readonly config: Config;
  readonly nowMs: number;
  readonly ag: AgSnapshot;
  readonly replicas: readonly ReplicaRuntime[];
  readonly logs: Readonly<Record<string, DatabaseLog>>;
  readonly automaticFailoverTimesMs: readonly number[];
  /**
   * The machine transitions taken during the current step, in order (reset by every step and
   * handed out in its result). Not part of the group's state: the explorer's keys ignore it.
   */
  readonly journal: readonly MachineTransition[];
}

/** One transition a machine instance took: which machine, which instance, the event, the active states before and after. */
export interface MachineTransition {
  readonly machine: 'availabilityGroup' | 'replica' | 'databaseReplica';
  /** The replica name, `replica/database` for a copy, or the group name. */
  readonly instance: string;
  readonly event: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}
