import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Troubleshoot an Availability Group database in reverting state" (S63): "If a large transaction
 * is running at the time of the failover, the new secondary database log is ahead of the primary
 * replica database. And the new common recovery point negotiated will require the secondary
 * replica to receive pages from the primary replica in order for it to be in a state where
 * synchronization can resume. This reverting process is also called 'Undo of Redo'." and "Don't
 * fail over to a replica whose database(s) are in the reverting state." The fixture: a transaction
 * open on SQLNODE1 when the DBA fails over to SQLNODE2, a failover back tried at once, then the
 * revert and the failover back.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-failover-interrupts-large-transaction.json', import.meta.url),
      'utf8',
    ),
  ),
);
const agdb = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'agdb');

describe('a failover interrupting an open transaction leaves the old primary REVERTING (S63)', () => {
  it('reverts the old primary instead of showing it SYNCHRONIZED, and says why', () => {
    const failover = sim.trace[4]!;
    expect(failover.refused).toEqual([]);
    expect(agdb(4, 'SQLNODE1')?.synchronizationState).toBe('REVERTING');
    expect(
      failover.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : [])),
    ).toContain('OLD_PRIMARY_REVERTS');
  });

  it('refuses a failover back while it reverts', () => {
    expect(sim.trace[5]!.refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
  });

  it('reverts to the common point, synchronizes, and the failover back reverts nothing', () => {
    expect(agdb(6, 'SQLNODE1')?.synchronizationState).toBe('INITIALIZING');
    expect(agdb(7, 'SQLNODE1')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(sim.trace[8]!.refused).toEqual([]);
    expect(agdb(8, 'SQLNODE2')?.synchronizationState).toBe('SYNCHRONIZED');
  });
});
