import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { localFacts } from '../cluster/local-facts.js';
import { agService, primaryName } from '../cluster/select.js';
import { automaticReplica, Driver, loadExampleConfig } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import { healthSignalOutcome } from '../decide/health.js';
import type { Config } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';

/**
 * "Flexible Automatic Failover Policy - Availability Group" (S23), in its own words:
 * - "The WSFC failure threshold is defined as the maximum number of failures supported for the
 *   availability group during a given time period. The default time period is six hours, and the
 *   default value for the maximum number of failures during this period is n-1, where n is the
 *   number of WSFC nodes." "If an availability group exceeds its WSFC failure threshold, the WSFC
 *   cluster will not attempt an automatic failover for the availability group."
 * - Health-Check Timeout Threshold: "sp_server_diagnostics returns results at an interval that
 *   equals 1/3 of the health-check timeout threshold for the availability group. The default
 *   health-check timeout threshold is 30 seconds, which causes sp_server_diagnostics to return at a
 *   10-second interval."
 * - Failure-condition level Two: "The availability replica is in failed state."
 */

const base = loadExampleConfig('resync-three-replicas.json');
const group = (config: Config = base) => new Driver(config);

/** A level-3 condition on the primary: the cluster fails the group over (or leaves it failed). */
const failOnce = (ag: Driver) => {
  const from = primaryName(ag.cluster)!;
  ag.do({ type: 'health.signal', replica: from, condition: 'SYSTEM_ERROR' });
  return from;
};

describe('S23 the WSFC failure threshold', () => {
  it('fails over n − 1 = 2 times for three nodes in six hours, then leaves the group failed', () => {
    const ag = group();
    failOnce(ag);
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
    failOnce(ag);
    expect(primaryName(ag.cluster)).toBe('SQLNODE1');
    const third = ag.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'SYSTEM_ERROR' });
    expect(agService(ag.cluster)).toBe('FAILED');
    expect(third.observations).toContainEqual(
      expect.objectContaining({
        type: 'failover.notPossible',
        reasons: expect.arrayContaining([
          expect.objectContaining({ code: 'FAILURE_THRESHOLD_EXCEEDED' }),
        ]),
      }),
    );
  });

  it('counts against a configured FailoverThreshold instead', () => {
    const ag = group({ ...base, failoverThreshold: 1 });
    failOnce(ag);
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
    ag.do({ type: 'health.signal', replica: 'SQLNODE2', condition: 'SYSTEM_ERROR' });
    expect(agService(ag.cluster)).toBe('FAILED');
  });

  it('forgets failures older than a configured FailoverPeriod', () => {
    const ag = group({ ...base, failoverThreshold: 1, failoverPeriodHours: 1 });
    failOnce(ag);
    ag.do({ type: 'time.advance', ms: 60 * 60 * 1000 });
    failOnce(ag);
    expect(primaryName(ag.cluster)).toBe('SQLNODE1');
  });
});

describe('S23 detection: sp_server_diagnostics every HEALTH_CHECK_TIMEOUT / 3, in model time', () => {
  it('a critical server error is acted on at the next result: 10 s later with the 30 s default', () => {
    const ag = group();
    const before = ag.cluster.nowMs;
    const r = ag.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'SYSTEM_ERROR' });
    expect(ag.cluster.nowMs - before).toBe(10_000);
    expect(r.observations[0]).toMatchObject({
      type: 'note',
      reason: { code: 'DETECTED_BY_HEALTH_CHECK' },
    });
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
  });

  it('5 s with the 15 s minimum HEALTH_CHECK_TIMEOUT; the decision engine says so too', () => {
    const ag = group({ ...base, healthCheckTimeout: 15_000 });
    expect(healthSignalOutcome(ag.facts(), { condition: 'RESOURCE_ERROR' })).toMatchObject({
      triggersFailover: false,
    });
    expect(healthSignalOutcome(ag.facts(), { condition: 'SYSTEM_ERROR' })).toMatchObject({
      result: 'failover',
      detectionMs: 5_000,
    });
    const before = ag.cluster.nowMs;
    ag.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'SYSTEM_ERROR' });
    expect(ag.cluster.nowMs - before).toBe(5_000);
  });

  it('a stopped SQL Server service is acted on at once', () => {
    const ag = group();
    const before = ag.cluster.nowMs;
    ag.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'SERVICE_DOWN' });
    expect(ag.cluster.nowMs).toBe(before);
  });
});

describe('S23 level Two: "The availability replica is in failed state."', () => {
  it('fails over from FAILURE_CONDITION_LEVEL 2 up, not at level 1', () => {
    const atOne = group({ ...base, failureConditionLevel: 1 });
    const r = atOne.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'REPLICA_FAILED' });
    expect(primaryName(atOne.cluster)).toBe('SQLNODE1');
    expect(r.observations).toContainEqual(
      expect.objectContaining({
        reason: expect.objectContaining({ code: 'BELOW_FAILURE_CONDITION_LEVEL' }),
      }),
    );
    const atTwo = group({ ...base, failureConditionLevel: 2 });
    atTwo.do({ type: 'health.signal', replica: 'SQLNODE1', condition: 'REPLICA_FAILED' });
    expect(primaryName(atTwo.cluster)).toBe('SQLNODE2');
  });
});

