import type { SeedingSnapshot } from '../../kernel/machines.js';
import type { AutomaticSeedingCurrentState } from '../../seeding/seeding.js';

/** Read a seeding snapshot as the seeding DMVs show it. */

export type { SeedingSnapshot };

export type SeedingPhase =
  | 'IDLE'
  | 'WAITING_FOR_GRANT'
  | 'QUEUED'
  | 'STARTING'
  | 'TRANSFERRING'
  | 'COMPLETED'
  | 'FAILED';

export const seedingPhase = (s: SeedingSnapshot): SeedingPhase => {
  const v = s.value as unknown;
  return (typeof v === 'string' ? v : (v as { SEEDING: SeedingPhase }).SEEDING) as SeedingPhase;
};

/** Running: the thread works on it and the primary keeps its log. */
export const isSeedingRunning = (s: SeedingSnapshot): boolean => {
  const p = seedingPhase(s);
  return p === 'STARTING' || p === 'TRANSFERRING';
};

/** Requested but not started: waiting for the grant or for the thread. */
export const isSeedingPending = (s: SeedingSnapshot): boolean => {
  const p = seedingPhase(s);
  return p === 'WAITING_FOR_GRANT' || p === 'QUEUED';
};

/** current_state of sys.dm_hadr_automatic_seeding, or null before the first run. */
export const automaticSeedingState = (s: SeedingSnapshot): AutomaticSeedingCurrentState | null => {
  const p = seedingPhase(s);
  if (p === 'STARTING' || p === 'TRANSFERRING') return 'SEEDING';
  if (p === 'COMPLETED' || p === 'FAILED') return p;
  return null;
};

/** A sys.dm_hadr_physical_seeding_stats row exists only while the stream flows (S21; dbatools #8603). */
export const hasPhysicalSeedingStats = (s: SeedingSnapshot): boolean =>
  seedingPhase(s) === 'TRANSFERRING';
