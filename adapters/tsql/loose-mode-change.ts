import { source, unknownReason } from '../../core/model/source.js';
import { violation } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** What the script itself has said of one replica's two modes so far. */
interface Known {
  readonly availabilityMode?: string;
  readonly failoverMode?: string;
  /** Set by a statement whose own outcome is unknown: SQL Server may have refused it. */
  readonly doubtful?: boolean;
}

const RULE = source(
  'S119',
  'Using Transact-SQL: "FAILOVER_MODE = AUTOMATIC is supported only if you also specify AVAILABILITY_MODE = SYNCHRONOUS_COMMIT"',
);

/** One replica of one group, names folded as SQL Server compares them. */
export const groupReplicaKey = (group: string, replica: string) =>
  `${group.toLowerCase()}\u0000${replica.toLowerCase()}`;

/**
 * A MODIFY REPLICA, on a group the script does not create, that sets one of the two modes R-CFG-1
 * ties together while the script has not said the other: AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT
 * with the replica's FAILOVER_MODE unsaid (SQL Server refuses it where the replica has AUTOMATIC,
 * S119, as the step does for a group the script creates), or FAILOVER_MODE = AUTOMATIC with its
 * AVAILABILITY_MODE unsaid (refused where it is asynchronous). The script does not say, so it is
 * unknown, never "every option checked". A mode the script set before (ADD REPLICA, an earlier
 * MODIFY REPLICA, as S119's own examples do one option a statement) is known; where both are known
 * and the statement leaves AUTOMATIC with ASYNCHRONOUS_COMMIT, SQL Server refuses it.
 */
export const modeChangeUnknowns = (statements: readonly StatementResult[]): PlacedReason[] => {
  const known = new Map<string, Known>();
  const out: PlacedReason[] = [];
  for (const s of statements) {
    if (s.group === undefined || s.group === null || s.outcome.kind !== 'events') continue;
    const group = s.group;
    for (const e of s.outcome.events) {
      if (e.type === 'replica.add') {
        known.set(groupReplicaKey(group, e.spec.name), {
          availabilityMode: e.spec.availabilityMode,
          failoverMode: e.spec.failoverMode,
        });
        continue;
      }
      if (e.type === 'replica.remove') {
        known.delete(groupReplicaKey(group, e.replica));
        continue;
      }
      if (e.type !== 'replica.modify') continue;
      const k = groupReplicaKey(group, e.replica);
      const before = known.get(k) ?? {};
      const { availabilityMode, failoverMode } = e.options;
      const where = `'${e.replica}' of '${group}'`;
      const found = out.length;
      if (
        availabilityMode === 'ASYNCHRONOUS_COMMIT' &&
        failoverMode === undefined &&
        before.failoverMode === undefined
      )
        out.push({
          line: s.line,
          column: s.column,
          reason: unknownReason(
            'ASYNCHRONOUS_COMMIT_FAILOVER_MODE_UNKNOWN',
            `${s.text} sets AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT on ${where} without FAILOVER_MODE, and the script does not say that replica's failover mode: where it is AUTOMATIC, SQL Server refuses the change (automatic failover is supported only with SYNCHRONOUS_COMMIT) and the replica stays synchronous; where it is MANUAL (or EXTERNAL, on CLUSTER_TYPE = EXTERNAL) the change runs; whether SQL Server runs the statement is unknown; set FAILOVER_MODE = MANUAL on ${e.replica} first, as the documented example does`,
            RULE,
            [`sys.availability_replicas.failover_mode_desc for ${where}`],
          ),
        });
      if (
        failoverMode === 'AUTOMATIC' &&
        availabilityMode === undefined &&
        before.availabilityMode === undefined
      )
        out.push({
          line: s.line,
          column: s.column,
          reason: unknownReason(
            'AUTOMATIC_FAILOVER_AVAILABILITY_MODE_UNKNOWN',
            `${s.text} sets FAILOVER_MODE = AUTOMATIC on ${where} without AVAILABILITY_MODE, and the script does not say that replica's availability mode: automatic failover is supported only with SYNCHRONOUS_COMMIT, so SQL Server refuses the change where the replica is ASYNCHRONOUS_COMMIT; whether SQL Server runs the statement is unknown; set AVAILABILITY_MODE = SYNCHRONOUS_COMMIT on ${e.replica} first, as the documented example does`,
            RULE,
            [`sys.availability_replicas.availability_mode_desc for ${where}`],
          ),
        });
      // Both modes known, from this statement or the script's earlier ones: S119's rule decides.
      const afterAvailability = availabilityMode ?? before.availabilityMode;
      const afterFailover = failoverMode ?? before.failoverMode;
      const bothHere = availabilityMode !== undefined && failoverMode !== undefined;
      if (
        (bothHere || (before.doubtful !== true && out.length === found)) &&
        (availabilityMode !== undefined || failoverMode !== undefined) &&
        afterFailover === 'AUTOMATIC' &&
        afterAvailability === 'ASYNCHRONOUS_COMMIT'
      )
        out.push({
          line: s.line,
          column: s.column,
          reason: violation(
            'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
            `${s.text} leaves ${where} with FAILOVER_MODE = AUTOMATIC and AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT: automatic failover is supported only with SYNCHRONOUS_COMMIT, so SQL Server refuses the statement and the replica keeps its modes; set FAILOVER_MODE = MANUAL before AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, as the documented example does`,
            RULE,
          ),
        });
      known.set(k, {
        ...before,
        ...(availabilityMode === undefined ? {} : { availabilityMode }),
        ...(failoverMode === undefined ? {} : { failoverMode }),
        ...(out.length > found || before.doubtful === true ? { doubtful: true } : {}),
      });
    }
  }
  return out;
};
