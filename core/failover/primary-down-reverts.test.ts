import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * jbswiki.com, "Always On secondary database in Reverting / In Recovery state" (2021-02-28, S118):
 * "Rebuild index is executing on JBSAG1. JBSAG1 goes down. An automatic failover of Availability
 * group JBSWIKI happens from JBSAG1 to JBSAG2. Database Server JBSAG1 comes online. JBSAG2 becomes
 * current primary and JBSAG1 becomes secondary. ... On Secondary JBSAG1, database JBDB is in
 * 'Reverting / In Recovery' State", the dashboard saying "the secondary replica is not ready for
 * an automatic failover"; JBSAG1's error log: "Always On: The availability replica manager is
 * going offline because SQL Server is shutting down." S63 says the same of any failover that
 * interrupts a large transaction. The fixture replays it, then a failover back.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-primary-down-during-index-rebuild.json', import.meta.url),
      'utf8',
    ),
  ),
);
const jbdb = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'JBDB');
const notes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('an old primary that went down during an open transaction reverts when it comes back (S118, S63)', () => {
  it('fails over automatically and says the old primary will revert', () => {
    expect(sim.trace[5]!.refused).toEqual([]);
    expect(sim.trace[5]!.facts.primary).toBe('JBSAG2');
    const revert = notes(5).find((r) => r.code === 'OLD_PRIMARY_REVERTS');
    expect(revert?.message).toContain('JBSAG1 went down with a transaction open on JBDB');
    expect(revert?.rule.document).toContain('jbswiki');
  });

  it('brings JBDB back on JBSAG1 REVERTING and in recovery, not SYNCHRONIZED', () => {
    expect(jbdb(6, 'JBSAG1')?.synchronizationState).toBe('REVERTING');
    expect(jbdb(6, 'JBSAG1')?.databaseState).toBe('RECOVERING');
  });

  it('refuses the failover back while JBDB reverts, then allows it once synchronized', () => {
    expect(sim.trace[7]!.refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(jbdb(8, 'JBSAG1')?.synchronizationState).toBe('INITIALIZING');
    expect(jbdb(9, 'JBSAG1')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(sim.trace[10]!.refused).toEqual([]);
    expect(sim.trace[10]!.facts.primary).toBe('JBSAG1');
  });
});
