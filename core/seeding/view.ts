import * as E from 'fp-ts/lib/Either.js';
import { primaryName } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { replicaConfigOf } from '../lifecycle/access.js';
import type { SeedingAttempt } from '../machines/seeding/events.js';
import {
  automaticSeedingState,
  hasPhysicalSeedingStats,
  type SeedingSnapshot,
  seedingPhase,
} from '../machines/seeding/selectors.js';
import { instanceFacts, isSeedingCompressed } from './files.js';
import {
  type AutomaticSeedingCurrentState,
  BITS_PER_GIGABIT,
  estimateSeeding,
  seedingFailureDescription,
  seedingFailureStateDesc,
} from './seeding.js';

/**
 * The two seeding DMVs as an instance would show them (ag-rules §6.3–6.4, SEED001 "Dynamic
 * Management Views"): sys.dm_hadr_automatic_seeding keeps a row per operation, running or ended,
 * on the primary and on each secondary; sys.dm_hadr_physical_seeding_stats has a row only while a
 * stream flows, Source on the primary and Destination on the secondary. Without `on`, the view
 * is the primary's.
 */

export interface AutomaticSeedingRow {
  /** The instance whose DMV shows the row. */
  readonly server: string;
  /** is_source: the row is on the replica that seeded (the primary when it ran), not on the target. */
  readonly isSource: boolean;
  /** The secondary replica being seeded. */
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
  readonly server: string;
  /** The secondary replica being seeded. */
  readonly replica: string;
  readonly database: string;
  /** remote_machine_name: the other side of the stream. */
  readonly remoteMachineName: string;
  readonly roleDesc: 'Source' | 'Destination';
  readonly transferredSizeBytes: number;
  readonly databaseSizeBytes: number;
  /** transfer_rate_bytes_per_second since the start; null until model time has passed. */
  readonly transferRateBytesPerSecond: number | null;
  readonly startTimeMs: number;
  /** end_time_utc: null while the stream flows; when the current execution ended, its end. */
  readonly endTimeMs: number | null;
  /** estimate_time_complete_utc: now plus estimateSeeding of the bytes still to send. */
  readonly estimateTimeCompleteMs: number | null;
  readonly isCompressionEnabled: boolean;
  /** failure_code, failure_message, failure_time_utc: set when the current execution failed (SEED001). */
  readonly failureCode: number | null;
  readonly failureMessage: string | null;
  readonly failureTimeMs: number | null;
}

export interface SeedingViewOptions {
  /** The instance whose DMVs are read; the primary by default. */
  readonly on?: string;
  /** The link the estimate assumes; 1 Gb/s, SEED001's example, by default (MODEL). */
  readonly bandwidthBitsPerSecond?: number;
}

