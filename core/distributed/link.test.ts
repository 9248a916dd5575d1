import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createDistributedEither } from './build.js';
import { DistributedEvent } from './events.js';
import { forwarder, globalPrimary, linkSynchronizationState, writableMembers } from './select.js';
import { DistributedDriver, documentedConfigs } from './test-support.js';

/**
 * The roles and the link of a distributed availability group, as "Distributed availability
 * groups" (S43, learn.microsoft.com/sql/database-engine/availability-groups/windows/
 * distributed-availability-groups) describes them: "only one copy of the databases … can accept
 * inserts, updates, and deletions"; the forwarder "receives transactions from the primary replica
 * in the primary availability group and forwards them to the secondary replicas in its own
 * availability group"; "only manual failover is supported".
 */

const commitOn = (member: string) =>
  ({ type: 'distributed.member', member, event: { type: 'db.commit', database: 'db1' } }) as const;

describe('one writable copy: the forwarder takes no writes (S43)', () => {
  it('refuses a commit or an open transaction on the secondary group', () => {
    const d = new DistributedDriver();
    expect(d.refuse(commitOn('ag2'))).toEqual(['FORWARDER_READ_ONLY']);
    expect(
      d.refuse({
        type: 'distributed.member',
        member: 'ag2',
        event: { type: 'db.begin', database: 'db1' },
      }),
    ).toEqual(['FORWARDER_READ_ONLY']);
    expect(writableMembers(d.distributed)).toEqual(['ag1']);
    expect(
      d.refuse({
        type: 'distributed.member',
        member: 'ag3',
        event: { type: 'db.commit', database: 'db1' },
      }),
    ).toEqual(['UNKNOWN_MEMBER']);
  });

  it('forwards the global primary log to the secondaries of its own group', () => {
    const d = new DistributedDriver();
    d.commit(4);
    d.shipAcross();
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    const server4 = d.distributed.members[1].cluster.replicas.find((r) => r.name === 'server4');
    expect(server4?.databases.db1?.hardened.lsn).toBe(4n);
  });
});

describe('failures inside a member group fail over inside it; the link follows (S43)', () => {
  it('the global primary crashes: ag1 fails over to server2 automatically, which sends the log from then on', () => {
    const d = new DistributedDriver();
    d.commit(2);
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    const r = d.member('ag1', { type: 'replica.crash', replica: 'server1' });
    expect(globalPrimary(d.distributed)).toBe('server2');
    expect(r.observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({ code: 'LINK_FOLLOWS_GLOBAL_PRIMARY' }),
      }),
    );
    d.shipAcross();
    expect(d.distributed.link.databases.db1?.hardened).toBe(2n);
    expect(d.distributed.members[1].role).toBe('SECONDARY');
  });

  it('a failover inside ag1 to a replica behind the forwarder: the forwarder group gives up what the new global primary never had', () => {
    const d = new DistributedDriver();
    d.commit(5); // waits for server2, which has none of it
    d.shipAcross(); // the asynchronous forwarder has all five
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    d.member('ag1', { type: 'replica.crash', replica: 'server1' });
    expect(globalPrimary(d.distributed)).toBe('server2');
    const ag2 = d.distributed.members[1].cluster;
    expect(d.distributed.link.databases.db1).toMatchObject({ received: 0n, hardened: 0n });
    expect(ag2.replicas.map((r) => r.databases.db1?.hardened.lsn)).toEqual([0n, 0n]);
    expect(d.log().acknowledged).toEqual([]); // never acknowledged: nothing was lost
    expect(d.log().lost).toEqual([]);
  });

  it('the forwarder crashes: no log crosses until ag2 has a primary again, then server4 forwards', () => {
    const d = new DistributedDriver();
    d.commit(3);
    d.member('ag2', { type: 'replica.crash', replica: 'server3' });
    expect(forwarder(d.distributed)).toBeNull();
    expect(d.refuse({ type: 'distributed.ship' })).toEqual(['NO_FORWARDER']);
    d.member('ag2', { type: 'ag.forceFailover', target: 'server4' });
    expect(forwarder(d.distributed)).toBe('server4');
    d.shipAcross();
    expect(d.distributed.link.databases.db1?.hardened).toBe(3n);
  });

  it('no automatic failover between the groups: with ag1 down, ag2 stays SECONDARY until a DBA forces it', () => {
    const d = new DistributedDriver();
    d.commit(5);
    d.member('ag1', { type: 'replica.crash', replica: 'server2' });
    d.member('ag1', { type: 'replica.crash', replica: 'server1' });
    expect(globalPrimary(d.distributed)).toBeNull();
    expect(d.distributed.members[1].role).toBe('SECONDARY');
    expect(writableMembers(d.distributed)).toEqual([]);
    // Disaster recovery: the forwarder had none of the five acknowledged commits.
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(globalPrimary(d.distributed)).toBe('server3');
    // ag1 was never demoted: back up, it takes writes too, until SET (ROLE = SECONDARY) there.
    d.member('ag1', { type: 'replica.restart', replica: 'server1' });
    expect(writableMembers(d.distributed)).toEqual(['ag1', 'ag2']);
    expect(globalPrimary(d.distributed)).toBeNull();
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(d.log().lost).toEqual([{ member: 'ag1', fromLsn: 0n, toLsn: 5n }]);
    expect(forwarder(d.distributed)).toBe('server1');
    expect(globalPrimary(d.distributed)).toBe('server3');
  });
});