describe('S2 Tracking Potential Data Loss: "When the WSFC cluster lacks quorum or quorum has been forced, last_commit_lsn and last_commit_time are NULL"', () => {
  it('NULL while quorum is lost or forced, back once it returns', () => {
    const ag = group();
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 4 });
    ag.sync('SQLNODE2');
    // On a secondary, the last commit record that was redone (S6).
    ag.do({ type: 'log.redo', replica: 'SQLNODE2' });
    expect(ag.row('SQLNODE2', 'SalesDB')?.lastCommitLsn).toBe(4n);
    ag.do({ type: 'quorum.lost' });
    expect(ag.facts().databaseReplicas.map((d) => d.lastCommitLsn)).toEqual([null, null, null]);
    ag.do({ type: 'quorum.force', replica: 'SQLNODE2' });
    expect(ag.row('SQLNODE2', 'SalesDB')?.lastCommitLsn).toBeNull();
    ag.do({ type: 'quorum.regained' });
    expect(ag.row('SQLNODE2', 'SalesDB')?.lastCommitLsn).toBe(4n);
  });
});

describe('each replica sees what a snapshot taken on it would show', () => {
  it('a secondary sees only its own rows, without operational_state for others (S7 is_local)', () => {
    const ag = group();
    const seen = localFacts(ag.cluster, 'SQLDR1')!;
    expect(seen.replicas.map((r) => r.name)).toEqual(['SQLDR1']);
    expect(seen.databaseReplicas.map((d) => d.replica)).toEqual(['SQLDR1']);
    expect(seen.logs).toBeUndefined();
    const onPrimary = localFacts(ag.cluster, 'SQLNODE1')!;
    expect(onPrimary.replicas.map((r) => [r.name, r.operationalState])).toEqual([
      ['SQLNODE1', 'ONLINE'],
      ['SQLNODE2', null],
      ['SQLDR1', null],
    ]);
  });

  it('without quorum is_failover_ready is what the cluster stored before: SQLNODE2 still shows it while NOT SYNCHRONIZING (WSFC Disaster Recovery through Forced Quorum: "is_failover_ready might not reflect the actual state")', () => {
    const ag = group();
    ag.do({ type: 'quorum.lost' });
    const seen = localFacts(ag.cluster, 'SQLNODE2')!;
    const row = seen.databaseReplicas[0]!;
    expect(row).toMatchObject({
      replica: 'SQLNODE2',
      synchronizationState: 'NOT SYNCHRONIZING',
      isFailoverReady: true,
      lastCommitLsn: null,
    });
    expect(seen.replicas[0]).toMatchObject({
      role: 'RESOLVING',
      operationalState: 'FAILED_NO_QUORUM',
    });
  });

  it('a stopped instance takes no snapshot', () => {
    const ag = group();
    ag.do({ type: 'replica.crash', replica: 'SQLDR1' });
    expect(localFacts(ag.cluster, 'SQLDR1')).toBeNull();
    expect(localFacts(ag.cluster, 'NOSUCH')).toBeNull();
  });
});

/*
 * dbi-services, "SQL Server 2016: availability groups and automatic failover enhancements": three
 * synchronous replicas with automatic failover; "I didn't see a configuration setting that
 * controls the 'failover priority order list' ... the failover order seems to be related to the
 * order of the preferred owner of the related availability group cluster role."
 */
describe('an automatic failover with two qualifying replicas', () => {
  const threeAutomatic = () => {
    const cfg = decodeConfig({
      name: 'AG2016',
      version: 2016,
      databases: ['db1'],
      replicas: ['SQL161', 'SQL162', 'SQL163'].map(automaticReplica),
    });
    if (E.isLeft(cfg)) throw new Error('bad config');
    return new Driver(cfg.right);
  };

  it('is no decision of the model: decide names both and what chooses between them', () => {
    const ag = threeAutomatic();
    const { failover } = decide(ag.facts());
    expect(failover.automaticTarget).toBeNull();
    expect(failover.automaticAmong).toEqual(['SQL162', 'SQL163']);
    expect(failover.automaticUndecided).toEqual([]);
    expect(healthSignalOutcome(ag.facts(), { condition: 'SYSTEM_ERROR' })).toMatchObject({
      result: 'failover',
      target: null,
      among: ['SQL162', 'SQL163'],
    });
    // With one of them down, the other is the answer.
    ag.do({ type: 'replica.crash', replica: 'SQL163' });
    expect(decide(ag.facts()).failover).toMatchObject({
      automaticTarget: 'SQL162',
      automaticAmong: [],
    });
  });

  it('takes the first in configuration order, and says another qualified and what orders them', () => {
    const ag = threeAutomatic();
    expect(ag.state('SQL163', 'db1')).toBe('SYNCHRONIZED');
    const r = ag.do({ type: 'replica.crash', replica: 'SQL161' });
    expect(primaryName(ag.cluster)).toBe('SQL162');
    const note = r.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'AUTOMATIC_CHOICE_AMONG_EQUALS',
    );
    expect(note?.type === 'note' && note.reason.message).toMatch(
      /^SQL163 qualified too: .*Get-ClusterOwnerNode/,
    );
  });

  it('under Pacemaker says Pacemaker chooses, not a WSFC role’s preferred owners', () => {
    // "Operate HA availability group on Linux" (S30): the cluster manager fails over; the
    // resource agent gives every synchronous-commit secondary the same promotion score (S53).
    const cfg = decodeConfig({
      name: 'ag1',
      version: 2019,
      clusterType: 'EXTERNAL',
      databases: ['db1'],
      replicas: ['node1', 'node2', 'node3'].map((name) => ({
        name,
        endpointUrl: `TCP://${name}:5022`,
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'EXTERNAL',
      })),
    });
    if (E.isLeft(cfg)) throw new Error('bad config');
    const r = new Driver(cfg.right).do({ type: 'replica.crash', replica: 'node1' });
    const note = r.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'AUTOMATIC_CHOICE_AMONG_EQUALS',
    );
    const message = note?.type === 'note' ? note.reason.message : '';
    expect(message).toMatch(/^node3 qualified too: Pacemaker chooses among them/);
    expect(message).not.toContain('Get-ClusterOwnerNode');
  });
});
