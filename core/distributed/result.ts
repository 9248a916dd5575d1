import type { Observation } from '../cluster/observation.js';
import type { Reason } from '../model/source.js';
import type { AcknowledgedCommits, DistributedCluster, DistributedRole } from './types.js';

/** What a step of a distributed group observed, in the member groups and across the link. */
export type DistributedObservation =
  | { readonly type: 'member'; readonly member: string; readonly observation: Observation }
  | {
      /** Commits the global primary acknowledged to clients. */
      readonly type: 'distributed.acknowledged';
      readonly member: string;
      readonly database: string;
      readonly fromLsn: bigint;
      readonly toLsn: bigint;
    }
  | {
      /** A commit waits for the forwarder (and its synchronous copies) to harden it. */
      readonly type: 'distributed.pending';
      readonly database: string;
      readonly lsn: bigint;
      readonly waitingFor: readonly string[];
    }
  | {
      /** Commits never acknowledged, given up when their primary stopped taking writes. */
      readonly type: 'distributed.abandoned';
      readonly database: string;
      readonly fromLsn: bigint;
      readonly toLsn: bigint;
    }
  | {
      /** Acknowledged commits the distributed group no longer holds. */
      readonly type: 'distributed.lost';
      readonly database: string;
      readonly ranges: readonly AcknowledgedCommits[];
    }
  | {
      readonly type: 'distributed.roleChanged';
      readonly member: string;
      readonly from: DistributedRole;
      readonly to: DistributedRole;
    }
  | { readonly type: 'note'; readonly reason: Reason };

export interface DistributedStepResult {
  readonly distributed: DistributedCluster;
  readonly observations: readonly DistributedObservation[];
  /** Non-empty when the event was refused; the distributed group is then unchanged. */
  readonly refused: readonly Reason[];
}

export const acceptedStep = (
  distributed: DistributedCluster,
  observations: readonly DistributedObservation[] = [],
): DistributedStepResult => ({ distributed, observations, refused: [] });

export const refusedStep = (
  distributed: DistributedCluster,
  reasons: readonly Reason[],
): DistributedStepResult => ({ distributed, observations: [], refused: reasons });