describe('the link (S43, S58)', () => {
  it('SYNCHRONIZED only with SYNCHRONOUS_COMMIT on both sides, NOT SYNCHRONIZING while disconnected', () => {
    const d = new DistributedDriver();
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZING');
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
    d.do({ type: 'distributed.disconnect' });
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('NOT SYNCHRONIZING');
    // The global primary no longer waits for an unreachable forwarder.
    d.commit(1);
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    expect(d.log().acknowledged).toEqual([{ member: 'ag1', fromLsn: 0n, toLsn: 1n }]);
    expect(d.refuse({ type: 'distributed.ship' })).toEqual(['LINK_DISCONNECTED']);
    d.do({ type: 'distributed.reconnect' });
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZING');
    d.shipAcross();
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
  });

  it('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT on a distributed group: SQL Server 2022 and later (S3)', () => {
    const old = new DistributedDriver(2019);
    expect(old.refuse({ type: 'distributed.setRequiredSecondaries', value: 1 })).toEqual([
      'FEATURE_NOT_IN_VERSION',
    ]);
    const d = new DistributedDriver(2022);
    expect(d.refuse({ type: 'distributed.setRequiredSecondaries', value: 2 })).toEqual([
      'REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE',
    ]);
    d.do({ type: 'distributed.setRequiredSecondaries', value: 1 });
    // Asynchronous link: the forwarder is never SYNCHRONIZED, so commits fail.
    expect(d.refuse(commitOn('ag1'))).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
    d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
    d.commit(1);
    expect(d.log().acknowledged).toEqual([]);
  });

  it('decodes its events, member events included, with the cluster event vocabulary', () => {
    const ok = DistributedEvent.decode({
      type: 'distributed.member',
      member: 'ag1',
      event: { type: 'db.commit', database: 'db1', count: 2 },
    });
    expect(E.isRight(ok)).toBe(true);
    expect(
      E.isLeft(
        DistributedEvent.decode({
          type: 'distributed.member',
          member: 'ag1',
          event: { type: 'db.nope' },
        }),
      ),
    ).toBe(true);
    expect(
      E.isLeft(
        DistributedEvent.decode({ type: 'distributed.failover', member: 'ag2', form: 'PLANNED' }),
      ),
    ).toBe(true);
  });
});

describe('createDistributedEither', () => {
  it('needs the configuration of both member groups, holding the same databases', () => {
    const { dag, ag1, ag2 } = documentedConfigs();
    const missing = createDistributedEither(dag, [ag1]);
    expect(E.isLeft(missing) && missing.left.map((r) => r.code)).toEqual([
      'MEMBER_CONFIGURATION_MISSING',
    ]);
    const differ = createDistributedEither(dag, [ag1, { ...ag2, databases: ['db2'] }]);
    expect(E.isLeft(differ) && differ.left.map((r) => r.code)).toEqual(['MEMBER_DATABASES_DIFFER']);
    const notDistributed = createDistributedEither(ag1, [ag1, ag2]);
    expect(E.isLeft(notDistributed) && notDistributed.left.map((r) => r.code)).toContain(
      'NOT_DISTRIBUTED',
    );
  });
});

