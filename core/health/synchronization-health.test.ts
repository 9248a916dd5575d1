import { describe, expect, it } from 'vitest';
import {
  databaseSynchronizationHealth,
  groupSynchronizationHealth,
  leastHealthy,
} from './synchronization-health.js';

/**
 * The three levels of synchronization_health, in the documents' own words:
 * - sys.dm_hadr_database_replica_states (Transact-SQL), synchronization_health (S6);
 * - sys.dm_hadr_availability_replica_states (Transact-SQL), synchronization_health (S7):
 *   "0 : Not healthy. At least one joined database is in the NOT SYNCHRONIZING state. 1 : Partially
 *   healthy. Some replicas are not in the target synchronization state: synchronous-commit replicas
 *   should be synchronized, and asynchronous-commit replicas should be synchronizing. 2 : Healthy.
 *   All replicas are in the target synchronization state";
 * - sys.dm_hadr_availability_group_states (Transact-SQL), synchronization_health (S49): "0: Not
 *   healthy. None of the availability replicas have a healthy synchronization_health. 1: Partially
 *   healthy. The synchronization health of some, but not all, availability replicas is healthy.
 *   2: Healthy. The synchronization health of every availability replica is healthy."
 */

describe('database level (S6)', () => {
  it('NOT SYNCHRONIZING is NOT_HEALTHY in either mode', () => {
    expect(databaseSynchronizationHealth('NOT SYNCHRONIZING', 'SYNCHRONOUS_COMMIT')).toBe(
      'NOT_HEALTHY',
    );
    expect(databaseSynchronizationHealth('NOT SYNCHRONIZING', 'ASYNCHRONOUS_COMMIT')).toBe(
      'NOT_HEALTHY',
    );
  });

  it('SYNCHRONIZING is PARTIALLY_HEALTHY on a synchronous-commit replica, HEALTHY on an asynchronous one', () => {
    expect(databaseSynchronizationHealth('SYNCHRONIZING', 'SYNCHRONOUS_COMMIT')).toBe(
      'PARTIALLY_HEALTHY',
    );
    expect(databaseSynchronizationHealth('SYNCHRONIZING', 'ASYNCHRONOUS_COMMIT')).toBe('HEALTHY');
  });

  it('SYNCHRONIZED on a synchronous-commit replica is HEALTHY', () => {
    expect(databaseSynchronizationHealth('SYNCHRONIZED', 'SYNCHRONOUS_COMMIT')).toBe('HEALTHY');
  });
});

describe('replica level (S7): "the least healthy accumulated state the databases on the replica"', () => {
  it('one NOT_HEALTHY database makes the replica NOT_HEALTHY', () => {
    expect(leastHealthy(['HEALTHY', 'NOT_HEALTHY', 'PARTIALLY_HEALTHY'])).toBe('NOT_HEALTHY');
  });
  it('a database short of its target state makes it PARTIALLY_HEALTHY', () => {
    expect(leastHealthy(['HEALTHY', 'PARTIALLY_HEALTHY'])).toBe('PARTIALLY_HEALTHY');
  });
  it('every database in its target state makes it HEALTHY', () => {
    expect(leastHealthy(['HEALTHY', 'HEALTHY'])).toBe('HEALTHY');
  });
});

describe('group level (S49)', () => {
  it('none healthy: NOT_HEALTHY; some but not all: PARTIALLY_HEALTHY; every one: HEALTHY', () => {
    expect(groupSynchronizationHealth(['NOT_HEALTHY', 'PARTIALLY_HEALTHY'])).toBe('NOT_HEALTHY');
    expect(groupSynchronizationHealth(['HEALTHY', 'PARTIALLY_HEALTHY'])).toBe('PARTIALLY_HEALTHY');
    expect(groupSynchronizationHealth(['HEALTHY', 'NOT_HEALTHY'])).toBe('PARTIALLY_HEALTHY');
    expect(groupSynchronizationHealth(['HEALTHY', 'HEALTHY', 'HEALTHY'])).toBe('HEALTHY');
  });
});
