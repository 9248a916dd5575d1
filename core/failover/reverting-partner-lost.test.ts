import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Troubleshoot an Availability Group database in reverting state' (S63): the old primary's copy
 * goes back to the common recovery point with pages it must "receive ... from the primary replica
 * in order for it to be in a state where synchronization can resume"; "Don't fail over to a
 * replica whose database(s) are in reverting state. This may result in an unusable database that
 * requires a restore from backup. Don't restart the secondary replica instance, it will not
 * accelerate this process and may compromise the state of the secondary replica database". 'Perform
 * a forced manual failover' (S44), Limitations: "When a secondary database is in the REVERTING or
 * INITIALIZING state, forcing failover would cause the database to fail to start as a primary
 * database". The copy lost its primary in the middle of the undo: it used to go NOT SYNCHRONIZING,
 * as a copy that had never started reverting, and a forced failover onto it brought Northwind
 * online, losing one commit; it stays REVERTING, and the forced failover cannot start Northwind.
 * Northwind then stays SUSPECT on SQLServer1 ("The database is unavailable. Additional action by the
 * user is required", 'Database states'): forced back onto SQLServer2 and resumed, it moves no data
 * (a delivery to it used to make it SYNCHRONIZED without the commits acknowledged after).
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(new URL('./fixtures/docs-reverting-partner-lost.json', import.meta.url), 'utf8'),
  ),
);
const copyOn = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica);

describe('a reverting copy whose primary is lost (S63, S44)', () => {
  it('reverts after the planned failover, and stays REVERTING when the new primary crashes', () => {
    expect(copyOn(1, 'SQLServer1')?.synchronizationState).toBe('REVERTING');
    expect(copyOn(3, 'SQLServer1')?.synchronizationState).toBe('REVERTING');
  });

  it('a forced failover onto it cannot start Northwind as a primary database', () => {
    const force = sim.trace[4]!;
    expect(force.refused).toEqual([]);
    const completed = force.observations.find((o) => o.type === 'failover.completed');
    expect(
      completed?.type === 'failover.completed' && completed.reasons.map((r) => r.code),
    ).toEqual(['POSSIBLE_DATA_LOSS', 'DATABASE_CANNOT_COME_ONLINE']);
    // The commit acknowledged on SQLServer2 alone is lost with the database.
    expect(completed?.type === 'failover.completed' && completed.lost).toEqual([
      { database: 'Northwind', ranges: [{ fork: 1, fromLsn: 0n, toLsn: 1n }] },
    ]);
  });

  it('stays SUSPECT there: forced back onto SQLServer2 and resumed, it receives no log', () => {
    const ship = sim.trace[10]!;
    expect(ship.refused.map((r) => [r.code, r.message])).toEqual([
      ['NO_DATA_MOVEMENT', 'Northwind on SQLServer1 is SUSPECT: no data movement'],
    ]);
    expect(copyOn(11, 'SQLServer1')?.synchronizationState).toBe('NOT SYNCHRONIZING');
    const log = sim.trace[11]!.facts.logs?.find((l) => l.database === 'Northwind');
    expect(log?.acknowledged).toEqual([{ fork: 2, fromLsn: 1n, toLsn: 2n }]);
  });
});
