import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "ALTER DATABASE (Transact-SQL) SET HADR" (S50), RESUME: "If you resume a database on the primary
 * replica, data movement is resumed to every secondary replica on which the corresponding
 * secondary database has not also been suspended locally." A secondary database can be suspended
 * both by the primary and locally. The fixture suspends MyDb3 on the primary N1, then locally on
 * N3, resumes it on N1 (N2 moves again, N3 does not), then on N3.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-suspend-locally-after-primary.json', import.meta.url),
      'utf8',
    ),
  ),
);
const row = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica);

describe('SUSPEND on a secondary already suspended by the primary (S50)', () => {
  it('is accepted: the copy is now suspended locally too', () => {
    const local = sim.trace[1]!;
    expect(local.refused).toEqual([]);
    expect(local.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []))).toEqual([
      'ALSO_SUSPENDED_LOCALLY',
    ]);
  });

  it("so the primary's RESUME leaves it suspended, and its own RESUME resumes it", () => {
    expect(row(2, 'N2')?.isSuspended).toBe(false);
    expect(row(2, 'N3')?.isSuspended).toBe(true);
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(row(3, 'N3')).toMatchObject({
      isSuspended: false,
      synchronizationState: 'SYNCHRONIZING',
    });
  });
});
