import { describe, expect, it } from 'vitest';
import type { Observation } from '../cluster/observation.js';
import { agService, localReplicaState, primaryName } from '../cluster/select.js';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { Config } from '../model/config.js';

/**
 * The local replica states the SQL Server error log reports, as the published sources show them:
 * - KB2833707 "Troubleshooting automatic failover problems in SQL Server 2012 AlwaysOn
 *   environments": on a successful automatic failover the secondary "transitions to the resolving
 *   role and then to the primary role", logging "The state of the local availability replica in
 *   availability group '<Group name>' has changed from 'RESOLVING_NORMAL' to 'PRIMARY_PENDING'" and
 *   then "from 'PRIMARY_PENDING' to 'PRIMARY_NORMAL'"; when it is not successful "the availability
 *   replica will report that this replica is in Resolving status. Additionally, the availability
 *   databases report that they are in Not Synchronizing state".
 * - "Always On extended events", availability_replica_state_change: previous_state and
 *   current_state are Primary_Normal, Secondary_Normal, Resolving_Pending_Failover,
 *   Resolving_Normal, Primary_Pending, Not_Available.
 * - "Availability group database level health detection failover option" (S28): a database that
 *   leaves ONLINE logs error 41653 and the replica goes from PRIMARY_NORMAL to RESOLVING_NORMAL.
 * - sys.dm_hadr_availability_replica_states (S7), Roles and Operational States.
 */

const base = loadExampleConfig('resync-three-replicas.json');
const group = (config: Config = base) => new Driver(config);

const changes = (observations: readonly Observation[], server?: string) =>
  observations.flatMap((o) =>
    o.type === 'replica.stateChanged' && (server === undefined || o.server === server)
      ? [`${o.server} ${o.from} -> ${o.to} at ${o.atMs}`]
      : [],
  );

describe('KB2833707: a failover passes through the documented states, in order, in model time', () => {
  it('automatic failover: the target resolves, then becomes PRIMARY_PENDING, then PRIMARY_NORMAL', () => {
    const ag = group();
    ag.do({ type: 'time.advance', ms: 5_000 });
    const r = ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    // No failover command runs, so no RESOLVING_PENDING_FAILOVER (S7, S246).
    expect(changes(r.observations)).toEqual([
      'SQLNODE2 SECONDARY_NORMAL -> RESOLVING_NORMAL at 5000',
      'SQLNODE2 RESOLVING_NORMAL -> PRIMARY_PENDING at 5000',
      'SQLNODE2 PRIMARY_PENDING -> PRIMARY_NORMAL at 5000',
    ]);
    // A stopped instance writes nothing; its restart shows where it was.
    ag.do({ type: 'time.advance', ms: 1_000 });
    const back = ag.do({ type: 'replica.restart', replica: 'SQLNODE1' });
    expect(changes(back.observations)).toEqual([
      'SQLNODE1 NOT_AVAILABLE -> RESOLVING_NORMAL at 6000',
      'SQLNODE1 RESOLVING_NORMAL -> SECONDARY_NORMAL at 6000',
    ]);
  });

  it('planned failover: the old primary gives up its role (PRIMARY_NORMAL to RESOLVING_NORMAL) before the target takes it, then becomes a secondary', () => {
    const ag = group();
    const r = ag.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(changes(r.observations)).toEqual([
      'SQLNODE2 SECONDARY_NORMAL -> RESOLVING_PENDING_FAILOVER at 0',
      'SQLNODE1 PRIMARY_NORMAL -> RESOLVING_NORMAL at 0',
      'SQLNODE2 RESOLVING_PENDING_FAILOVER -> RESOLVING_NORMAL at 0',
      'SQLNODE2 RESOLVING_NORMAL -> PRIMARY_PENDING at 0',
      'SQLNODE2 PRIMARY_PENDING -> PRIMARY_NORMAL at 0',
      'SQLNODE1 RESOLVING_NORMAL -> SECONDARY_NORMAL at 0',
    ]);
  });

  it('operational_state follows the role (S7): ONLINE, OFFLINE while RESOLVING without a primary, FAILED_NO_QUORUM without quorum', () => {
    const ag = group();
    expect(ag.replica('SQLNODE2')?.operationalState).toBe('ONLINE');
    ag.do({ type: 'quorum.lost' });
    expect(ag.replica('SQLNODE2')).toMatchObject({
      role: 'RESOLVING',
      operationalState: 'FAILED_NO_QUORUM',
    });
    expect(localReplicaState(ag.cluster.replicas[1]!)).toBe('RESOLVING_NORMAL');
  });
});

