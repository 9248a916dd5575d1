import { describe, expect, it } from 'vitest';
import { primaryName } from '../cluster/select.js';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';

/**
 * "Perform a planned manual failover of an availability group" (S45): a planned failover is
 * possible only to a SYNCHRONIZED secondary and loses no data; SEED004: the target first receives
 * and hardens every log record the primary has, then takes the primary role. A commit the primary
 * wrote but the target has not yet hardened is therefore on the new primary after the failover.
 */
describe('a planned failover hands its target every record the primary hardened', () => {
  it('a commit still waiting for SQLNODE2 is on SQLNODE2 once it is primary', () => {
    const g = new Driver(loadExampleConfig('resync-three-replicas.json'));
    g.do({ type: 'db.commit', database: 'SalesDB', count: 10 });
    const end = g.row('SQLNODE1', 'SalesDB')!.lastHardenedLsn!;
    // Shipped but not hardened: SQLNODE2 is still SYNCHRONIZED and the commit waits for it.
    g.do({ type: 'log.ship', replica: 'SQLNODE2' });
    expect(g.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZED');
    expect(g.row('SQLNODE2', 'SalesDB')!.lastHardenedLsn!).toBeLessThan(end);
    g.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(primaryName(g.cluster)).toBe('SQLNODE2');
    expect(g.row('SQLNODE2', 'SalesDB')!.lastHardenedLsn).toBe(end);
  });
});
