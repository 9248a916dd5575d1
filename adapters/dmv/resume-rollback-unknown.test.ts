import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { isUnknownReason } from '../../core/model/source.js';
import { factsOf } from './test-support.js';

/*
 * The failback of S154's runbook (KellyMagnierSCC/DRPlaybooks, FRS_Failback.md): once "Primary
 * nodes (`ODC1-SQL-13`, `ODC1-SQL-14`) are online and healthy", "Validate AG Synchronization" and
 * fail over to ODC1-SQL-13; the runbook has no RESUME step. The fixture is ODC1-SQL-13's own
 * snapshot at that moment, after the forced failover to ODC2-SQL-13: 'Perform a forced manual
 * failover' (S44): "When the former primary replica becomes available, it transitions to the
 * secondary role, causing the former primary databases to become secondary databases and
 * transition into the SUSPENDED state. Before you resume a given secondary database, you might be
 * able to recover lost data from it." FRSDB there: NOT SYNCHRONIZING, SUSPEND_FROM_PARTNER,
 * last_hardened_lsn shown, recovery_lsn not (no source says what a suspended former primary shows
 * before it is resumed). Follow Up, step 2: "The secondary database rolls back any log records
 * that were never committed on the new primary database. Therefore, if you are concerned about
 * possible data loss on the post-failover primary databases, you should attempt to create a
 * database snapshot on the suspended databases". Names, version and LSN digits are invented.
 */
const text = readFileSync(
  new URL('./fixtures/runbook-drplaybooks-old-primary-after-return.json', import.meta.url),
  'utf8',
);

describe("the former primary's RESUME after a forced failover, its recovery_lsn not shown", () => {
  const decision = decide(factsOf(text));
  const resume = decision.actions.find((a) => a.event.type === 'db.resume');

  it('says whether resuming rolls back log is unknown, and how to keep that log', () => {
    expect(resume?.event).toEqual({
      type: 'db.resume',
      replica: 'ODC1-SQL-13',
      database: 'FRSDB',
    });
    expect(resume?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_ROLLBACK_UNKNOWN',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
    const rollback = resume!.why[1]!;
    expect(isUnknownReason(rollback)).toBe(true);
    expect(rollback.message).toContain('(recovery_lsn not shown)');
    expect(rollback.message).toContain('create a database snapshot of FRSDB on ODC1-SQL-13');
    // A secondary's own recovery_lsn is not its revert point (docs/dmv-snapshot.md): the primary's
    // row for it settles this, as it settles the forced loss below.
    expect(rollback.settledBy?.[0]).toContain('recovery_lsn and last_hardened_lsn of FRSDB');
    expect(rollback.settledBy?.[0]).toContain("the primary's row for ODC1-SQL-13");
  });

  it('agrees with the forced loss of the same decision, which names the same unknown fork', () => {
    const loss = decision.failover.targets
      .find((t) => t.replica === 'ODC1-SQL-13')
      ?.forcedLoss?.find((l) => l.database === 'FRSDB');
    expect(loss?.reasons.map((r) => r.code)).toContain('LOSS_FORK_UNKNOWN');
  });
});
