import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { primaryName } from '../cluster/select.js';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import type { Config } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';

/**
 * A database on the primary leaves ONLINE and nothing fails the group over. The group has
 * SQL19AGN1 and SQL19AGN2, as in SupportArticles "Troubleshoot Always On Availability Groups
 * failover" (endpoint URLs and the database name invented), with DB_FAILOVER = OFF. Sources:
 * - "Flexible automatic failover policy" (S23): "Damaged databases and suspect databases are not
 *   detected by any failure-condition level" — no failover.
 * - KB2857849 "Troubleshoot Always On availability databases in Recovery Pending or Suspect state":
 *   on the primary the database reads "NOT_HEALTHY  NOT SYNCHRONIZING  RECOVERY_PENDING", and "you
 *   can't access the database through the client applications".
 * - S28's error log: "Always On Availability Groups connection with secondary database terminated
 *   for primary database 'AutoHa-Sample'".
 */
const decoded = decodeConfig({
  name: 'ag',
  version: 2019,
  failureConditionLevel: 3,
  healthCheckTimeout: 30000,
  dbFailover: 'OFF',
  databases: ['agdb'],
  replicas: ['SQL19AGN1', 'SQL19AGN2'].map((name) => ({
    name,
    endpointUrl: `TCP://${name.toLowerCase()}.csssql.local:5022`,
    availabilityMode: 'SYNCHRONOUS_COMMIT',
    failoverMode: 'AUTOMATIC',
  })),
});
if (E.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left));
const off: Config = decoded.right;

const leaveOnline = {
  type: 'health.signal',
  replica: 'SQL19AGN1',
  condition: 'DATABASE_NOT_ONLINE',
  database: 'agdb',
} as const;

describe('a database leaves ONLINE on the primary under DB_FAILOVER = OFF', () => {
  it('stays with the primary, RECOVERY_PENDING, NOT SYNCHRONIZING and NOT_HEALTHY there (KB2857849)', () => {
    const ag = new Driver(off);
    const r = ag.do(leaveOnline);
    expect(r.observations.map((o) => (o.type === 'note' ? o.reason.code : o.type))).toEqual([
      'DB_FAILOVER_OFF',
      'DATABASE_OUT_OF_SERVICE',
    ]);
    expect(primaryName(ag.cluster)).toBe('SQL19AGN1');
    expect(ag.row('SQL19AGN1', 'agdb')).toMatchObject({
      databaseState: 'RECOVERY_PENDING',
      synchronizationState: 'NOT SYNCHRONIZING',
      synchronizationHealth: 'NOT_HEALTHY',
    });
    expect(ag.replica('SQL19AGN1')?.recoveryHealth).toBe('ONLINE_IN_PROGRESS');
    // The session of the secondary database ends with the primary database's (S28 error log).
    expect(ag.state('SQL19AGN2', 'agdb')).toBe('NOT SYNCHRONIZING');
  });

  it('refuses commits and moves no log; decide says the same', () => {
    const ag = new Driver(off);
    ag.do(leaveOnline);
    expect(ag.refuse({ type: 'db.commit', database: 'agdb' })).toEqual([
      'DATABASE_NOT_ONLINE_ON_PRIMARY',
    ]);
    expect(ag.refuse({ type: 'log.ship', replica: 'SQL19AGN2' })).toEqual(['NO_DATA_MOVEMENT']);
    const commit = decide(ag.facts()).commit[0]!;
    expect(commit.acknowledgement).toBe('refused');
    expect(commit.reasons.map((x) => x.code)).toContain('DATABASE_NOT_ONLINE_ON_PRIMARY');
  });

  it('decide says it fails nothing over, and says nothing of it while ONLINE', () => {
    const ag = new Driver(off);
    expect(decide(ag.facts()).health.databaseFailover).toEqual([]);
    ag.do(leaveOnline);
    expect(decide(ag.facts()).health.databaseFailover).toEqual([
      expect.objectContaining({ databaseState: 'RECOVERY_PENDING', result: 'none' }),
    ]);
  });

  it('abandons the commit that waited for the secondary: its client loses the database', () => {
    const ag = new Driver(off);
    ag.do({ type: 'db.commit', database: 'agdb' });
    const r = ag.do(leaveOnline);
    expect(r.observations.filter((o) => o.type === 'commit.abandoned')).toHaveLength(1);
  });

  it('leaves ONLINE once: a second signal for the same database is refused', () => {
    const ag = new Driver(off);
    ag.do(leaveOnline);
    expect(ag.refuse(leaveOnline)).toEqual(['DATABASE_ALREADY_NOT_ONLINE']);
  });

  it('comes back ONLINE when the instance restarts, and synchronizes again', () => {
    const ag = new Driver(off);
    ag.do(leaveOnline);
    ag.do({ type: 'replica.crash', replica: 'SQL19AGN1' });
    ag.do({ type: 'replica.restart', replica: 'SQL19AGN1' });
    expect(primaryName(ag.cluster)).toBe('SQL19AGN1');
    expect(ag.row('SQL19AGN1', 'agdb')?.databaseState).toBe('ONLINE');
    ag.do({ type: 'db.commit', database: 'agdb' });
    ag.sync('SQL19AGN2');
    expect(ag.state('SQL19AGN2', 'agdb')).toBe('SYNCHRONIZED');
  });
});

describe('the same without DB_FAILOVER to turn on', () => {
  it('SQL Server 2014: no failure-condition level detects it, so no failover', () => {
    const ag = new Driver({ ...loadExampleConfig('resync-three-replicas.json'), version: 2014 });
    const r = ag.do({ ...leaveOnline, replica: 'SQLNODE1', database: 'SalesDB' });
    expect(r.observations[0]).toMatchObject({
      type: 'note',
      reason: { code: 'DATABASE_HEALTH_NOT_DETECTED' },
    });
    expect(primaryName(ag.cluster)).toBe('SQLNODE1');
    expect(ag.row('SQLNODE1', 'SalesDB')?.databaseState).toBe('RECOVERY_PENDING');
  });
});
