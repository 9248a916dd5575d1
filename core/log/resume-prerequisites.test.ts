import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from '../decide/actions.js';

/**
 * "Resume an availability database (SQL Server)" (S67), Prerequisites: "The availability group
 * must be online." and "The primary database must be online and available." The fixture suspends
 * both databases on the secondary N2, takes db2 out of ONLINE on the primary with DB_FAILOVER off
 * (it stays RECOVERY_PENDING there, S28), resumes db2, then stops the primary with manual failover
 * modes only (the group has no primary) and resumes db1.
 */
const fixture = () =>
  simulateScenario(
    JSON.parse(
      readFileSync(new URL('./fixtures/docs-resume-prerequisites.json', import.meta.url), 'utf8'),
    ),
  );

describe('RESUME needs the group online and the primary database online (S67)', () => {
  const sim = fixture();
  const row = (i: number, replica: string, database: string) =>
    sim.trace[i]!.facts.databaseReplicas.find(
      (d) => d.replica === replica && d.database === database,
    );

  it('refuses to resume db2 while it is RECOVERY_PENDING on the primary: it stays suspended', () => {
    expect(sim.trace[3]!.refused.map((x) => x.code)).toEqual(['PRIMARY_DATABASE_NOT_ONLINE']);
    expect(row(3, 'N2', 'db2')).toMatchObject({
      isSuspended: true,
      synchronizationState: 'NOT SYNCHRONIZING',
    });
  });

  it('does not recommend that resume', () => {
    const before = sim.trace[2]!.facts;
    expect(
      recommendedActions(before).filter(
        (a) => a.event.type === 'db.resume' && a.event.database === 'db2',
      ),
    ).toEqual([]);
  });

  it('refuses to resume db1 while no primary serves the group', () => {
    expect(sim.trace[5]!.refused.map((x) => x.code)).toEqual(['GROUP_NOT_ONLINE']);
    expect(row(5, 'N2', 'db1')?.isSuspended).toBe(true);
  });

  it('names the prerequisites beside NOT_SUSPENDED when the copy is not suspended', () => {
    const document = JSON.parse(
      readFileSync(new URL('./fixtures/docs-resume-prerequisites.json', import.meta.url), 'utf8'),
    );
    // The fixture's group, with nothing suspended: db2 leaves ONLINE on the primary, then the
    // primary stops; RESUME is run on N2 for copies that were never suspended.
    const run = simulateScenario({
      ...document,
      steps: [
        document.steps[2],
        { event: { type: 'db.resume', replica: 'N2', database: 'db2' } },
        document.steps[4],
        { event: { type: 'db.resume', replica: 'N2', database: 'db1' } },
      ],
    });
    expect(run.trace[1]!.refused.map((x) => x.code)).toEqual([
      'NOT_SUSPENDED',
      'PRIMARY_DATABASE_NOT_ONLINE',
    ]);
    expect(run.trace[3]!.refused.map((x) => x.code)).toEqual(['NOT_SUSPENDED', 'GROUP_NOT_ONLINE']);
  });
});