describe('after the failure threshold is exceeded, the old primary reports what SQL Server reports', () => {
  it('RESOLVING, DISCONNECTED, its databases NOT SYNCHRONIZING and NOT_HEALTHY (KB2833707, S23 "remains in a failed state")', () => {
    const ag = group({ ...base, failoverThreshold: 0 });
    const r = ag.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'SYSTEM_ERROR' });
    expect(agService(ag.cluster)).toBe('FAILED');
    expect(changes(r.observations, 'SQLNODE1')).toEqual([
      'SQLNODE1 PRIMARY_NORMAL -> RESOLVING_NORMAL at 10000',
    ]);
    expect(ag.replica('SQLNODE1')).toMatchObject({
      role: 'RESOLVING',
      connectedState: 'DISCONNECTED',
      operationalState: 'OFFLINE',
      synchronizationHealth: 'NOT_HEALTHY',
    });
    for (const replica of ['SQLNODE1', 'SQLNODE2', 'SQLDR1'])
      expect(ag.state(replica, 'SalesDB'), replica).toBe('NOT SYNCHRONIZING');
    expect(ag.facts().synchronizationHealth).toBe('NOT_HEALTHY');
  });
});

describe('S28 a database leaves ONLINE under DB_FAILOVER = ON', () => {
  it('logs error 41653, the old primary goes PRIMARY_NORMAL to RESOLVING_NORMAL, and its copy stays out of ONLINE and NOT SYNCHRONIZING', () => {
    const ag = group({ ...base, dbFailover: 'ON' });
    const r = ag.do({
      type: 'health.signal',
      replica: 'SQLNODE1',
      condition: 'DATABASE_NOT_ONLINE',
      database: 'SalesDB',
    });
    expect(r.observations[0]).toMatchObject({ type: 'errorlog', server: 'SQLNODE1' });
    expect(r.observations[0]?.type === 'errorlog' && r.observations[0].message).toContain('41653');
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
    expect(changes(r.observations, 'SQLNODE1')).toEqual([
      'SQLNODE1 PRIMARY_NORMAL -> RESOLVING_NORMAL at 0',
      'SQLNODE1 RESOLVING_NORMAL -> SECONDARY_NORMAL at 0',
    ]);
    expect(ag.row('SQLNODE1', 'SalesDB')).toMatchObject({
      databaseState: 'RECOVERY_PENDING',
      synchronizationState: 'NOT SYNCHRONIZING',
      synchronizationHealth: 'NOT_HEALTHY',
    });
    // S7 recovery_health: "At least one joined database has a database state other than ONLINE".
    expect(ag.replica('SQLNODE1')?.recoveryHealth).toBe('ONLINE_IN_PROGRESS');
    ag.do({ type: 'db.commit', database: 'SalesDB' });
    expect(ag.state('SQLNODE1', 'SalesDB')).toBe('NOT SYNCHRONIZING');
    // Once its instance restarts, the database is back and resynchronizes.
    ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    ag.do({ type: 'replica.restart', replica: 'SQLNODE1' });
    expect(ag.row('SQLNODE1', 'SalesDB')?.databaseState).toBe('ONLINE');
    expect(ag.replica('SQLNODE1')?.recoveryHealth).toBe('ONLINE');
    expect(ag.state('SQLNODE1', 'SalesDB')).toBe('SYNCHRONIZING');
  });
});
