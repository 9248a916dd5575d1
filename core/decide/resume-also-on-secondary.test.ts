import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Resume an availability database" (S67, MicrosoftDocs/sql-docs
 * resume-an-availability-database-sql-server.md): "Resuming the primary database also resumes any
 * of its secondary databases that were suspended as the result of suspending the primary database.
 * If any secondary database was suspended locally, from the server instance that hosts the
 * secondary replica, that secondary database must be resumed locally." The fixture follows
 * "Suspend an availability database" (S62) on N2, then on the primary N1.
 */
const document = JSON.parse(
  readFileSync(
    new URL(
      './fixtures/docs-resume-secondary-suspended-locally-and-on-primary.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
const run = simulateScenario(document);
const resumes = (step: number) =>
  recommendedActions(run.trace[step]!.facts)
    .filter((a) => a.event.type === 'db.resume')
    .map((a) => ({
      replica: 'replica' in a.event ? a.event.replica : '',
      codes: a.why.map((r) => r.code),
    }));

describe('RESUME for a secondary suspended locally and on the primary (S67)', () => {
  it('gives the primary first, then the locally suspended secondary, not the copy the primary stopped', () => {
    expect(resumes(2)).toEqual([
      { replica: 'N1', codes: ['RESUME_SUSPENDED'] },
      { replica: 'N2', codes: ['RESUME_SUSPENDED', 'RESUME_ALSO_ON_SECONDARY'] },
    ]);
  });

  it('says the primary RESUME leaves that copy suspended', () => {
    const n2 = recommendedActions(run.trace[2]!.facts).find(
      (a) => a.event.type === 'db.resume' && a.event.replica === 'N2',
    );
    const also = n2?.why.find((r) => r.code === 'RESUME_ALSO_ON_SECONDARY');
    expect(also?.message).toContain(
      'suspended on the primary N1 and on N2 itself (SUSPEND_FROM_USER)',
    );
    expect(also?.message).toContain("N2's stays suspended until it is resumed on N2");
  });

  it('after the primary resumes, N2 alone is left, as the simulator leaves it', () => {
    expect(run.trace[3]!.refused).toEqual([]);
    expect(resumes(3)).toEqual([{ replica: 'N2', codes: ['RESUME_SUSPENDED'] }]);
  });
});
