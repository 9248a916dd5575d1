import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Perform a forced manual failover of an availability group" (S44), Follow Up: Essential Tasks
 * After a Forced Failover, step 2: "When a secondary database is resumed, it initiates data
 * synchronization with the corresponding primary database. The secondary database rolls back any
 * log records that were never committed on the new primary database. Therefore, if you are
 * concerned about possible data loss on the post-failover primary databases, you should attempt
 * to create a database snapshot on the suspended databases on one of the synchronous-commit
 * secondary databases." In the fixture the main site held Accounts to LSN 8 and DR, forced to
 * primary, only to 5; Ledger did not fork.
 */
const document = JSON.parse(
  readFileSync(
    new URL('../backup/fixtures/docs-log-truncation-after-forced-failover.json', import.meta.url),
    'utf8',
  ),
);
// After both main-site replicas restarted, suspended (step 17 of the fixture).
const facts = simulateScenario({ ...document, steps: document.steps.slice(0, 17) }).trace[16]!
  .facts;
const why = (replica: string, database: string) =>
  recommendedActions(facts).find(
    (a) =>
      a.event.type === 'db.resume' && a.event.replica === replica && a.event.database === database,
  )?.why;

describe('resuming a copy past the fork names what it rolls back (S44)', () => {
  it('says which LSNs the old primary rolls back, and to snapshot them first', () => {
    const reasons = why('N1', 'Accounts') ?? [];
    expect(reasons.map((r) => r.code)).toEqual(['RESUME_SUSPENDED', 'RESUME_ROLLS_BACK']);
    expect(reasons[1]!.message).toContain('after LSN 5 through 8');
    expect(reasons[1]!.message).toContain('database snapshot');
  });

  it('says nothing of the kind for a copy that did not run past the fork', () => {
    expect(why('N1', 'Ledger')?.map((r) => r.code)).toEqual(['RESUME_SUSPENDED']);
  });

  it('says nothing for a copy suspended by its user: it may have hardened past recovery_lsn on the current history', () => {
    const byUser = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.suspendReason === 'SUSPEND_FROM_PARTNER'
          ? { ...d, suspendReason: 'SUSPEND_FROM_USER' as const }
          : d,
      ),
    };
    const reasons = recommendedActions(byUser).find(
      (a) => a.event.type === 'db.resume' && a.event.replica === 'N1',
    )?.why;
    expect(reasons?.map((r) => r.code)).toEqual(['RESUME_SUSPENDED']);
  });

  it('is unknown when recovery_lsn is not known (a snapshot without it), naming the column', () => {
    const unknown = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) => ({ ...d, recoveryLsn: null })),
    };
    const reasons = recommendedActions(unknown).find(
      (a) => a.event.type === 'db.resume' && a.event.replica === 'N1',
    )?.why;
    expect(reasons?.map((r) => r.code)).toEqual(['RESUME_SUSPENDED', 'RESUME_ROLLBACK_UNKNOWN']);
    expect(reasons?.[1]?.message).toContain('recovery_lsn not shown');
    expect(reasons?.[1]?.settledBy?.[0]).toContain('recovery_lsn and last_hardened_lsn');
  });
});
