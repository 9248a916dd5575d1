import { describe, expect, it } from 'vitest';
import { findReplica } from '../cluster/select.js';
import { seedingPhase } from '../machines/seeding/selectors.js';
import { linkSynchronizationState, memberNamed } from './select.js';
import { DistributedDriver } from './test-support.js';

/**
 * Preparing the secondary group of a distributed availability group.
 * "Use automatic seeding to initialize a secondary replica" (SEED001, project seed document 001,
 * section Security): "For a distributed availability group where the replica's databases that are
 * being created are on the primary replica of the second availability group, no extra
 * permissions are required as it is already a primary." and "For a secondary replica on the
 * second availability group of a distributed availability group, you must use the command ALTER
 * AVAILABILITY GROUP [<2ndAGName>] GRANT CREATE ANY DATABASE. This secondary replica is seeded
 * from the primary of the second availability group."
 * "Configure a distributed availability group" (S58), Join distributed availability group on
 * second cluster, manual seeding: restore the global primary's full and log backups WITH
 * NORECOVERY on the forwarder, then ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP =
 * [distributedag] there.
 */

const ag2 = (d: DistributedDriver) => memberNamed(d.distributed, 'ag2')!.cluster;
const copyOn = (d: DistributedDriver, replica: string) =>
  findReplica(ag2(d), replica)?.databases.db1;

describe('automatic seeding across the link (SEED001 Security)', () => {
  it('seeds the forwarder with no grant, then its secondary only after GRANT CREATE ANY DATABASE on ag2', () => {
    const d = new DistributedDriver(2019, { secondaryGroup: 'unprepared' });
    d.commit(3);
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('NOT SYNCHRONIZING');
    expect(d.refuse({ type: 'distributed.ship' })).toEqual(['FORWARDER_DATABASE_NOT_JOINED']);
    // server4 is seeded from the forwarder, which has nothing yet.
    expect(
      d.refuse({
        type: 'distributed.member',
        member: 'ag2',
        event: { type: 'seeding.progress', replica: 'server4', database: 'db1' },
      }),
    ).toEqual(['FORWARDER_NOT_SEEDED']);

    // The forwarder: no grant needed.
    expect(findReplica(ag2(d), 'server3')?.canCreateDatabase).toBe(false);
    d.do({ type: 'distributed.seed' });
    expect(d.distributed.link.databases.db1).toMatchObject({ phase: 'JOINED', hardened: 3n });
    expect(copyOn(d, 'server3')?.hardened.lsn).toBe(3n);

    // Its secondary: waits for the grant on ag2.
    expect(seedingPhase(copyOn(d, 'server4')!.seeding)).toBe('WAITING_FOR_GRANT');
    expect(
      d.refuse({
        type: 'distributed.member',
        member: 'ag2',
        event: { type: 'seeding.progress', replica: 'server4', database: 'db1' },
      }),
    ).toEqual(['NO_SEEDING_IN_PROGRESS']);
    d.member('ag2', { type: 'replica.grantCreateDatabase', replica: 'server4' });
    d.member('ag2', { type: 'seeding.progress', replica: 'server4', database: 'db1' });
    expect(seedingPhase(copyOn(d, 'server4')!.seeding)).toBe('COMPLETED');
    expect(copyOn(d, 'server4')?.hardened.lsn).toBe(3n);

    // Log flows on: global primary → forwarder → its secondary.
    d.commit(2);
    d.shipAcross();
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    expect(copyOn(d, 'server4')?.hardened.lsn).toBe(5n);
  });

  it('refuses a failover onto a forwarder that holds no copy yet', () => {
    const d = new DistributedDriver(2019, { secondaryGroup: 'unprepared' });
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(d.refuse({ type: 'distributed.failover', member: 'ag2' })).toEqual([
      'FORWARDER_DATABASE_NOT_JOINED',
    ]);
  });
});

describe('manual seeding of the forwarder (S58)', () => {
  it('restores WITH NORECOVERY, joins with SET HADR AVAILABILITY GROUP, then catches up from the restored point', () => {
    const d = new DistributedDriver(2019, { secondaryGroup: 'unprepared', seedingMode: 'MANUAL' });
    d.commit(4);
    expect(d.refuse({ type: 'distributed.seed' })).toEqual(['SEEDING_MODE_MANUAL']);
    expect(d.refuse({ type: 'distributed.join', database: 'db1' })).toEqual(['NOT_RESTORED']);
    d.do({ type: 'distributed.restore', database: 'db1' });
    expect(d.refuse({ type: 'distributed.ship' })).toEqual(['FORWARDER_DATABASE_NOT_JOINED']);
    d.commit(2); // after the log backup: the forwarder gets it once joined
    d.do({ type: 'distributed.join', database: 'db1' });
    expect(d.distributed.link.databases.db1).toMatchObject({ phase: 'JOINED', hardened: 4n });
    d.shipAcross();
    expect(d.distributed.link.databases.db1?.hardened).toBe(6n);
  });
});
