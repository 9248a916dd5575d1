import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { automaticReplica } from '../cluster/test-support.js';
import type { ConfigInput } from '../model/config.js';
import { decodeConfig } from '../model/decode.js';
import { explainConfig } from './explain.js';

const pair = (extra: Partial<ConfigInput> = {}) => {
  const decoded = decodeConfig({
    name: 'ag',
    version: 2019,
    databases: ['db1'],
    replicas: [automaticReplica('N1'), automaticReplica('N2')],
    ...extra,
  });
  if (E.isLeft(decoded)) throw new Error('bad config');
  return explainConfig(decoded.right).automaticFailover;
};

const policyOf = (extra: Partial<ConfigInput> = {}) =>
  pair(extra).filter((r) =>
    [
      'FAILOVER_POLICY',
      'DB_FAILOVER_ON',
      'DB_FAILOVER_OFF',
      'DATABASE_HEALTH_NOT_DETECTED',
    ].includes(r.code),
  );

/*
 * The failure-condition levels (S23; SMO's AvailabilityGroupFailureConditionLevel): "Automatic
 * failover is triggered when any condition level of lower value is satisfied or when a critical
 * server error occurs. If no setting for an Availability Group is specified, this is the default
 * value." "Database-level health detection" (S28): "Starting in SQL Server 2016, database level
 * health detection (DB_FAILOVER) option is available ... notices when a database is no longer in
 * the online status ... and will trigger the automatic failover of the availability group."
 */
describe('explain names what makes the primary fail over automatically', () => {
  it('the conditions up to FAILURE_CONDITION_LEVEL, each level with those below it', () => {
    const [policy] = policyOf({ failureConditionLevel: 2, healthCheckTimeout: 15000 });
    expect(policy?.message).toMatch(
      /^FAILURE_CONDITION_LEVEL = 2, HEALTH_CHECK_TIMEOUT = 15000 ms: /,
    );
    expect(policy?.message).toContain('level 1: the SQL Server service is down');
    // S26, Health check timeout operation, level 1: "If AG data is not received within 5
    // intervals, or 5/3 * HealthCheckTimeout".
    expect(policy?.message).toContain(
      'or sp_server_diagnostics returns no data of the group for 5 intervals (5/3 of HEALTH_CHECK_TIMEOUT: 25000 ms)',
    );
    expect(policy?.message).toContain(
      'level 2: the instance does not answer within HEALTH_CHECK_TIMEOUT',
    );
    expect(policy?.message).not.toContain('level 3');
    expect(policyOf({ failureConditionLevel: 5 })[0]?.message).toContain(
      'level 5: any qualified failure condition',
    );
  });

  it('DB_FAILOVER: a database that leaves ONLINE fails the group over only when ON, and not before 2016', () => {
    expect(policyOf({ dbFailover: 'ON' }).map((r) => r.code)).toEqual([
      'FAILOVER_POLICY',
      'DB_FAILOVER_ON',
    ]);
    expect(policyOf({ dbFailover: 'OFF' }).map((r) => r.code)).toEqual([
      'FAILOVER_POLICY',
      'DB_FAILOVER_OFF',
    ]);
    expect(policyOf({ version: 2014 }).map((r) => r.code)).toEqual([
      'FAILOVER_POLICY',
      'DATABASE_HEALTH_NOT_DETECTED',
    ]);
  });

  it('says nothing of the policy where no automatic failover happens', () => {
    expect(policyOf({ clusterType: 'NONE' })).toEqual([]);
    expect(
      policyOf({
        replicas: [automaticReplica('N1'), { ...automaticReplica('N2'), failoverMode: 'MANUAL' }],
      }),
    ).toEqual([]);
  });
});

/*
 * Why a pair takes only the forced form, naming only what holds for it: "Types of Failover"
 * (SEED003) gives a synchronous pair planned manual failover; a CLUSTER_TYPE = NONE group has no
 * cluster manager and takes only forced failover (S46), whatever the pair's modes.
 */
describe('explain says why a pair is forced only', () => {
  const forcedOnly = (extra: Partial<ConfigInput>) => {
    const decoded = decodeConfig({
      name: 'ag',
      version: 2019,
      databases: ['db1'],
      replicas: [automaticReplica('N1'), automaticReplica('N2')],
      ...extra,
    });
    if (E.isLeft(decoded)) throw new Error('bad config');
    return explainConfig(decoded.right)
      .pairs.flatMap((p) => p.reasons)
      .filter((r) => r.code === 'FORCED_ONLY_PAIR')
      .map((r) => r.message);
  };
  const manual = (
    name: string,
    availabilityMode: 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT',
  ) => ({
    ...automaticReplica(name),
    availabilityMode,
    failoverMode: 'MANUAL' as const,
  });

  it('two synchronous replicas without a cluster manager: the cluster type alone, not "asynchronously"', () => {
    const messages = forcedOnly({
      clusterType: 'NONE',
      replicas: [manual('N1', 'SYNCHRONOUS_COMMIT'), manual('N2', 'SYNCHRONOUS_COMMIT')],
    });
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m).toContain('both commit synchronously, but the group has no cluster manager');
      expect(m).not.toContain('asynchronously');
    }
  });

  it('an asynchronous replica on a WSFC: its mode alone, naming the asynchronous one', () => {
    const messages = forcedOnly({
      replicas: [manual('N1', 'SYNCHRONOUS_COMMIT'), manual('N2', 'ASYNCHRONOUS_COMMIT')],
    });
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m).toMatch(/^N2 commits asynchronously: /);
      expect(m).not.toContain('cluster manager');
    }
  });
});
