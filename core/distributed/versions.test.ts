import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../model/enums.js';
import { createDistributedEither } from './build.js';
import type { DistributedEvent } from './events.js';
import { distributedFailoverReadiness } from './readiness.js';
import { linkSynchronizationState } from './select.js';
import { stepDistributed } from './step.js';
import { DistributedDriver, documentedConfigs } from './test-support.js';

/**
 * A migration to a higher SQL Server version through a distributed group. "Distributed
 * availability groups" (S43, learn.microsoft.com/sql/database-engine/availability-groups/windows/
 * distributed-availability-groups, revision ms.date 09/15/2022), Migrate to higher SQL Server
 * versions, AG2 the higher-version target: "Once the distributed AG is failed over to the higher
 * version (AG2), AG2 should become Healthy. During this time, fail-back to AG1 won't be possible,
 * as it is at a lower version. Because AG1 is at a lower version, updates from AG2 after failover
 * to AG2 won't be replicated over to AG1." Input kept as examples of the page's steps, with ag1 on
 * SQL Server 2019 and ag2 on 2022.
 */

const driver = (
  ag1Version: SqlServerVersion,
  ag2Version: SqlServerVersion,
  secondaryGroup: 'seeded' | 'unprepared' = 'seeded',
) => {
  const { dag, ag1, ag2 } = documentedConfigs(ag1Version);
  const d = createDistributedEither(dag, [ag1, { ...ag2, version: ag2Version }], {
    baseLsn: 0n,
    secondaryGroup,
  });
  if (E.isLeft(d)) throw new Error(d.left.map((r) => r.message).join('; '));
  const box = new DistributedDriver(ag1Version);
  box.distributed = d.right;
  return box;
};

const migrate = (d: DistributedDriver) => {
  d.commit(5);
  d.member('ag1', { type: 'log.ship', replica: 'server2' });
  d.member('ag1', { type: 'log.harden', replica: 'server2' });
  for (const member of ['ag1', 'ag2'])
    d.do({ type: 'distributed.setAvailabilityMode', member, mode: 'SYNCHRONOUS_COMMIT' });
  d.shipAcross();
  d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
  d.do({ type: 'distributed.failover', member: 'ag2' });
};

/** Commits on the new global primary, hardened by its synchronous secondary server4. */
const writeInAg2 = (d: DistributedDriver) => {
  d.member('ag2', { type: 'db.commit', database: 'db1', count: 3 });
  d.member('ag2', { type: 'log.ship', replica: 'server4' });
  d.member('ag2', { type: 'log.harden', replica: 'server4' });
};

describe('a distributed group migrated to a higher version (S43, Migrate to higher SQL Server versions)', () => {
  it('the lower-version group to the higher one: log crosses and the failover is allowed', () => {
    const d = driver(2019, 2022);
    d.commit(5);
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    for (const member of ['ag1', 'ag2'])
      d.do({ type: 'distributed.setAvailabilityMode', member, mode: 'SYNCHRONOUS_COMMIT' });
    d.shipAcross();
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(distributedFailoverReadiness(d.distributed).allowed).toBe(true);
  });

  it('after the failover to 2022, nothing of ag2 is replicated to the 2019 group', () => {
    const d = driver(2019, 2022);
    migrate(d);
    writeInAg2(d);
    const ship: DistributedEvent = { type: 'distributed.ship' };
    const r = stepDistributed(d.distributed, ship);
    expect(r.refused.map((x) => x.code)).toEqual(['GLOBAL_PRIMARY_VERSION_NEWER']);
    expect(r.refused[0]?.message).toContain('updates are not replicated back');
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('NOT SYNCHRONIZING');
    // A commit on the new global primary does not wait for a group that receives nothing.
    expect(d.log().acknowledged.at(-1)).toMatchObject({ member: 'ag2' });
  });

  it('the fail-back to the 2019 group is refused until it is upgraded, with every reason', () => {
    const d = driver(2019, 2022);
    migrate(d);
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag2' });
    const r = distributedFailoverReadiness(d.distributed);
    expect(r.allowed).toBe(false);
    const synchronized = r.steps.find((s) => s.step === 'SYNCHRONIZED');
    expect(synchronized?.reasons.map((x) => x.code)).toEqual([
      'GLOBAL_PRIMARY_VERSION_NEWER',
      'NOT_SYNCHRONIZED',
    ]);
    expect(synchronized?.reasons[0]?.rule.section).toContain(
      'Migrate to higher SQL Server versions',
    );
  });

  it('the same versions on both sides fail back as before', () => {
    const d = driver(2022, 2022);
    migrate(d);
    writeInAg2(d);
    d.shipAcross();
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
  });
});

