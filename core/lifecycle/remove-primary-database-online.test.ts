import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Remove a Primary Database from an Availability Group (SQL Server)' (S77; MicrosoftDocs/sql-docs
 * remove-a-primary-database-from-an-availability-group-sql-server.md, ms.date 05/17/2016),
 * Transact-SQL: "ALTER AVAILABILITY GROUP MyAG REMOVE DATABASE Db6;"; Follow Up: "Removing an
 * availability database from its availability group ends data synchronization between the former
 * primary database and the corresponding secondary databases. The former primary database remains
 * online. Every corresponding secondary database is placed in the RESTORING state." 'Remove a
 * Secondary Database from an Availability Group' (same folder), Follow Up, Tip: "For a short time
 * after removing a secondary database, you might be able to restart Always On data
 * synchronization on the database by re-joining it to the availability group."
 *
 * The application writes to Db6 after the removal, then Db6 is added back and its RESTORING copy
 * joined again. Invented: Db5, the endpoints, SQL Server 2019 and the commit counts.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-remove-primary-database-stays-online.json', import.meta.url),
      'utf8',
    ),
  ),
);
const at = (i: number) => sim.trace[i]!;
const db6 = (i: number, replica: string) =>
  at(i).facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'Db6');

describe('S77: the former primary database remains online after REMOVE DATABASE', () => {
  it('takes the commits made after the removal, on PrimaryComputer alone', () => {
    const commit = at(4);
    expect(commit.refused).toEqual([]);
    expect(commit.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []))).toEqual([
      'COMMIT_OUTSIDE_GROUP',
    ]);
    expect(commit.observations.some((o) => o.type === 'commit.pending')).toBe(false);
    expect(db6(4, 'SecondaryComputer')).toBeUndefined();
  });

  it('adds Db6 back at the end of log those commits reached', () => {
    expect(at(5).refused).toEqual([]);
    expect(db6(5, 'PrimaryComputer')?.lastHardenedLsn).toBe(5n);
  });

  it('re-joins the RESTORING copy, which catches up through them and is SYNCHRONIZED', () => {
    expect(at(6).refused).toEqual([]);
    expect(db6(6, 'SecondaryComputer')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(db6(6, 'SecondaryComputer')?.lastHardenedLsn).toBe(2n);
    expect(at(7).refused).toEqual([]);
    expect(at(8).refused).toEqual([]);
    expect(db6(8, 'SecondaryComputer')?.synchronizationState).toBe('SYNCHRONIZED');
    expect(db6(8, 'SecondaryComputer')?.lastHardenedLsn).toBe(5n);
  });

  it('waits for SecondaryComputer again on the next commit', () => {
    expect(at(9).observations).toContainEqual({
      type: 'commit.pending',
      database: 'Db6',
      lsn: 6n,
      waitingFor: ['SecondaryComputer'],
    });
  });
});
