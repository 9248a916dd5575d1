import {
  automaticSeedingState,
  hasPhysicalSeedingStats,
  seedingPhase,
} from '../machines/seeding/selectors.js';
import { type AutomaticSeedingCurrentState, seedingFailureDescription } from '../rules/seeding.js';
import { primaryName } from './select.js';
import type { Cluster } from './types.js';

/**
 * The two seeding DMVs as the primary would show them (ag-rules §6.3–6.4):
 * sys.dm_hadr_automatic_seeding keeps a row per operation, running or ended;
 * sys.dm_hadr_physical_seeding_stats has a row only while a stream flows.
 */

export interface AutomaticSeedingRow {
  readonly replica: string;
  readonly database: string;
  readonly startTimeMs: number;
  readonly completionTimeMs: number | null;
  readonly currentState: AutomaticSeedingCurrentState;
  readonly failureState: number | null;
  readonly failureStateDesc: string | null;
  readonly numberOfAttempts: number;
}

export interface PhysicalSeedingStatsRow {
  readonly replica: string;
  readonly database: string;
  readonly roleDesc: 'Source';
  readonly transferredSizeBytes: number;
  readonly databaseSizeBytes: number;
  readonly startTimeMs: number;
}

/** sys.dm_hadr_automatic_seeding on the primary: the history, then each running operation. */
export const automaticSeedingRows = (c: Cluster): readonly AutomaticSeedingRow[] =>
  c.replicas.flatMap((r) =>
    Object.entries(r.databases).flatMap(([database, copy]) => {
      const ctx = copy.seeding.context;
      const past = ctx.history.map(
        (h, i): AutomaticSeedingRow => ({
          replica: r.name,
          database,
          startTimeMs: h.startedAtMs,
          completionTimeMs: h.completedAtMs,
          currentState: h.currentState,
          failureState: h.failureState,
          failureStateDesc:
            h.failureState === null ? null : seedingFailureDescription(h.failureState),
          numberOfAttempts: i + 1,
        }),
      );
      const state = automaticSeedingState(copy.seeding);
      const running: AutomaticSeedingRow[] =
        state === 'SEEDING'
          ? [
              {
                replica: r.name,
                database,
                startTimeMs: ctx.startedAtMs ?? c.nowMs,
                completionTimeMs: null,
                currentState: 'SEEDING',
                failureState: null,
                failureStateDesc: null,
                numberOfAttempts: ctx.attempts,
              },
            ]
          : [];
      return [...past, ...running];
    }),
  );

/** sys.dm_hadr_physical_seeding_stats on the primary: one Source row per stream in flight. */
export const physicalSeedingStats = (c: Cluster): readonly PhysicalSeedingStatsRow[] =>
  primaryName(c) === null
    ? []
    : c.replicas.flatMap((r) =>
        Object.entries(r.databases)
          .filter(([, copy]) => hasPhysicalSeedingStats(copy.seeding))
          .map(([database, copy]) => ({
            replica: r.name,
            database,
            roleDesc: 'Source' as const,
            transferredSizeBytes: copy.seeding.context.transferredBytes,
            databaseSizeBytes: copy.seeding.context.bytesToStream,
            startTimeMs: copy.seeding.context.startedAtMs ?? c.nowMs,
          })),
      );

/** The seeding's phase for one database on one replica (IDLE when the replica holds no copy). */
export const seedingPhaseOf = (c: Cluster, replica: string, database: string) => {
  const copy = c.replicas.find((r) => r.name === replica)?.databases[database];
  return copy === undefined ? 'IDLE' : seedingPhase(copy.seeding);
};
