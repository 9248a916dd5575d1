import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import type { ClusterFacts } from '../model/facts.js';
import { synchronizationHealth } from './synchronization-health.js';

/**
 * "Availability modes (Always On availability groups)", section "Factors That Disrupt Data
 * Synchronization" (S1), statement by statement, through the cluster step: the health the DMVs
 * on the primary report at database, replica and group level.
 */

const group = () => new Driver(loadExampleConfig('resync-three-replicas.json'));
const replicaHealth = (ag: Driver, name: string) => ag.replica(name)?.synchronizationHealth;
const copyHealth = (ag: Driver, replica: string, db = 'SalesDB') =>
  ag.row(replica, db)?.synchronizationHealth;

describe('S1 Factors That Disrupt Data Synchronization', () => {
  it('"When every secondary database on a given secondary replica is synchronized, the synchronization-health state of the secondary replica as a whole is HEALTHY"', () => {
    const ag = group();
    expect(ag.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZED');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('HEALTHY');
    // The asynchronous DR replica's target state is SYNCHRONIZING (S7).
    expect(ag.state('SQLDR1', 'SalesDB')).toBe('SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLDR1')).toBe('HEALTHY');
    expect(ag.facts().synchronizationHealth).toBe('HEALTHY');
  });

  it('"You suspend a secondary database on the secondary replica … its synchronization-health state is marked as NOT_HEALTHY … cannot become healthy again until the suspended secondary database is either resumed and resynchronized"', () => {
    const ag = group();
    ag.do({ type: 'db.suspend', replica: 'SQLNODE2', database: 'SalesDB' });
    expect(copyHealth(ag, 'SQLNODE2')).toBe('NOT_HEALTHY');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('NOT_HEALTHY');
    // Commits while it is suspended leave it behind: a suspended copy is never HEALTHY.
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 3 });
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('NOT_HEALTHY');
    ag.do({ type: 'db.resume', replica: 'SQLNODE2', database: 'SalesDB' });
    expect(ag.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('PARTIALLY_HEALTHY');
    ag.sync('SQLNODE2');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('HEALTHY');
  });

  it('"You add a primary database the availability group. Previously synchronized secondary replicas enter the NOT_HEALTHY synchronization-health state … cannot be HEALTHY again until a corresponding secondary database has been prepared on the replica, has been joined"', () => {
    const ag = new Driver(loadExampleConfig('resync-three-replicas.json'), {
      catalog: { Orders: {} },
    });
    ag.do({
      type: 'db.backup',
      replica: 'SQLNODE1',
      database: 'Orders',
      backupType: 'FULL',
      file: 'orders.bak',
    });
    ag.do({ type: 'db.add', database: 'Orders' });
    for (const r of ['SQLNODE2', 'SQLDR1']) expect(replicaHealth(ag, r), r).toBe('NOT_HEALTHY');
    expect(replicaHealth(ag, 'SQLNODE1')).toBe('HEALTHY');
    expect(ag.facts().synchronizationHealth).toBe('PARTIALLY_HEALTHY');
    const why = synchronizationHealth(ag.facts()).replicas.find((r) => r.replica === 'SQLNODE2');
    expect(why?.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
    ag.do({ type: 'db.restore', replica: 'SQLNODE2', database: 'Orders', file: 'orders.bak' });
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('NOT_HEALTHY');
    ag.do({ type: 'db.join', replica: 'SQLNODE2', database: 'Orders' });
    ag.do({ type: 'db.commit', database: 'Orders' });
    ag.sync('SQLNODE2');
    expect(ag.state('SQLNODE2', 'Orders')).toBe('SYNCHRONIZED');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('HEALTHY');
    expect(replicaHealth(ag, 'SQLDR1')).toBe('NOT_HEALTHY');
  });

  it('"if only the primary replica is changed to asynchronous-commit mode, the synchronous-commit secondary replica will enter the PARTIALLY_HEALTHY synchronization-health state"', () => {
    const ag = group();
    // Automatic failover needs synchronous commit: the replica is set to manual failover first.
    ag.do({ type: 'replica.setFailoverMode', replica: 'SQLNODE1', mode: 'MANUAL' });
    ag.do({
      type: 'replica.setAvailabilityMode',
      replica: 'SQLNODE1',
      mode: 'ASYNCHRONOUS_COMMIT',
    });
    expect(ag.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('PARTIALLY_HEALTHY');
    // "none of the databases are in the NOT SYNCHRONIZING state"
    expect(copyHealth(ag, 'SQLNODE2')).toBe('PARTIALLY_HEALTHY');
  });

  it('"You change the primary replica or the secondary replica to asynchronous-commit availability mode … the secondary replica will remain in the HEALTHY synchronization-health state as long as data synchronization continues"', () => {
    const ag = group();
    ag.do({ type: 'replica.setFailoverMode', replica: 'SQLNODE2', mode: 'MANUAL' });
    ag.do({
      type: 'replica.setAvailabilityMode',
      replica: 'SQLNODE2',
      mode: 'ASYNCHRONOUS_COMMIT',
    });
    expect(ag.state('SQLNODE2', 'SalesDB')).toBe('SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('HEALTHY');
  });

  it('"You change any secondary replica to synchronous-commit availability mode. This causes that secondary replica to be marked as in the PARTIALLY_HEALTHY synchronization-health state until all of its databases are in the SYNCHRONIZED synchronization state"', () => {
    const ag = group();
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 5 });
    ag.do({ type: 'replica.setAvailabilityMode', replica: 'SQLDR1', mode: 'SYNCHRONOUS_COMMIT' });
    expect(ag.state('SQLDR1', 'SalesDB')).toBe('SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLDR1')).toBe('PARTIALLY_HEALTHY');
    ag.sync('SQLDR1');
    expect(ag.state('SQLDR1', 'SalesDB')).toBe('SYNCHRONIZED');
    expect(replicaHealth(ag, 'SQLDR1')).toBe('HEALTHY');
  });

  it('"A network or computer delay or glitch causes the session … to timeout": the primary marks the copies NOT SYNCHRONIZING and the replica NOT_HEALTHY', () => {
    const ag = group();
    ag.do({ type: 'replica.disconnect', replica: 'SQLNODE2' });
    ag.do({ type: 'time.advance', ms: 10_000 });
    expect(ag.state('SQLNODE2', 'SalesDB')).toBe('NOT SYNCHRONIZING');
    expect(replicaHealth(ag, 'SQLNODE2')).toBe('NOT_HEALTHY');
    expect(ag.facts().synchronizationHealth).toBe('PARTIALLY_HEALTHY');
  });
});

