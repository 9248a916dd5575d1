import { describe, expect, it } from 'vitest';
import { codesOf, exampleReplica, replicasNamed, withReplicas } from './examples.js';
import { judgeConfig, validateConfig } from './validate.js';

const async = { availabilityMode: 'ASYNCHRONOUS_COMMIT' } as const;
const sync = { availabilityMode: 'SYNCHRONOUS_COMMIT' } as const;
const auto = { availabilityMode: 'SYNCHRONOUS_COMMIT', failoverMode: 'AUTOMATIC' } as const;
const configOnly = (name: string) =>
  exampleReplica(name, { availabilityMode: 'CONFIGURATION_ONLY', failoverMode: 'MANUAL' });

describe('replica counts (ag-rules §2.1)', () => {
  it('accepts 9 replicas in 2019 and refuses 10, naming both counts', () => {
    expect(codesOf(withReplicas(replicasNamed(9, async)))).toEqual([]);
    const reasons = validateConfig(withReplicas(replicasNamed(10, async)));
    expect(reasons.map((r) => r.code)).toEqual(['TOO_MANY_REPLICAS']);
    expect(reasons[0]?.message).toMatch(/10 replicas .*9 secondaries.*at most 9 .*8 secondaries/);
  });

  it('does not count a configuration-only replica toward the maximum', () => {
    const replicas = [...replicasNamed(9, async), configOnly('WITNESS')];
    expect(codesOf(withReplicas(replicas, { clusterType: 'NONE' }))).toEqual([]);
  });

  it('refuses a sixth synchronous-commit replica in 2019', () => {
    expect(codesOf(withReplicas(replicasNamed(5, sync)))).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(6, sync)))).toEqual([
      'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
    ]);
  });

  it('refuses a third automatic-failover replica in 2014, where three sync replicas are fine', () => {
    expect(
      codesOf(
        withReplicas([...replicasNamed(2, auto), exampleReplica('R3', sync)], { version: 2014 }),
      ),
    ).toEqual([]);
    expect(codesOf(withReplicas(replicasNamed(3, auto), { version: 2014 }))).toEqual([
      'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
    ]);
  });

  it('reports a fourth automatic replica in 2017 against both limits it exceeds', () => {
    const replicas = [...replicasNamed(3, auto), exampleReplica('R4', { ...auto })];
    expect(codesOf(withReplicas(replicas, { version: 2017 }))).toEqual([
      'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
      'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
    ]);
  });
});

describe('configuration-only replicas (R-CFG-2)', () => {
  const none = { clusterType: 'NONE' } as const;

  it('accepts one after a primary and a secondary, outside WSFC', () => {
    const replicas = [exampleReplica('A'), exampleReplica('B'), configOnly('W')];
    expect(codesOf(withReplicas(replicas, none))).toEqual([]);
  });

  it('refuses two', () => {
    const replicas = [exampleReplica('A'), exampleReplica('B'), configOnly('W1'), configOnly('W2')];
    expect(codesOf(withReplicas(replicas, none))).toEqual(['MULTIPLE_CONFIGURATION_ONLY_REPLICAS']);
  });

  it('refuses one listed first, where CREATE runs and the primary is', () => {
    const replicas = [configOnly('W'), exampleReplica('A'), exampleReplica('B')];
    expect(codesOf(withReplicas(replicas, none))).toEqual([
      'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
    ]);
  });

  it('takes the primary from where CREATE runs (createdOn), not from the order of the list', () => {
    // S4: CREATE AVAILABILITY GROUP runs on the instance that becomes the primary.
    const replicas = [configOnly('W'), exampleReplica('A'), exampleReplica('B')];
    expect(codesOf(withReplicas(replicas, { ...none, createdOn: 'A' }))).toEqual([]);
    expect(codesOf(withReplicas(replicas, { ...none, createdOn: 'w' }))).toEqual([
      'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
    ]);
    expect(codesOf(withReplicas(replicas, { ...none, createdOn: 'C' }))).toEqual([
      'CREATE_NOT_ON_A_REPLICA',
    ]);
  });

  it('says unknown, naming what settles it, when the script does not say where CREATE runs', () => {
    const replicas = [exampleReplica('A'), exampleReplica('B'), configOnly('W')];
    const judged = judgeConfig(withReplicas(replicas, { ...none, createdOn: null }));
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((r) => [r.code, r.settledBy])).toEqual([
      ['PRIMARY_UNKNOWN', [':Connect before CREATE AVAILABILITY GROUP', '--server NAME']],
    ]);
    // Without a configuration-only replica, which instance is primary changes nothing here.
    const plain = judgeConfig(
      withReplicas([exampleReplica('A'), exampleReplica('B')], { ...none, createdOn: null }),
    );
    expect(plain.unknown).toEqual([]);
  });

  it('refuses one that would be the only secondary', () => {
    const replicas = [exampleReplica('A'), configOnly('W')];
    expect(codesOf(withReplicas(replicas, none))).toEqual([
      'CONFIGURATION_ONLY_REPLICA_WITHOUT_SECONDARY',
    ]);
  });

  it('refuses one with CLUSTER_TYPE = WSFC', () => {
    const replicas = [exampleReplica('A'), exampleReplica('B'), configOnly('W')];
    const reasons = validateConfig(withReplicas(replicas, { clusterType: 'WSFC' }));
    expect(reasons.map((r) => r.code)).toEqual(['CONFIGURATION_ONLY_REPLICA_ON_WSFC']);
    expect(reasons[0]?.message).toContain("'W'");
  });
});
