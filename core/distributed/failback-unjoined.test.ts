import { describe, expect, it } from 'vitest';
import { distributedFailoverReadiness } from './readiness.js';
import { DistributedDriver } from './test-support.js';

/*
 * "Configure a distributed availability group" (S58): manual seeding restores the forwarder's copy
 * WITH NORECOVERY, "After that, run the following on the forwarder: ALTER DATABASE [db1] SET HADR
 * AVAILABILITY GROUP = [distributedag]"; step 4 of the failover: if the last_hardened_lsn does not
 * match, "fail the distributed AG back over to the original forwarder (N1) by running the failover
 * command against the global primary". The fail-back gives the global primary its role back; it
 * runs nothing on the forwarder, so a copy never joined there stays out of the distributed group.
 * The model's fail-back rebuilt every forwarder copy as joined, so a failover to a forwarder that
 * never held the database was allowed after a demotion and a fail-back (check on Taryn Pratt's
 * SENetwork_TAG, fixtures/blog-stackoverflow-tag-manual-seeding-joined-to-member.sql, found it).
 */
describe('a fail-back to the global primary with a forwarder copy never joined', () => {
  const failedBack = () => {
    const d = new DistributedDriver(2019, { seedingMode: 'MANUAL', restoredOnForwarder: ['db1'] });
    d.commit();
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    d.do({ type: 'distributed.failover', member: 'ag1' });
    return d;
  };

  it('leaves the copy restored, not joined', () => {
    const d = failedBack();
    expect(d.distributed.members.map((m) => m.role)).toEqual(['PRIMARY', 'SECONDARY']);
    expect(d.distributed.link.databases.db1?.phase).toBe('RESTORING');
  });

  it('still refuses the failover to the forwarder after a second demotion', () => {
    const d = failedBack();
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(d.refuse({ type: 'distributed.failover', member: 'ag2' })).toContain(
      'FORWARDER_DATABASE_NOT_JOINED',
    );
    const synchronized = distributedFailoverReadiness(d.distributed).steps.find(
      (s) => s.step === 'SYNCHRONIZED',
    );
    expect(synchronized?.reasons.map((r) => r.code)).toContain('FORWARDER_DATABASE_NOT_JOINED');
  });

  it('keeps a joined copy joined, at the common point', () => {
    const d = new DistributedDriver(2019, { seedingMode: 'MANUAL' });
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    d.do({ type: 'distributed.failover', member: 'ag1' });
    expect(d.distributed.link.databases.db1?.phase).toBe('JOINED');
  });
});
