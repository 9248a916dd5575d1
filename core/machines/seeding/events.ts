/**
 * Events of one automatic seeding: one instance per secondary replica per database. The cluster
 * step derives them from the cluster's events and carries the facts the guards judge.
 */

/** What an attempt starts from: when, the primary's log it holds, and how many bytes it streams. */
export interface SeedingStart {
  readonly atMs: number;
  /** The primary keeps its log above this LSN until the seeding ends (SEED001). */
  readonly fromLsn: bigint;
  /** The bytes the stream carries: the whole database, or none when a restored copy catches up. */
  readonly bytesToStream: number;
  /** The seeding catches up a copy restored WITH NORECOVERY instead of streaming the database. */
  readonly catchUp: boolean;
  /** The primary that seeds: the source whose DMVs keep the operation with the target's (S20). */
  readonly source: string;
}

export type SeedingEvent =
  | {
      readonly type: 'seeding.request';
      /** The group holds CREATE ANY DATABASE on the secondary. */
      readonly granted: boolean;
      /** How many seedings the primary's seeding thread is running now. */
      readonly running: number;
      /** Queue order among waiting requests. */
      readonly ticket: number;
      readonly start: SeedingStart;
    }
  | { readonly type: 'permission.granted'; readonly running: number; readonly start: SeedingStart }
  | { readonly type: 'permission.denied' }
  | { readonly type: 'slot.freed'; readonly start: SeedingStart }
  | { readonly type: 'seeding.progress'; readonly atMs: number; readonly bytes: number | null }
  | { readonly type: 'seeding.fail'; readonly atMs: number; readonly failureState: number }
  | { readonly type: 'seeding.cancel'; readonly atMs: number }
  | { readonly type: 'clock.tick'; readonly nowMs: number; readonly reachable: boolean };

/** One finished operation, as a row of sys.dm_hadr_automatic_seeding keeps it (S20). */
export interface SeedingAttempt {
  /** The replica that seeded (is_source on its row; ag_remote_replica_id on the target's, S20). */
  readonly source: string;
  readonly startedAtMs: number;
  readonly completedAtMs: number;
  readonly currentState: 'COMPLETED' | 'FAILED';
  readonly failureState: number | null;
  readonly transferredBytes: number;
  readonly bytesToStream: number;
}

export interface SeedingContext {
  readonly ticket: number | null;
  readonly requestedAtMs: number | null;
  /** number_of_attempts: how many times the seeding of this database to this replica started. */
  readonly attempts: number;
  readonly startedAtMs: number | null;
  readonly lastProgressAtMs: number | null;
  /** The primary's log the running seeding holds; null when none runs. */
  readonly fromLsn: bigint | null;
  readonly bytesToStream: number;
  readonly catchUp: boolean;
  readonly transferredBytes: number;
  readonly completedAtMs: number | null;
  readonly failureState: number | null;
  /** The primary running the current or last attempt; null before any started. */
  readonly source: string | null;
  readonly history: readonly SeedingAttempt[];
}

export const INITIAL_SEEDING_CONTEXT: SeedingContext = {
  ticket: null,
  requestedAtMs: null,
  attempts: 0,
  startedAtMs: null,
  lastProgressAtMs: null,
  fromLsn: null,
  bytesToStream: 0,
  catchUp: false,
  transferredBytes: 0,
  completedAtMs: null,
  failureState: null,
  source: null,
  history: [],
};
