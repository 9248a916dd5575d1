import type { AutomaticSeedingRow, PhysicalSeedingStatsRow } from '../../../core/seeding/view.js';

/** Milliseconds of model time as the trace writes them: `12.5 s`. */
const seconds = (ms: number): string => `${ms / 1000} s`;

/**
 * The rows of sys.dm_hadr_automatic_seeding and sys.dm_hadr_physical_seeding_stats, one line each,
 * with the columns a DBA reads first (S20, S21).
 */
export const seedingLines = (views: {
  readonly automaticSeeding: readonly AutomaticSeedingRow[];
  readonly physicalSeedingStats: readonly PhysicalSeedingStatsRow[];
}): string[] => [
  ...views.automaticSeeding.map(
    (r) =>
      `  sys.dm_hadr_automatic_seeding on ${r.server}: ${r.database} to ${r.replica}, ${r.currentState}, attempt ${r.numberOfAttempts}, started at ${seconds(r.startTimeMs)}${r.completionTimeMs === null ? '' : `, completed at ${seconds(r.completionTimeMs)}`}${r.failureStateDesc === null ? '' : `, failure_state ${r.failureState}: ${r.failureStateDesc}`}`,
  ),
  ...views.physicalSeedingStats.map(
    (r) =>
      `  sys.dm_hadr_physical_seeding_stats on ${r.server}: ${r.database} ${r.roleDesc} (remote ${r.remoteMachineName}), ${r.transferredSizeBytes} of ${r.databaseSizeBytes} bytes${r.endTimeMs === null ? '' : `, ended at ${seconds(r.endTimeMs)}`}${r.failureCode === null ? '' : `, failure_code ${r.failureCode}: ${r.failureMessage ?? ''}`}`,
  ),
];
