import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { synchronizationHealth } from '../../core/health/synchronization-health.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * The former primary ODC1-SQL-13 of KellyMagnierSCC/DRPlaybooks (S154) back after the forced
 * failover to ODC2-SQL-13, its own snapshot: SECONDARY, FRSDB suspended (SUSPEND_FROM_PARTNER), as
 * 'Perform a forced manual failover' (S44) says: "When the former primary replica becomes
 * available, it transitions to the secondary role, causing the former primary databases to become
 * secondary databases and transition into the SUSPENDED state". ODC1-SQL-14 is not back yet
 * (S44's example, step 1: "The nodes in the main data center come back online ... Their
 * availability replicas come online as secondary replicas with suspended databases"): the
 * cluster-wide view shows its copy pending suspend (is_pending_secondary_suspend = 1, S8), and a
 * secondary shows no runtime row for another replica's copy. 'Availability modes' (S1), Factors
 * That Disrupt Data Synchronization: "You suspend a secondary database on the secondary replica.
 * The secondary replica ceases to be synchronized, and its synchronization-health state is marked
 * as NOT_HEALTHY. The secondary replica can't become healthy again until the suspended secondary
 * database is either resumed and resynchronized or removed from the availability group."
 */
const text = readFileSync(
  new URL('./fixtures/runbook-drplaybooks-old-primary-back-partner-pending.json', import.meta.url),
  'utf8',
);

describe('a copy known suspended whose synchronization state is not shown (S1)', () => {
  it('is NOT_HEALTHY, and so is its replica, as the RESUME offered there says it is suspended', () => {
    const facts = factsOf(text);
    const resumes = decide(facts).actions.map((a) => a.event);
    expect(resumes).toContainEqual({
      type: 'db.resume',
      replica: 'ODC1-SQL-14',
      database: 'FRSDB',
    });
    const report = synchronizationHealth(facts);
    const copy = report.databases.find((d) => d.replica === 'ODC1-SQL-14')!;
    expect(copy.health).toBe('NOT_HEALTHY');
    expect(copy.reasons.map((r) => r.code)).toEqual(['DATABASE_SUSPENDED']);
    expect(copy.reasons[0]!.message).toContain('SUSPEND_FROM_PARTNER');
    expect(report.replicas.find((r) => r.replica === 'ODC1-SQL-14')?.health).toBe('NOT_HEALTHY');
  });

  it('stays unknown for the primary, whose suspended database says nothing of its state', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    // The primary's own copy shown suspended without its state: not a secondary's rule.
    for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      if (r.replica_id === '5F125A00-0213-4000-8000-0000000000A1')
        r.is_pending_secondary_suspend = true;
    const report = synchronizationHealth(factsOf(JSON.stringify(s)));
    expect(report.databases.find((d) => d.replica === 'ODC2-SQL-13')?.health).toBeNull();
  });

  it('stays unknown where neither the state nor a suspension is shown', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      r.is_pending_secondary_suspend = false;
    const report = synchronizationHealth(factsOf(JSON.stringify(s)));
    expect(report.databases.find((d) => d.replica === 'ODC1-SQL-14')?.health).toBeNull();
  });
});
