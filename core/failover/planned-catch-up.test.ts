import { describe, expect, it } from 'vitest';
import { primaryName } from '../cluster/select.js';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';

/**
 * "Perform a planned manual failover of an availability group" (S45): "A planned manual failover
 * preserves all the data in the secondary databases that are joined to the availability group on
 * the target secondary replica"; SEED004: the target rolls forward its pending log, then takes the
 * primary role. Log the target had not hardened is not among that data: 'Upgrading Always On
 * Availability Group Replica Instances' (S64), "performing a failover will cause all
 * unacknowledged log messages to be discarded".
 */
describe('a planned failover hands its target the log it hardened, not the log in flight', () => {
  it('a commit still waiting for SQLNODE2 is abandoned and not on SQLNODE2 once it is primary', () => {
    const g = new Driver(loadExampleConfig('resync-three-replicas.json'));
    const before = g.row('SQLNODE2', 'SalesDB')!.lastHardenedLsn!;
    g.do({ type: 'db.commit', database: 'SalesDB', count: 10 });
    const end = g.row('SQLNODE1', 'SalesDB')!.lastHardenedLsn!;
    // Shipped but not hardened: SQLNODE2 is still SYNCHRONIZED and the commit waits for it.
    g.do({ type: 'log.ship', replica: 'SQLNODE2' });
    expect(g.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZED');
    expect(g.row('SQLNODE2', 'SalesDB')!.lastHardenedLsn!).toBe(before);
    const failover = g.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(primaryName(g.cluster)).toBe('SQLNODE2');
    expect(g.row('SQLNODE2', 'SalesDB')!.lastHardenedLsn).toBe(before);
    expect(failover.observations).toContainEqual({
      type: 'commit.abandoned',
      database: 'SalesDB',
      fromLsn: before,
      toLsn: end,
    });
    // SQLNODE1 hardened the discarded log: it reverts before it synchronizes again.
    expect(g.state('SQLNODE1', 'SalesDB')).toBe('REVERTING');
  });
});
