import type { FailoverForm, LocalReplicaState } from '../model/enums.js';
import type { AcknowledgedRange } from '../model/facts.js';
import type { Reason, RuleSource } from '../model/source.js';
import type { SeedingXeventName, XeventValue } from '../seeding/xevents.js';

/** What a step observed: what a DBA or a client would see happen. */
export type Observation =
  | {
      readonly type: 'commit.acknowledged';
      readonly database: string;
      readonly fork: number;
      readonly fromLsn: bigint;
      readonly toLsn: bigint;
      /** The replicas that had hardened the commits when they were acknowledged. */
      readonly hardenedOn: readonly string[];
    }
  | {
      readonly type: 'commit.pending';
      readonly database: string;
      readonly lsn: bigint;
      readonly waitingFor: readonly string[];
    }
  | {
      readonly type: 'commit.abandoned';
      readonly database: string;
      readonly fromLsn: bigint;
      readonly toLsn: bigint;
    }
  | {
      readonly type: 'failover.completed';
      readonly form: FailoverForm;
      readonly from: string | null;
      readonly to: string;
      readonly lost: readonly {
        readonly database: string;
        readonly ranges: readonly AcknowledgedRange[];
      }[];
      readonly reasons: readonly Reason[];
    }
  | { readonly type: 'failover.notPossible'; readonly reasons: readonly Reason[] }
  | { readonly type: 'replica.disconnected'; readonly replica: string; readonly reason: Reason }
  | { readonly type: 'replica.connected'; readonly replica: string }
  | {
      readonly type: 'state.changed';
      readonly entity: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly type: 'page.repaired';
      readonly replica: string;
      readonly database: string;
      readonly page: number;
      /** The replica whose copy supplied the page. */
      readonly from: string;
    }
  | {
      readonly type: 'page.unrepaired';
      readonly replica: string;
      readonly database: string;
      readonly page: number;
      readonly reasons: readonly Reason[];
    }
  | {
      /** A line of an instance's SQL Server Log (error log). */
      readonly type: 'errorlog';
      /** The replica whose instance writes the line. */
      readonly server: string;
      readonly message: string;
      /** The text is the documented wording; otherwise the model words what the line says. */
      readonly verbatim: boolean;
      readonly rule: RuleSource;
    }
  | {
      /** An extended event an event session on that instance would capture. */
      readonly type: 'xevent';
      readonly server: string;
      readonly name: SeedingXeventName;
      readonly fields: Readonly<Record<string, XeventValue>>;
    }
  | {
      /**
       * The local replica's state changed, as its SQL Server Log says ("The state of the local
       * availability replica in availability group '…' has changed from '…' to '…'", KB2833707)
       * and availability_replica_state_change reports it, at model time `atMs`.
       */
      readonly type: 'replica.stateChanged';
      readonly server: string;
      readonly group: string;
      readonly from: LocalReplicaState;
      readonly to: LocalReplicaState;
      readonly atMs: number;
    }
  | { readonly type: 'note'; readonly reason: Reason };

/** Nothing observed: one shared list, since observation lists are not changed once made. */
export const NOTHING_OBSERVED: readonly Observation[] = Object.freeze([]);
