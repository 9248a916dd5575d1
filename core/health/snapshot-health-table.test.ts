import { describe, expect, it } from 'vitest';
import type { SynchronizationState } from '../model/enums.js';
import { buildConfig, buildFacts } from '../rules/facts-builder.js';
import { synchronizationHealth } from './synchronization-health.js';

/*
 * sys.dm_hadr_database_replica_states (Transact-SQL), synchronization_health (S6), cell by cell, as
 * a snapshot that gives synchronization_state_desc but not synchronization_health_desc is read:
 * "0 = Not healthy. The synchronization_state of the database is 0 (NOT SYNCHRONIZING). 1 =
 * Partially healthy. A database on a synchronous-commit availability replica is considered
 * partially healthy if synchronization_state is 1 (SYNCHRONIZING). 2 = Healthy. A database on an
 * synchronous-commit availability replica is considered healthy if synchronization_state is 2
 * (SYNCHRONIZED), and a database on an asynchronous-commit availability replica is considered
 * healthy if synchronization_state is 1 (SYNCHRONIZING)." REVERTING (3) and INITIALIZING (4) have
 * no cell: the snapshot's answer is unknown, settled by synchronization_health_desc.
 */
type Mode = 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT';
const TABLE: readonly [SynchronizationState, Mode, string | null][] = [
  ['NOT SYNCHRONIZING', 'SYNCHRONOUS_COMMIT', 'NOT_HEALTHY'],
  ['NOT SYNCHRONIZING', 'ASYNCHRONOUS_COMMIT', 'NOT_HEALTHY'],
  ['SYNCHRONIZING', 'SYNCHRONOUS_COMMIT', 'PARTIALLY_HEALTHY'],
  ['SYNCHRONIZING', 'ASYNCHRONOUS_COMMIT', 'HEALTHY'],
  ['SYNCHRONIZED', 'SYNCHRONOUS_COMMIT', 'HEALTHY'],
  ['REVERTING', 'SYNCHRONOUS_COMMIT', null],
  ['REVERTING', 'ASYNCHRONOUS_COMMIT', null],
  ['INITIALIZING', 'SYNCHRONOUS_COMMIT', null],
  ['INITIALIZING', 'ASYNCHRONOUS_COMMIT', null],
];

const snapshot = (state: SynchronizationState, mode: Mode, reported?: 'PARTIALLY_HEALTHY') =>
  buildFacts(
    buildConfig({
      replicas: [{ name: 'P' }, { name: 'S', availabilityMode: mode }],
    }),
    {
      databaseReplicas: {
        S: {
          db1: {
            synchronizationState: state,
            isFailoverReady: false,
            ...(reported === undefined ? {} : { synchronizationHealth: reported }),
          },
        },
      },
    },
  );

const copy = (state: SynchronizationState, mode: Mode, reported?: 'PARTIALLY_HEALTHY') =>
  synchronizationHealth(snapshot(state, mode, reported)).databases.find((d) => d.replica === 'S')!;

describe('the synchronization_health table of sys.dm_hadr_database_replica_states (S6), from a snapshot', () => {
  it.each(TABLE)('%s on a %s replica: %s', (state, mode, health) => {
    const answer = copy(state, mode);
    expect(answer.health).toBe(health);
    if (health === null) {
      expect(answer.reasons.map((r) => r.code)).toEqual(['DATABASE_HEALTH_UNKNOWN']);
      expect(answer.reasons[0]!.settledBy).toEqual([
        'sys.dm_hadr_database_replica_states.synchronization_health_desc',
      ]);
    }
  });

  it('a REVERTING copy whose health the snapshot reports has that health', () => {
    expect(copy('REVERTING', 'SYNCHRONOUS_COMMIT', 'PARTIALLY_HEALTHY').health).toBe(
      'PARTIALLY_HEALTHY',
    );
  });

  it('the replica and the group are unknown with it, naming the copy', () => {
    const report = synchronizationHealth(snapshot('REVERTING', 'SYNCHRONOUS_COMMIT'));
    expect(report.replicas.find((r) => r.replica === 'S')!.health).toBeNull();
    expect(report.group.health).toBeNull();
  });
});