describe('decide answers synchronization health with its reasons, or unknown with what would settle it', () => {
  it('gives the rules reasons for each replica of a simulated group', () => {
    const ag = group();
    ag.do({ type: 'db.suspend', replica: 'SQLNODE2', database: 'SalesDB' });
    const health = decide(ag.facts()).synchronizationHealth;
    expect(health.group.health).toBe('PARTIALLY_HEALTHY');
    const node2 = health.replicas.find((r) => r.replica === 'SQLNODE2')!;
    expect(node2.health).toBe('NOT_HEALTHY');
    expect(node2.reasons[0]?.code).toBe('DATABASE_SUSPENDED');
    expect(node2.reasons[0]?.rule.document).toBe(
      'Availability modes (Always On availability groups)',
    );
  });

  it('a snapshot without a row for a copy leaves that replica unknown, naming the column', () => {
    const ag = group();
    const full = ag.facts();
    const partial: ClusterFacts = {
      config: full.config,
      quorum: full.quorum,
      primary: full.primary,
      replicas: full.replicas.map(({ synchronizationHealth: _h, ...r }) => r),
      databaseReplicas: full.databaseReplicas
        .filter((d) => d.replica !== 'SQLDR1')
        .map(({ synchronizationHealth: _h, ...d }) => d),
    };
    const report = synchronizationHealth(partial);
    const dr = report.replicas.find((r) => r.replica === 'SQLDR1')!;
    expect(dr.health).toBeNull();
    expect(dr.reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.synchronization_health_desc',
    ]);
    expect(report.group.health).toBeNull();
    expect(report.replicas.find((r) => r.replica === 'SQLNODE2')?.health).toBe('HEALTHY');
  });

  it('a value the DMV reports wins, and the rules answer stays beside it as a note', () => {
    const ag = group();
    const full = ag.facts();
    const reported: ClusterFacts = {
      ...full,
      replicas: full.replicas.map((r) =>
        r.name === 'SQLNODE2' ? { ...r, synchronizationHealth: 'PARTIALLY_HEALTHY' as const } : r,
      ),
    };
    const node2 = synchronizationHealth(reported).replicas.find((r) => r.replica === 'SQLNODE2')!;
    expect(node2.health).toBe('PARTIALLY_HEALTHY');
    expect(node2.reasons.map((r) => r.code).slice(0, 2)).toEqual([
      'HEALTH_REPORTED',
      'HEALTH_RULES_DIFFER',
    ]);
  });
});
