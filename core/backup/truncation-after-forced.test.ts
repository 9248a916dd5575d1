import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stateViolations } from '../cluster/invariants.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Perform a forced manual failover of an availability group" (S44), Follow Up: Essential Tasks
 * After a Forced Failover, step 2: the former primary's databases come back suspended, and when
 * one is resumed it "rolls back any log records that were never committed on the new primary
 * database"; "Transaction log truncation is delayed on a primary database while any of its
 * secondary databases is suspended." In the fixture Accounts forks at LSN 5 (DR had 5 of the 8
 * the main site held), DR commits 6 and 7, and a log backup is taken on DR while N1 and N2, at 8
 * on the old fork, are suspended.
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-log-truncation-after-forced-failover.json', import.meta.url),
    'utf8',
  ),
);
const sim = simulateScenario(document);
const notes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('a log backup after a forced failover keeps the log the suspended copies revert to', () => {
  it('truncates Accounts only up to the fork point, held by N1 and N2', () => {
    const backup = notes(17);
    expect(backup.find((r) => r.code === 'LOG_TRUNCATED')?.message).toContain('up to LSN 5');
    expect(backup.filter((r) => r.code === 'LOG_TRUNCATION_HELD').map((r) => r.message)).toEqual([
      expect.stringContaining('Accounts on N1 ran past the recovery fork at LSN 5'),
      expect.stringContaining('Accounts on N2 ran past the recovery fork at LSN 5'),
    ]);
    const primaryRow = sim.trace[17]!.facts.databaseReplicas.find(
      (d) => d.replica === 'DR' && d.database === 'Accounts',
    );
    expect(primaryRow?.truncationLsn).toBe(5n);
  });

  it('N1 resumes and reverts to 5 with the log it needs still on the primary', () => {
    // Stop where N1 has reverted to the fork point and received nothing yet.
    const reverted = simulateScenario({ ...document, steps: document.steps.slice(0, 20) });
    const n1 = reverted.trace[19]!.facts.databaseReplicas.find(
      (d) => d.replica === 'N1' && d.database === 'Accounts',
    );
    expect(n1?.synchronizationState).toBe('INITIALIZING');
    expect(stateViolations(reverted.final)).toEqual([]);
    expect(stateViolations(sim.final)).toEqual([]);
  });
});
