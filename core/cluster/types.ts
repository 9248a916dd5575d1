import type {
  AgSnapshot,
  DatabaseReplicaSnapshot,
  ReplicaSnapshot,
  SeedingSnapshot,
} from '../kernel/machines.js';
import type { BackupSet } from '../lifecycle/lifecycle.js';
import type { Config } from '../model/config.js';
import type { DatabaseState, RecoveryModel, SqlServerVersion } from '../model/enums.js';
import type { AcknowledgedRange, Fork, LogPosition } from '../model/facts.js';
import type { Journal } from './journal.js';

export type { AgSnapshot, DatabaseReplicaSnapshot, ReplicaSnapshot };

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
  /** The automatic seeding of this database to this replica (core/machines/seeding). */
  readonly seeding: SeedingSnapshot;
  /**
   * The database left ONLINE on this replica (sys.databases state_desc, e.g. RECOVERY_PENDING): no
   * data movement until its instance restarts. Absent: ONLINE when joined, RESTORING otherwise.
   */
  readonly notOnline?: DatabaseState;
}

export interface ReplicaRuntime {
  readonly name: string;
  readonly machine: ReplicaSnapshot;
  /** The network between this replica and the primary has been broken since (model ms), or null. */
  readonly linkDownSinceMs: number | null;
  /** GRANT CREATE ANY DATABASE on this replica (automatic seeding). */
  readonly canCreateDatabase: boolean;
  /**
   * CLUSTER_TYPE NONE: a primary that was down when a forced failover moved the role elsewhere;
   * with no cluster manager to tell it otherwise, it takes the primary role again when it recovers
   * (S45, read-scale failover).
   */
  readonly recoversAsPrimary: boolean;
  /**
   * CLUSTER_TYPE NONE: ALTER AVAILABILITY GROUP … OFFLINE ran on this replica, which then holds no
   * role (RESOLVING) until SET (ROLE = SECONDARY) runs on it; the other replicas keep theirs (S108,
   * read-scale failover). Absent: not taken offline.
   */
  readonly offlineLocally?: true;
  /**
   * The major version of this replica's instance once a rolling upgrade has moved it past the
   * group's (`replica.upgrade`, S64). Absent: the group's own version.
   */
  readonly version?: SqlServerVersion;
  readonly databases: Readonly<Record<string, DatabaseCopy>>;
}

/** The history of one availability database: recovery forks and the commits clients saw acknowledged. */
export interface DatabaseLog {
  readonly forks: readonly Fork[];
  /** Acknowledged commits the group still holds (on its current history). */
  readonly acknowledged: readonly AcknowledgedRange[];
  /** Acknowledged commits a forced failover lost, for the record. */
  readonly lost: readonly AcknowledgedRange[];
  /** Commits on the primary up to this LSN are acknowledged or abandoned; above it they wait. */
  readonly settledLsn: bigint;
  /** Transactions begun on the primary and not committed: the LSN each began at (oldest first). */
  readonly openTransactions?: readonly bigint[];
  /**
   * For each secondary made readable (SECONDARY_ROLE ALLOW_CONNECTIONS from NO) while transactions
   * were open on the primary: the LSNs those began at. Queries on its copy wait for them (S16).
   */
  readonly readsWaitFor?: Readonly<Record<string, readonly bigint[]>>;
}

/**
 * A user database on the primary replica's instance, as its catalog says (sys.databases and the
 * msdb backup history). Defaults and their sources: docs/seeding.md.
 */
export interface CatalogDatabase {
  /** The replica whose instance holds the database while it is outside the group. */
  readonly instance: string;
  readonly recoveryModel: RecoveryModel;
  readonly readOnly: boolean;
  readonly online: boolean;
  readonly sizeBytes: number;
  readonly hasFullBackup: boolean;
  /** Where the next log backup starts: the end of the last log backup or the first full backup. */
  readonly logChain: LogPosition | null;
  /** The LSN of the last full (not copy-only) backup, the base of differential backups. */
  readonly differentialBaseLsn: bigint | null;
  /** The primary's log holds only the records above this LSN; log backups move it. */
  readonly truncatedLsn: bigint;
  /** The end of the database's log while it is outside the group (in it, the primary copy's). */
  readonly end: LogPosition;
  /**
   * The paths of the database's data and log files on `instance`; null: `<database>.mdf` and
   * `<database>_log.ldf` in that instance's default data path (docs/seeding.md).
   */
  readonly files: readonly string[] | null;
}

/** One RESTORE of a backup set onto a replica's copy of a database. */
export interface RestoreRecord {
  readonly replica: string;
  readonly database: string;
  readonly backup: BackupSet;
}

/** The availability group as one immutable value. */
export interface Cluster {
  readonly config: Config;
  readonly nowMs: number;
  readonly ag: AgSnapshot;
  readonly replicas: readonly ReplicaRuntime[];
  readonly logs: Readonly<Record<string, DatabaseLog>>;
  /** When the primary failed (crash or a health condition the policy acts on): the failure threshold counts them. */
  readonly failureTimesMs: readonly number[];
  /** The primary instance's user databases that are, were or may be in the group. */
  readonly catalog: Readonly<Record<string, CatalogDatabase>>;
  /** Every backup taken, on any replica, in order (msdb backupset). */
  readonly backups: readonly BackupSet[];
  /**
   * The group is the secondary group of a distributed group: a copy its seeding creates on a
   * secondary stays RESTORING until joined by hand (S58). Absent: false.
   */
  readonly seededCopiesWaitForJoin?: boolean;
  /**
   * The lower major version of SQL Server the group's primary receives its log from: the secondary
   * group of a distributed group whose global primary is not yet upgraded. Log still flows to the
   * secondaries, but none becomes SYNCHRONIZED and none can be read: "databases on secondary
   * replicas of the Secondary AG (AG2) will show as Synchronizing/In Recovery (even if the AG is
   * in sync commit)" (S43, Migrate to higher SQL Server versions). Absent: its own version.
   */
  readonly logFromVersion?: SqlServerVersion;
  /** Every RESTORE … WITH NORECOVERY accepted, in order (msdb restorehistory). Absent: none. */
  readonly restores?: readonly RestoreRecord[];
  /**
   * The copies left RESTORING on the instance of a replica removed from the group, by replica
   * name: JOIN after ADD REPLICA starts from them (docs/seeding.md). Absent: none.
   */
  readonly instances?: Readonly<Record<string, Readonly<Record<string, DatabaseCopy>>>>;
  /**
   * The instances of replicas removed while they were down: each learns of the removal when it
   * starts (S74), and JOIN cannot run there before. Absent: none.
   */
  readonly stoppedInstances?: readonly string[];
  /**
   * The running instances of replicas removed while cut off from the primary (the network broken):
   * each learns of the removal when the network comes back (S74). Absent: none.
   */
  readonly cutOffInstances?: readonly string[];
  /**
   * CLUSTER_TYPE NONE: old primaries removed from the group while down after a forced failover.
   * Nothing tells such an instance of its removal: when it starts it holds the group in the primary
   * role on its own copy, until OFFLINE runs there (S108). Absent: none.
   */
  readonly strayPrimaries?: readonly string[];
  /**
   * The machine transitions taken during the current step, in order (reset by every step and
   * handed out in its result). Not part of the group's state: the explorer's keys ignore it.
   */
  readonly journal: Journal;
}

export type { MachineTransition } from './journal.js';
