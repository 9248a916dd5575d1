import type { Config, DistributedMember } from '../../core/model/config.js';
import type { BackupType, ClusterType, RecoveryModel } from '../../core/model/enums.js';
import type { ClusterEvent } from '../../core/model/events.js';
import type { FilestreamFact } from './filestream.js';
import type { TdeFact } from './tde.js';
import type { PlacedReason } from './versions.js';

/** A member of a distributed availability group as JOIN or MODIFY AVAILABILITY GROUP ON gives it. */
export type MemberOptions = Partial<DistributedMember> & { readonly name: string };

/** What one statement gave: a configuration, events, what it says about its session, or nothing (and why). */
export type Outcome =
  | {
      readonly kind: 'config';
      readonly config: Config;
      /** CREATE does not write REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: the config holds its default. */
      readonly rsstcLeftOut?: true;
    }
  | { readonly kind: 'events'; readonly events: readonly ClusterEvent[] }
  /**
   * A statement that acts on the replica it runs on (JOIN, FAILOVER, SET ROLE, GRANT, SET HADR,
   * BACKUP, RESTORE) where the script does not say which replica that is: kept, with the reason.
   */
  | {
      readonly kind: 'unplaced';
      readonly reason: string;
      /** The statement as written (white space squeezed), so that it renders back. */
      readonly sql: string;
      /** BACKUP DATABASE | LOG: what it backs up, wherever it runs (database-prerequisites.ts). */
      readonly backup?: { readonly database: string; readonly backupType: BackupType };
    }
  /** JOIN or MODIFY AVAILABILITY GROUP ON: the members of a distributed group, as written. */
  | {
      readonly kind: 'members';
      readonly action: 'join' | 'modify';
      readonly members: readonly MemberOptions[];
    }
  /** `sp_set_session_context 'external_cluster', 'yes'`: the session may fail over an EXTERNAL group. */
  | { readonly kind: 'session'; readonly key: string; readonly value: string }
  /** `DBCC TRACEON | TRACEOFF (…, -1)`: global trace flags of the instance it runs on (S122). */
  | { readonly kind: 'traceFlags'; readonly on: boolean; readonly flags: readonly number[] }
  | {
      readonly kind: 'skipped';
      readonly reason: string;
      /**
       * RESTORE without FROM and without NORECOVERY or STANDBY: the recovery-only restore of this
       * database, which brings it online on the instance the statement runs on.
       */
      readonly recovers?: string;
      /** ALTER DATABASE … SET RECOVERY: the recovery model it gives the database (S5 asks FULL). */
      readonly recoveryModel?: { readonly database: string; readonly model: RecoveryModel };
      /** What the statement says of transparent data encryption (adapters/tsql/tde.ts). */
      readonly tde?: TdeFact;
      /** What the statement says of FILESTREAM (adapters/tsql/filestream.ts). */
      readonly filestream?: FilestreamFact;
    };

/** What a statement says that its configuration or events do not hold, kept so nothing read is lost. */
export interface Kept {
  /** `JOIN WITH (CLUSTER_TYPE = …)`. */
  readonly joinClusterType?: ClusterType;
  /** The session set `external_cluster` before this statement (FAILOVER on an EXTERNAL group). */
  readonly externalCluster?: boolean;
  /** A FAILOVER that runs on a connection address (`tcp:host,port`), not a replica name. */
  readonly targetAddress?: string;
  /**
   * RESTORE … WITH STANDBY of this database: its event reads it as NORECOVERY (further restores
   * apply), but the database is brought up read-only between restores (S71), not RESTORING.
   */
  readonly standby?: string;
}

export interface StatementResult {
  readonly line: number;
  readonly column: number;
  /** The statement's opening words, for listings. */
  readonly text: string;
  /** The server of the last `:Connect` (or the server the script was given), if any. */
  readonly server: string | null;
  /**
   * The server was named by a `:Connect` in the script: a script without one is often written
   * to be run server by server, so the server it was given places it less surely.
   */
  readonly connected?: true;
  /** The availability group the statement names, when it names one. */
  readonly group: string | null;
  /**
   * Inside IF / WHILE / BEGIN … END. agstate does not evaluate conditions: such statements are
   * read as if they run once, and this flag lets a caller say so.
   */
  readonly nested: boolean;
  /**
   * The batch the statement was sent in, counted from 0 (a GO or a sqlcmd command ends one): a
   * run-time error may stop the statements after it in its batch, never those of the next.
   */
  readonly batch: number;
  readonly outcome: Outcome;
  readonly kept?: Kept;
  /**
   * Options the statement writes that its SQL Server version lacks, or may lack where only the
   * major version is known, each at the option's place (./versions.ts).
   */
  readonly findings?: readonly PlacedReason[];
}

/** Something worth a DBA's attention that does not stop the script being read, with its place. */
export interface TsqlWarning {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  /** `script.sql:12:5: warning: …` */
  readonly message: string;
}

/** A whole script, statement by statement, in the order SQL Server would run them. */
export interface Script {
  readonly statements: readonly StatementResult[];
  /** Every configuration a CREATE AVAILABILITY GROUP gave, in order. */
  readonly configs: readonly Config[];
  /** Every event, in order. */
  readonly events: readonly ClusterEvent[];
  /** Template placeholders, statements on an unnamed replica, failover targets given as addresses. */
  readonly warnings: readonly TsqlWarning[];
}
