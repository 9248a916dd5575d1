import type { AvailabilityMode } from '../model/enums.js';
import { source } from '../model/source.js';

/** Where the synchronization rules come from. */
export const SYNCHRONIZATION_RULES = {
  synchronized: source(
    'S1',
    'Synchronous-commit mode (R-SYNC-1) and asynchronous-commit mode (R-SYNC-2)',
  ),
  resync: source('SEED004', 'Synchronous Secondary Replica resynchronization process'),
};

/** The facts that decide whether a secondary database may be SYNCHRONIZED. */
export interface SynchronizedFacts {
  readonly primaryMode: AvailabilityMode;
  readonly replicaMode: AvailabilityMode;
  readonly connected: boolean;
  readonly suspended: boolean;
  readonly caughtUp: boolean;
  /**
   * The primary receives its log from a lower major version (a distributed group's secondary
   * group before its global primary is upgraded): its copies stay SYNCHRONIZING (S43). Absent: no.
   */
  readonly fromLowerVersion?: boolean;
}

/**
 * A secondary database is SYNCHRONIZED when primary and secondary both run synchronous commit,
 * it is connected and not suspended, and its hardened log has caught up with the primary's end
 * of log; an asynchronous pair stays SYNCHRONIZING however far it catches up (S1 R-SYNC-1/2),
 * and so does a copy whose primary receives its log from a lower major version (S43).
 */
export const canBeSynchronized = (f: SynchronizedFacts): boolean =>
  f.primaryMode === 'SYNCHRONOUS_COMMIT' &&
  f.replicaMode === 'SYNCHRONOUS_COMMIT' &&
  f.connected &&
  !f.suspended &&
  f.caughtUp &&
  f.fromLowerVersion !== true;

/** Whether primary and secondary commit synchronously with each other (both SYNCHRONOUS_COMMIT; S1). */
export const isSynchronousCommitPair = (
  primaryMode: AvailabilityMode,
  replicaMode: AvailabilityMode,
): boolean => primaryMode === 'SYNCHRONOUS_COMMIT' && replicaMode === 'SYNCHRONOUS_COMMIT';
