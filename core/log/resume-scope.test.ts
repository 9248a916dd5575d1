import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "ALTER DATABASE (Transact-SQL) SET HADR" (S50), RESUME: "If you resume a secondary database on a
 * secondary replica, only the local secondary database is resumed. Data movement is resumed unless
 * the database has also been suspended on the primary replica." and "If you resume a database on
 * the primary replica, data movement is resumed to every secondary replica on which the
 * corresponding secondary database has not also been suspended locally." The fixture suspends
 * MyDb3 locally on N2 and N3, then on the primary N1, resumes it on N2 (and on N4, suspended only
 * by the primary), then on N1.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-resume-suspended-here-and-on-primary.json', import.meta.url),
      'utf8',
    ),
  ),
);
const row = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica);

describe('RESUME on a secondary also suspended on the primary (S50)', () => {
  it('is accepted: the local suspension is lifted, data movement stays suspended', () => {
    const local = sim.trace[4]!;
    expect(local.refused).toEqual([]);
    expect(local.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []))).toEqual([
      'STILL_SUSPENDED_ON_PRIMARY',
    ]);
    expect(row(4, 'N2')).toMatchObject({
      isSuspended: true,
      synchronizationState: 'NOT SYNCHRONIZING',
    });
  });

  it('still refuses it on a copy suspended only by the primary', () => {
    expect(sim.trace[5]!.refused.map((x) => x.code)).toEqual(['SUSPENDED_ON_PRIMARY']);
  });

  it('resuming the primary then resumes N2 with N4, and leaves N3 suspended locally', () => {
    expect(sim.trace[6]!.refused).toEqual([]);
    expect(row(6, 'N2')).toMatchObject({
      isSuspended: false,
      synchronizationState: 'SYNCHRONIZING',
    });
    expect(row(6, 'N4')?.isSuspended).toBe(false);
    expect(row(6, 'N3')?.isSuspended).toBe(true);
    expect(row(8, 'N2')?.synchronizationState).toBe('SYNCHRONIZED');
  });
});
