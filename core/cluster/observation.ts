import type { FailoverForm } from '../model/enums.js';
import type { AcknowledgedRange } from '../model/facts.js';
import type { Reason } from '../model/source.js';

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
  | { readonly type: 'note'; readonly reason: Reason };
