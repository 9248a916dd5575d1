import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Upgrading Always On Availability Group Replica Instances' (S64; MicrosoftDocs/sql-docs
 * upgrading-always-on-availability-group-replica-instances.md, ms.date 05/17/2016), Availability
 * Group with One Remote Secondary Replica: "1. Upgrade the secondary replica instance on the remote
 * site 2. Change the commit mode to synchronous commit 3. Wait until synchronization state is
 * SYNCHRONIZED 4. Fail over the availability group to the secondary replica on the remote site",
 * and below the list: "Moreover, performing a failover will cause all unacknowledged log messages
 * to be discarded. The amount of discarded log messages can be quite large due to the high network
 * latency between the two sites, causing clients to experience a high volume of transactional
 * failure." 'Troubleshoot an Availability Group database in reverting state' (S63): a former
 * primary whose log is ahead of the new primary's negotiates a common recovery point and reverts
 * ("Undo of Redo") before synchronization resumes, and "Don't fail over to a replica whose
 * database(s) are in the reverting state."
 *
 * Invented: the names, SQL Server 2016, the commit counts and times; an upgrade is a crash and a
 * restart; the log in flight over the high-latency link is shipped, not hardened, at the failover.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-rolling-upgrade-remote-failover-in-flight.json', import.meta.url),
      'utf8',
    ),
  ),
);
const at = (i: number) => sim.trace[i]!;
const sales = (i: number, replica: string) =>
  at(i).facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'Sales');

describe('S64: the failover to the remote site discards the log not yet acknowledged', () => {
  it('fails the five commits in flight and keeps the two the remote site acknowledged', () => {
    const failover = at(10);
    expect(failover.refused).toEqual([]);
    expect(failover.observations).toContainEqual({
      type: 'commit.abandoned',
      database: 'Sales',
      fromLsn: 2n,
      toLsn: 7n,
    });
    const completed = failover.observations.flatMap((o) =>
      o.type === 'failover.completed' ? [o] : [],
    );
    expect(completed.map((f) => [f.form, f.from, f.to, f.lost])).toEqual([
      ['planned', 'PRIMARY1', 'REMOTE1', []],
    ]);
    expect(
      failover.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : [])),
    ).toContain('UNACKNOWLEDGED_LOG_DISCARDED');
  });

  it('leaves the new primary at the log it hardened, not the log it had only received', () => {
    expect(sales(9, 'REMOTE1')?.lastHardenedLsn).toBe(2n);
    expect(sales(10, 'REMOTE1')?.lastHardenedLsn).toBe(2n);
    expect(sales(10, 'REMOTE1')?.synchronizationState).toBe('SYNCHRONIZED');
  });

  it('reverts PRIMARY1, which hardened the discarded log, and refuses a failover back meanwhile', () => {
    expect(sales(10, 'PRIMARY1')?.synchronizationState).toBe('REVERTING');
    expect(at(11).refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(sales(12, 'PRIMARY1')?.synchronizationState).toBe('INITIALIZING');
    expect(sales(13, 'PRIMARY1')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(sales(13, 'PRIMARY1')?.lastHardenedLsn).toBe(2n);
  });
});