describe('createDistributedEither: LISTENER_URL (S3 "This isn\'t the port of the listener")', () => {
  it('refuses a member reached at its listener port where its endpoints are on another', () => {
    const { dag, ag1, ag2 } = documentedConfigs();
    const listener = {
      name: 'ag2-listener',
      port: 60173,
      dhcp: false,
      addresses: [{ address: '10.2.0.10', subnetMask: '255.255.255.0' }],
    };
    const atListener = {
      ...dag,
      members: dag.members.map((m) =>
        m.name === 'ag2' ? { ...m, listenerUrl: 'tcp://ag2-listener.contoso.com:60173' } : m,
      ),
    };
    const refused = createDistributedEither(atListener, [ag1, { ...ag2, listener }]);
    expect(E.isLeft(refused) && refused.left.map((r) => r.code)).toEqual([
      'LISTENER_URL_IS_LISTENER_PORT',
    ]);
    // The documented LISTENER_URL, port 5022, with the same listener.
    expect(E.isRight(createDistributedEither(dag, [ag1, { ...ag2, listener }]))).toBe(true);
    // A port that is neither may be a load balancer's: not judged.
    const other = {
      ...atListener,
      members: atListener.members.map((m) =>
        m.name === 'ag2' ? { ...m, listenerUrl: 'tcp://ag2-lb.contoso.com:6000' } : m,
      ),
    };
    expect(E.isRight(createDistributedEither(other, [ag1, { ...ag2, listener }]))).toBe(true);
  });
});

describe('createDistributedEither: member endpoints (S58 "must use the same database mirroring endpoint")', () => {
  it('refuses a member whose replicas have their endpoints at different ports', () => {
    const { dag, ag1, ag2 } = documentedConfigs();
    const moved = {
      ...ag2,
      replicas: ag2.replicas.map((r) =>
        r.name === 'server4' ? { ...r, endpointUrl: 'TCP://server4.contoso.com:5023' } : r,
      ),
    };
    const refused = createDistributedEither(dag, [ag1, moved]);
    expect(E.isLeft(refused) && refused.left.map((r) => r.code)).toEqual([
      'MEMBER_ENDPOINT_PORTS_DIFFER',
    ]);
    // One port on every replica, as the page's groups have.
    expect(E.isRight(createDistributedEither(dag, [ag1, ag2]))).toBe(true);
  });
});

describe('createDistributedEither: member kinds (S41 "can not be part of a distributed availability group")', () => {
  it('refuses a basic group as either member, and takes the documented advanced ones', () => {
    const { dag, ag1, ag2 } = documentedConfigs();
    const basic = { ...ag1, kind: 'BASIC' as const, databases: ['db1'] };
    const refused = createDistributedEither(dag, [basic, ag2]);
    expect(E.isLeft(refused) && refused.left.map((r) => r.code)).toEqual([
      'BASIC_GROUP_IN_DISTRIBUTED',
    ]);
    expect(E.isRight(createDistributedEither(dag, [ag1, ag2]))).toBe(true);
  });
});

describe('createDistributedEither: contained members (S42, "Not supported" in 2022; 2025 introduces it)', () => {
  it('refuses a contained group as a member before SQL Server 2025, and takes it in 2025', () => {
    const { dag, ag1, ag2 } = documentedConfigs();
    const contained = (c: typeof ag1, version: 2022 | 2025) => ({
      ...c,
      version,
      kind: 'CONTAINED' as const,
      contained: { reuseSystemDatabases: false, autoseedingSystemDatabases: c === ag2 },
    });
    const refused = createDistributedEither({ ...dag, version: 2022 }, [
      contained(ag1, 2022),
      { ...ag2, version: 2022 },
    ]);
    expect(E.isLeft(refused) && refused.left.map((r) => r.code)).toEqual([
      'CONTAINED_GROUP_IN_DISTRIBUTED',
    ]);
    const taken = createDistributedEither({ ...dag, version: 2025 }, [
      contained(ag1, 2025),
      contained(ag2, 2025),
    ]);
    expect(E.isRight(taken)).toBe(true);
  });
});
