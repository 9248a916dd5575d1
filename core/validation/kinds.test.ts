import { describe, expect, it } from 'vitest';
import type { ConfigInput, DistributedMember } from '../model/config.js';
import { codesOf, exampleConfig, exampleReplica, withReplicas } from './examples.js';

const member = (name: string, options: Partial<DistributedMember> = {}): DistributedMember => ({
  name,
  listenerUrl: `TCP://${name.toLowerCase()}-listener.contoso.com:5022`,
  availabilityMode: 'ASYNCHRONOUS_COMMIT',
  failoverMode: 'MANUAL',
  ...options,
});

describe('replicas and members', () => {
  it('refuses a group without replicas', () => {
    expect(codesOf(withReplicas([]))).toEqual(['NO_REPLICAS']);
  });

  it('refuses member availability groups outside a distributed group', () => {
    expect(codesOf(exampleConfig({ members: [member('AG1')] }))).toEqual([
      'MEMBERS_WITHOUT_DISTRIBUTED',
    ]);
  });
});

describe('basic availability groups (R-CFG-9)', () => {
  const basic = (options: Partial<ConfigInput> = {}) =>
    withReplicas([exampleReplica('A', { failoverMode: 'AUTOMATIC' }), exampleReplica('B')], {
      version: 2016,
      kind: 'BASIC',
      ...options,
    });

  it('accepts one database on two replicas', () => {
    expect(codesOf(basic())).toEqual([]);
  });

  it.each([[[]], [['SalesDB', 'HR']]])('refuses databases %j', (databases) => {
    expect(codesOf(basic({ databases }))).toEqual(['BASIC_GROUP_DATABASE_COUNT']);
  });

  it('refuses a third replica that holds data', () => {
    const replicas = [exampleReplica('A'), exampleReplica('B'), exampleReplica('C')];
    expect(codesOf(basic({ replicas }))).toEqual(['BASIC_GROUP_REPLICA_COUNT']);
  });

  it('accepts a configuration-only third replica outside WSFC', () => {
    const witness = exampleReplica('W', { availabilityMode: 'CONFIGURATION_ONLY' });
    const replicas = [exampleReplica('A'), exampleReplica('B'), witness];
    expect(codesOf(basic({ version: 2019, clusterType: 'NONE', replicas }))).toEqual([]);
  });

  it('refuses a readable secondary', () => {
    const replicas = [
      exampleReplica('A'),
      exampleReplica('B', { secondaryRole: { allowConnections: 'READ_ONLY' } }),
    ];
    expect(codesOf(basic({ replicas }))).toEqual(['BASIC_GROUP_READABLE_SECONDARY']);
  });
});

describe('distributed availability groups', () => {
  const distributed = (options: Partial<ConfigInput> = {}) =>
    exampleConfig({
      version: 2016,
      kind: 'DISTRIBUTED',
      replicas: [],
      databases: [],
      listener: null,
      members: [member('AG1', { availabilityMode: 'SYNCHRONOUS_COMMIT' }), member('AG2')],
      ...options,
    });

  it('accepts two member groups and no replicas or databases', () => {
    expect(codesOf(distributed())).toEqual([]);
  });

  it.each([[['AG1']], [['AG1', 'AG2', 'AG3']]])('refuses members %j', (names) => {
    expect(codesOf(distributed({ members: names.map((n) => member(n)) }))).toEqual([
      'DISTRIBUTED_GROUP_MEMBER_COUNT',
    ]);
  });

  it('refuses replicas of its own', () => {
    expect(codesOf(distributed({ replicas: [exampleReplica('A')] }))).toEqual([
      'DISTRIBUTED_GROUP_HAS_REPLICAS',
    ]);
  });

  it('refuses databases of its own', () => {
    expect(codesOf(distributed({ databases: ['SalesDB'] }))).toEqual([
      'DISTRIBUTED_GROUP_HAS_DATABASES',
    ]);
  });

  it('refuses a member with automatic failover', () => {
    const members = [member('AG1', { failoverMode: 'AUTOMATIC' }), member('AG2')];
    expect(codesOf(distributed({ members }))).toEqual(['DISTRIBUTED_MEMBER_FAILOVER_MODE']);
  });

  it('refuses a configuration-only member', () => {
    const members = [member('AG1'), member('AG2', { availabilityMode: 'CONFIGURATION_ONLY' })];
    expect(codesOf(distributed({ members }))).toEqual(['DISTRIBUTED_MEMBER_AVAILABILITY_MODE']);
  });

  it('refuses one group joined to itself', () => {
    const members = [member('AG1'), member('ag1', { listenerUrl: 'TCP://other:5022' })];
    expect(codesOf(distributed({ members }))).toEqual(['DUPLICATE_MEMBER_NAME']);
  });

  it('R-CFG-6 counts member groups: RSSTC 1 is fine from 2022, 2 never', () => {
    const rsstc = (n: number) =>
      codesOf(distributed({ version: 2022, requiredSynchronizedSecondariesToCommit: n }));
    expect(rsstc(1)).toEqual([]);
    expect(rsstc(2)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE']);
  });
});

describe('contained availability groups', () => {
  it('accepts REUSE_SYSTEM_DATABASES on a contained group', () => {
    const config = exampleConfig({
      version: 2022,
      kind: 'CONTAINED',
      contained: { reuseSystemDatabases: true },
    });
    expect(codesOf(config)).toEqual([]);
  });

  it('refuses contained options on a group that is not CONTAINED', () => {
    expect(codesOf(exampleConfig({ contained: { reuseSystemDatabases: true } }))).toEqual([
      'CONTAINED_OPTIONS_WITHOUT_CONTAINED',
    ]);
    expect(codesOf(exampleConfig({ contained: { reuseSystemDatabases: false } }))).toEqual([]);
  });

  it('refuses REUSE_SYSTEM_DATABASES together with AUTOSEEDING_SYSTEM_DATABASES', () => {
    const config = exampleConfig({
      version: 2025,
      kind: 'CONTAINED',
      contained: { reuseSystemDatabases: true, autoseedingSystemDatabases: true },
    });
    expect(codesOf(config)).toEqual(['CONTAINED_OPTIONS_EXCLUSIVE']);
  });
});
