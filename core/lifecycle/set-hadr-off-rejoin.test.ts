import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'ALTER DATABASE (Transact-SQL) SET HADR' (S50; learn.microsoft.com t-sql/statements/
 * alter-database-transact-sql-set-hadr, read in its SQL Server 2014 edition, previous-versions
 * ff877974), OFF: "Consider removing a secondary database if it falls far behind the primary
 * database, and you don't want to wait for the secondary database to catch up. After removing the
 * secondary database, you can update it by restoring a sequence of backups ending with a recent log
 * backup (using RESTORE … WITH NORECOVERY)." 'Remove a Secondary Database from an Availability
 * Group' (S141), Follow Up: "The removed secondary database is placed in the RESTORING state";
 * Tip: "For a short time after removing a secondary database, you might be able to restart Always
 * On data synchronization on the database by re-joining it".
 *
 * The procedure's steps as a scenario: the group, its names, file paths and commit counts are
 * invented (N1, N2 synchronous with automatic failover, DR1 asynchronous; Sales).
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-set-hadr-off-behind-restore-rejoin.json', import.meta.url),
      'utf8',
    ),
  );

const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe('SET HADR OFF on a secondary far behind, log backups restored, joined again (S50, S141)', () => {
  const sim = simulateScenario(scenario());
  const at = (i: number) => sim.trace[i]!;
  const notes = (i: number) =>
    at(i).observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));
  const row = (i: number, replica: string) =>
    at(i).facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'Sales');

  it('keeps the primary log for DR1 while its copy is joined and behind', () => {
    expect(notes(4)).toContain('LOG_TRUNCATION_HELD');
  });

  it('leaves the removed copy RESTORING and not joined, the others as they were', () => {
    expect(at(6).refused).toEqual([]);
    expect(notes(6)).toEqual(['DATABASE_LEFT_GROUP']);
    expect(row(6, 'DR1')).toMatchObject({ databaseState: 'RESTORING', isJoined: false });
    expect(row(6, 'N2')?.synchronizationState).toBe('SYNCHRONIZED');
  });

  it('lets the primary truncate its log once the far-behind copy is out of the group', () => {
    expect(notes(10)).toContain('LOG_TRUNCATED');
    expect(notes(10)).not.toContain('LOG_TRUNCATION_HELD');
  });

  it('refuses the join until the log backups are restored, the chain "ending with a recent log backup"', () => {
    expect(codes(at(11).refused)).toEqual(['LOG_TRUNCATED_PAST_COPY']);
    expect(row(11, 'DR1')).toMatchObject({ databaseState: 'RESTORING', isJoined: false });
    expect(at(12).refused).toEqual([]);
    expect(at(13).refused).toEqual([]);
    expect(row(13, 'DR1')?.lastHardenedLsn).toBe(row(13, 'N1')?.lastHardenedLsn);
  });

  it('joins the restored copy, which synchronizes again and receives the new log', () => {
    expect(at(14).refused).toEqual([]);
    expect(row(14, 'DR1')).toMatchObject({ isJoined: true, synchronizationState: 'SYNCHRONIZING' });
    expect(sim.trace.slice(15).flatMap((e) => e.refused)).toEqual([]);
    expect(row(17, 'DR1')?.lastHardenedLsn).toBe(row(17, 'N1')?.lastHardenedLsn);
  });
});

describe('re-joined at once, before any log backup (S141, Tip)', () => {
  const s = scenario();
  // SET HADR OFF, then at once SET HADR AVAILABILITY GROUP: the primary kept the log.
  const sim = simulateScenario({ ...s, steps: [...s.steps.slice(0, 7), s.steps[14]] });
  const last = sim.trace.at(-1)!;

  it('accepts the join without a restore, and the copy synchronizes again', () => {
    expect(last.event.type).toBe('db.join');
    expect(last.refused).toEqual([]);
    expect(
      last.facts.databaseReplicas.find((d) => d.replica === 'DR1' && d.database === 'Sales'),
    ).toMatchObject({ isJoined: true, synchronizationState: 'SYNCHRONIZING' });
  });
});