/** The bandwidth the completion estimate assumes unless told (SEED001's 1 Gb/s example; MODEL). */
export const DEFAULT_SEEDING_BANDWIDTH_BITS_PER_SECOND = BITS_PER_GIGABIT;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Each instance keeps the operations it took part in: the seeding primary as the source, the
 * seeded replica as the target (S20: is_source "whether this replica is the source (primary) of
 * the seeding operation", ag_remote_replica_id "the other replica this seeding operation
 * involves"). After a failover the new primary does not show the old primary's operations.
 */
const viewer = (c: Cluster, on: string | undefined) => {
  const primary = primaryName(c) ?? c.ag.context.primary;
  const server = on ?? primary ?? '';
  const side = (source: string, target: string): 'SOURCE' | 'TARGET' | null =>
    same(server, source) ? 'SOURCE' : same(server, target) ? 'TARGET' : null;
  return { primary, server, side };
};

/** sys.dm_hadr_automatic_seeding: the history, then each running operation. */
export const automaticSeedingRows = (
  c: Cluster,
  options: SeedingViewOptions = {},
): readonly AutomaticSeedingRow[] => {
  const { primary, server, side } = viewer(c, options.on);
  return c.replicas.flatMap((r) =>
    Object.entries(r.databases).flatMap(([database, copy]) => {
      const ctx = copy.seeding.context;
      const past = ctx.history.flatMap((h, i): AutomaticSeedingRow[] => {
        const seen = side(h.source, r.name);
        return seen === null
          ? []
          : [
              {
                server,
                isSource: seen === 'SOURCE',
                replica: r.name,
                database,
                startTimeMs: h.startedAtMs,
                completionTimeMs: h.completedAtMs,
                currentState: h.currentState,
                failureState: h.failureState,
                failureStateDesc:
                  h.failureState === null ? null : seedingFailureStateDesc(h.failureState),
                numberOfAttempts: i + 1,
              },
            ];
      });
      const seen = side(ctx.source ?? primary ?? '', r.name);
      const running: AutomaticSeedingRow[] =
        automaticSeedingState(copy.seeding) === 'SEEDING' && seen !== null
          ? [
              {
                server,
                isSource: seen === 'SOURCE',
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
};

/**
 * Every stream that ended (completed, or failed after moving bytes), oldest first: SEED001 "if the
 * seeding operation fails, failure_message"; a completed stream's row stays, as andreasjordan/demos
 * shows it after the database joined (internal_state_desc Success), and a failed one stays beside
 * the attempts after it: microsoft/mssql-docker#957 (SQL Server 2017 CU32, seeding that "sometimes
 * fails but succeeds on retry"): "When querying sys.dm_hadr_physical_seeding_stats, there are many
 * failed records". S21's "current execution" is read as the instance's, not the attempt's.
 */
const endedStreams = (seeding: SeedingSnapshot): readonly SeedingAttempt[] =>
  seeding.context.history.filter((a) => a.transferredBytes > 0);

/** sys.dm_hadr_physical_seeding_stats: one row per stream in flight, on each side of it, and an ended current execution. */
export const physicalSeedingStats = (
  c: Cluster,
  options: SeedingViewOptions = {},
): readonly PhysicalSeedingStatsRow[] => {
  const { primary, server, side } = viewer(c, options.on);
  if (primaryName(c) === null || primary === null) return [];
  const compressed = isSeedingCompressed(c, primary);
  const traceFlags = instanceFacts(replicaConfigOf(c, primary)).traceFlags;
  return c.replicas.flatMap((r) =>
    Object.entries(r.databases).flatMap(([database, copy]): PhysicalSeedingStatsRow[] => {
      const ended = endedStreams(copy.seeding).flatMap((a): PhysicalSeedingStatsRow[] => {
        const seen = side(a.source, r.name);
        if (seen === null) return [];
        const isSource = seen === 'SOURCE';
        return [
          {
            server,
            replica: r.name,
            database,
            remoteMachineName: isSource ? r.name : a.source,
            roleDesc: isSource ? 'Source' : 'Destination',
            transferredSizeBytes: a.transferredBytes,
            databaseSizeBytes: a.bytesToStream,
            transferRateBytesPerSecond:
              a.completedAtMs > a.startedAtMs
                ? a.transferredBytes / ((a.completedAtMs - a.startedAtMs) / 1000)
                : null,
            startTimeMs: a.startedAtMs,
            endTimeMs: a.completedAtMs,
            estimateTimeCompleteMs: null,
            isCompressionEnabled: compressed,
            failureCode: a.failureState,
            failureMessage:
              a.failureState === null ? null : seedingFailureDescription(a.failureState),
            failureTimeMs: a.failureState === null ? null : a.completedAtMs,
          },
        ];
      });
      if (!hasPhysicalSeedingStats(copy.seeding)) return ended;
      const ctx = copy.seeding.context;
      const source = ctx.source ?? primary;
      const seen = side(source, r.name);
      if (seen === null) return [];
      const isSource = seen === 'SOURCE';
      const start = ctx.startedAtMs ?? c.nowMs;
      const elapsedS = (c.nowMs - start) / 1000;
      const estimate = estimateSeeding({
        databaseBytes: Math.max(0, ctx.bytesToStream - ctx.transferredBytes),
        bandwidthBitsPerSecond:
          options.bandwidthBitsPerSecond ?? DEFAULT_SEEDING_BANDWIDTH_BITS_PER_SECOND,
        primaryTraceFlags: traceFlags,
      });
      const row: PhysicalSeedingStatsRow = {
        server,
        replica: r.name,
        database,
        remoteMachineName: isSource ? r.name : source,
        roleDesc: isSource ? 'Source' : 'Destination',
        transferredSizeBytes: ctx.transferredBytes,
        databaseSizeBytes: ctx.bytesToStream,
        transferRateBytesPerSecond: elapsedS > 0 ? ctx.transferredBytes / elapsedS : null,
        startTimeMs: start,
        endTimeMs: null,
        estimateTimeCompleteMs: E.isRight(estimate)
          ? c.nowMs + Math.round(estimate.right.seconds * 1000)
          : null,
        isCompressionEnabled: compressed,
        failureCode: null,
        failureMessage: null,
        failureTimeMs: null,
      };
      return [...ended, row];
    }),
  );
};

/** The seeding's phase for one database on one replica (IDLE when the replica holds no copy). */
export const seedingPhaseOf = (c: Cluster, replica: string, database: string) => {
  const copy = c.replicas.find((r) => r.name === replica)?.databases[database];
  return copy === undefined ? 'IDLE' : seedingPhase(copy.seeding);
};