/**
 * "Distributed availability groups" (S43), Version and edition requirements: "The AG containing
 * read/write primary can be the same version or lower than the other AGs participating in the
 * distributed AG. The other AGs can be the same version or higher. … Because the distributed
 * availability groups feature didn't exist in SQL Server 2012 or 2014, availability groups that
 * were created with these versions can't participate in distributed availability groups."
 */
describe('the member groups’ versions when the distributed group is created (S43)', () => {
  const create = (ag1Version: SqlServerVersion, ag2Version: SqlServerVersion) => {
    const { dag, ag1, ag2 } = documentedConfigs(2019);
    const manual = {
      ...dag,
      members: dag.members.map((m) => ({ ...m, seedingMode: 'MANUAL' as const })),
    };
    const replicas = (c: typeof ag1) =>
      c.replicas.map((r) => ({ ...r, seedingMode: 'MANUAL' as const }));
    return createDistributedEither(
      manual,
      [
        { ...ag1, version: ag1Version, replicas: replicas(ag1) },
        { ...ag2, version: ag2Version, replicas: replicas(ag2) },
      ],
      { baseLsn: 0n },
    );
  };
  const codes = (e: ReturnType<typeof create>) => (E.isLeft(e) ? e.left.map((r) => r.code) : []);

  it('a global primary’s group newer than the forwarder’s is refused', () => {
    expect(codes(create(2022, 2019))).toEqual(['GLOBAL_PRIMARY_VERSION_NEWER']);
  });

  it('a group on SQL Server 2014 is refused as a member', () => {
    expect(codes(create(2014, 2019))).toContain('MEMBER_VERSION_BEFORE_DISTRIBUTED');
  });

  it('the same version, or a forwarder on a higher one (the migration of the page), is created', () => {
    expect(E.isRight(create(2019, 2019))).toBe(true);
    expect(E.isRight(create(2016, 2017))).toBe(true);
    expect(E.isRight(create(2019, 2022))).toBe(true);
  });
});

/**
 * S43, Migrate to higher SQL Server versions: "When you configure the distributed AG with a SQL
 * Server migration target that is a higher version than the source, autoseeding isn't supported
 * so the seeding mode must be set to MANUAL. You must then manually perform a full and transaction
 * log back up of the source database from the primary AG and then manually restore it". The Azure
 * migration guide ("Use distributed AG to migrate availability group", SQL Server on Azure VMs,
 * ms.date 12/15/2021) creates its group with SEEDING_MODE = AUTOMATIC and notes: "If your SQL
 * Server target is a higher version … join the secondary AG to the distributed ag with
 * SEEDING_MODE set to MANUAL. Then manually restore your databases".
 */
describe('automatic seeding to a forwarder on a higher version (S43)', () => {
  it('is refused, naming the manual seeding; the same versions seed as before', () => {
    const higher = driver(2019, 2022, 'unprepared');
    higher.commit(3);
    expect(higher.refuse({ type: 'distributed.seed' })).toEqual([
      'AUTOMATIC_SEEDING_TO_HIGHER_VERSION',
    ]);
    expect(higher.distributed.link.databases.db1?.phase).toBe('ABSENT');
    const same = driver(2022, 2022, 'unprepared');
    same.commit(3);
    same.do({ type: 'distributed.seed' });
    expect(same.distributed.link.databases.db1?.phase).toBe('JOINED');
  });
});
