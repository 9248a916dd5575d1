import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import type { SqlServerVersion } from '../model/enums.js';
import { createDistributedEither } from './build.js';
import { decideDistributed } from './decide.js';
import { distributedFactsOf } from './facts.js';
import { decideMember } from './facts-member.js';
import { memberNamed } from './select.js';
import { DistributedDriver, documentedConfigs } from './test-support.js';

/**
 * The secondary group on a higher version than the global primary's, before the failover of a
 * migration. "Distributed availability groups" (S43, revision ms.date 09/15/2022), Migrate to
 * higher SQL Server versions: "You won't have read access to any of the replica databases on the
 * secondary AG as long as the primary AG is at a lower version. During this time, updates will
 * continue to flow from the Primary AG (AG1) to the Secondary AG (AG2), but the status of the
 * secondary AG will show as Partially Healthy, and databases on secondary replicas of the
 * Secondary AG (AG2) will show as Synchronizing/In Recovery (even if the AG is in sync commit).
 * Once the distributed AG is failed over to the higher version (AG2), AG2 should become Healthy."
 */

const driver = (ag1Version: SqlServerVersion, ag2Version: SqlServerVersion) => {
  const { dag, ag1, ag2 } = documentedConfigs(ag1Version);
  const d = createDistributedEither(dag, [ag1, { ...ag2, version: ag2Version }], { baseLsn: 0n });
  if (E.isLeft(d)) throw new Error(d.left.map((r) => r.message).join('; '));
  const box = new DistributedDriver(ag1Version);
  box.distributed = d.right;
  return box;
};

/** A commit on the global primary carried to server4, the forwarder's synchronous secondary. */
const flowToServer4 = (d: DistributedDriver) => {
  d.commit(5);
  d.shipAcross();
  for (const type of ['log.ship', 'log.harden', 'log.redo'] as const)
    d.member('ag2', { type, replica: 'server4' });
};

const server4 = (d: DistributedDriver) =>
  clusterFacts(memberNamed(d.distributed, 'ag2')!.cluster).databaseReplicas.find(
    (r) => r.replica === 'server4' && r.database === 'db1',
  );

const ag2Decisions = (d: DistributedDriver) =>
  decideDistributed(d.distributed).members.find((m) => m.member === 'ag2')!.decisions;

describe('the secondary group on a higher version than the global primary (S43)', () => {
  it('receives the log, but its synchronous secondary stays SYNCHRONIZING and In Recovery', () => {
    const d = driver(2019, 2022);
    flowToServer4(d);
    expect(server4(d)).toMatchObject({
      synchronizationState: 'SYNCHRONIZING',
      databaseState: 'RECOVERING',
      lastHardenedLsn: 5n,
      lastRedoneLsn: 5n,
      isFailoverReady: false,
    });
    const own = ag2Decisions(d);
    expect(own.synchronizationHealth.group.health).toBe('PARTIALLY_HEALTHY');
    // Not SYNCHRONIZED, so no planned failover inside the group.
    const planned = own.failover.targets.find((t) => t.replica === 'server4')?.planned;
    expect(planned?.allowed).toBe(false);
  });

  it('is read by no one, its primary the forwarder included, with every reason', () => {
    const d = driver(2019, 2022);
    flowToServer4(d);
    const routing = ag2Decisions(d).routing.readOnly;
    expect(routing.outcome).toBe('refused');
    expect(routing.reasons.map((r) => r.code)).toContain('SECONDARY_GROUP_HIGHER_VERSION');
    expect(
      routing.reasons.find((r) => r.code === 'SECONDARY_GROUP_HIGHER_VERSION')?.message,
    ).toContain('receives its log from SQL Server 2019');
  });

  it('becomes healthy once the distributed group fails over to it', () => {
    const d = driver(2019, 2022);
    flowToServer4(d);
    for (const member of ['ag1', 'ag2'])
      d.do({ type: 'distributed.setAvailabilityMode', member, mode: 'SYNCHRONOUS_COMMIT' });
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(server4(d)).toMatchObject({
      synchronizationState: 'SYNCHRONIZED',
      databaseState: 'ONLINE',
    });
    expect(ag2Decisions(d).synchronizationHealth.group.health).toBe('HEALTHY');
  });

  it('the same versions synchronize and read as before', () => {
    const d = driver(2022, 2022);
    flowToServer4(d);
    expect(server4(d)).toMatchObject({
      synchronizationState: 'SYNCHRONIZED',
      databaseState: 'ONLINE',
    });
    const routing = ag2Decisions(d).routing.readOnly;
    expect(routing.reasons.map((r) => r.code)).not.toContain('SECONDARY_GROUP_HIGHER_VERSION');
  });

  it('decided from both sides’ snapshots, the member is refused the reads as simulated', () => {
    const d = driver(2019, 2022);
    flowToServer4(d);
    const ag2 = memberNamed(d.distributed, 'ag2')!.cluster;
    const both = decideMember(clusterFacts(ag2), [distributedFactsOf(d.distributed)]);
    expect(both.routing.readOnly).toEqual(ag2Decisions(d).routing.readOnly);
  });
});
