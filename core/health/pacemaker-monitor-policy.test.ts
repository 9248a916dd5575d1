import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.js';
import { healthSignalTriggersFailover } from './health.js';

/**
 * The mssql-server-ha resource agent (S53, ag/docs/ag_metadata) fails the primary from its own
 * monitor_policy: "1) SERVER_UNRESPONSIVE_OR_DOWN … 3) SERVER_CRITICAL_ERROR: Fail if
 * sp_server_diagnostics detects a critical system error … 5) SERVER_ANY_QUALIFIED_ERROR",
 * default 3. "Configure a Pacemaker cluster for SQL Server availability groups" (S91) lists, for
 * the v2 agent in preview from SQL Server 2025 CU3: "Support for flexible automatic failover
 * policies, including configuration of health-check timeout and failure-condition level". A
 * Pacemaker group's FAILURE_CONDITION_LEVEL was read as a WSFC's.
 */
const group = (clusterType: 'EXTERNAL' | 'WSFC', failureConditionLevel: 1 | 5) =>
  resolveConfig({
    name: 'ag1',
    version: 2019,
    clusterType,
    failureConditionLevel,
    databases: ['db1'],
    replicas: ['node1', 'node2', 'node3'].map((name) => ({
      name,
      endpointUrl: `TCP://${name}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
      failoverMode: clusterType === 'EXTERNAL' ? ('EXTERNAL' as const) : ('AUTOMATIC' as const),
    })),
  });

describe('a Pacemaker group fails over by the agent’s monitor_policy, not FAILURE_CONDITION_LEVEL', () => {
  it('FAILURE_CONDITION_LEVEL = 5: a query-processing error (level 5) fails nothing over', () => {
    const v = healthSignalTriggersFailover(group('EXTERNAL', 5), {
      condition: 'QUERY_PROCESSING_ERROR',
    });
    expect(v.triggersFailover).toBe(false);
    expect(v.reasons[0]?.message).toContain('monitor_policy, 3');
  });

  it('FAILURE_CONDITION_LEVEL = 1: a critical system error (level 3) fails the group over', () => {
    const v = healthSignalTriggersFailover(group('EXTERNAL', 1), { condition: 'SYSTEM_ERROR' });
    expect(v.triggersFailover).toBe(true);
    expect(v.reasons.map((r) => r.code)).toEqual(['FAILURE_CONDITION_MET']);
  });

  it('a WSFC group still reads its FAILURE_CONDITION_LEVEL', () => {
    expect(
      healthSignalTriggersFailover(group('WSFC', 5), { condition: 'QUERY_PROCESSING_ERROR' })
        .triggersFailover,
    ).toBe(true);
    expect(
      healthSignalTriggersFailover(group('WSFC', 1), { condition: 'SYSTEM_ERROR' })
        .triggersFailover,
    ).toBe(false);
  });
});
