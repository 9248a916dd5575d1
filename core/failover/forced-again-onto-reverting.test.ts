import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { forcedFailoverLoss } from './forced-loss.js';

/**
 * "Perform a forced manual failover of an availability group" (S44, MicrosoftDocs/sql-docs
 * docs/database-engine/availability-groups/windows/perform-a-forced-manual-failover-of-an-availability-group-sql-server.md),
 * Limitations: "When a secondary database is in the REVERTING or INITIALIZING state, forcing
 * failover would cause the database to fail to start as a primary database"; Follow Up: Essential
 * Tasks After a Forced Failover, step 2, Caution: "before attempting to fail over the group again,
 * wait for every secondary database on the next failover target to enter the SYNCHRONIZING state.
 * If any database is not yet SYNCHRONIZING, that database will be prevented from coming online as
 * a primary database". The fixture: the primary site is lost, a forced failover to DR1 loses LSNs
 * 1-2, DR1 commits, SQL2 returns and is resumed (REVERTING: it holds LSNs 1-2), and the group is
 * forced onto SQL2 before the copy is SYNCHRONIZING.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-again-onto-reverting.json', import.meta.url),
      'utf8',
    ),
  ),
);
const secondForce = sim.trace[9]!;

describe('a forced failover onto a copy that cannot start as a primary database (S44)', () => {
  it('the first forced failover lost LSNs 1-2, and the copy on SQL2 is REVERTING', () => {
    const first = sim.trace[5]!.observations.find((o) => o.type === 'failover.completed');
    expect(first?.type === 'failover.completed' && first.lost).toEqual([
      { database: 'AccountsDb', ranges: [{ fork: 0, fromLsn: 0n, toLsn: 2n }] },
    ]);
    const copy = sim.trace[8]!.facts.databaseReplicas.find((d) => d.replica === 'SQL2');
    expect(copy?.synchronizationState).toBe('REVERTING');
  });

  it('the second says the database cannot come online and acknowledges nothing', () => {
    expect(secondForce.refused).toEqual([]);
    const completed = secondForce.observations.find((o) => o.type === 'failover.completed');
    expect(
      completed?.type === 'failover.completed' && completed.reasons.map((r) => r.code),
    ).toContain('DATABASE_CANNOT_COME_ONLINE');
    // The copy's own log (LSNs 1-2 of fork 0, lost by the first failover) is no client's commit.
    expect(secondForce.observations.filter((o) => o.type === 'commit.acknowledged')).toEqual([]);
    const log = secondForce.facts.logs?.find((l) => l.database === 'AccountsDb');
    expect(log?.acknowledged).toEqual([]);
    expect(log?.lost).toEqual([
      { fork: 0, fromLsn: 0n, toLsn: 2n },
      { fork: 1, fromLsn: 0n, toLsn: 1n },
    ]);
  });

  it('a forced failover back to DR1 is predicted to lose no acknowledged commit', () => {
    const loss = forcedFailoverLoss(sim.trace[10]!.facts, 'DR1').find(
      (l) => l.database === 'AccountsDb',
    );
    expect(loss?.acknowledgedLost).toEqual([]);
  });
});
