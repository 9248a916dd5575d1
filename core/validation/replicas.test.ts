import { describe, expect, it } from 'vitest';
import { codesOf, exampleReplica, withReplicas } from './examples.js';
import { validateConfig } from './validate.js';

const a = exampleReplica('A', { failoverMode: 'AUTOMATIC' });
const b = exampleReplica('B', { failoverMode: 'AUTOMATIC' });

describe('failover and availability modes', () => {
  it('accepts two synchronous automatic-failover replicas on WSFC', () => {
    expect(codesOf(withReplicas([a, b]))).toEqual([]);
  });

  it('R-CFG-1: refuses AUTOMATIC failover on an asynchronous replica, naming it', () => {
    const c = exampleReplica('SQLDR1', {
      availabilityMode: 'ASYNCHRONOUS_COMMIT',
      failoverMode: 'AUTOMATIC',
    });
    const reasons = validateConfig(withReplicas([a, b, c]));
    expect(reasons.map((r) => r.code)).toEqual(['AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT']);
    expect(reasons[0]?.message).toContain("'SQLDR1'");
    expect(reasons[0]?.message).toContain('ASYNCHRONOUS_COMMIT');
  });

  it('R-CFG-3: refuses a MANUAL replica under CLUSTER_TYPE = EXTERNAL', () => {
    const ext = exampleReplica('A', { failoverMode: 'EXTERNAL' });
    const manual = exampleReplica('B', { failoverMode: 'MANUAL' });
    expect(codesOf(withReplicas([ext, manual], { clusterType: 'EXTERNAL' }))).toEqual([
      'EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER',
    ]);
    const both = [ext, exampleReplica('B', { failoverMode: 'EXTERNAL' })];
    expect(codesOf(withReplicas(both, { clusterType: 'EXTERNAL' }))).toEqual([]);
  });

  it('refuses FAILOVER_MODE = EXTERNAL outside CLUSTER_TYPE = EXTERNAL', () => {
    const ext = exampleReplica('B', { failoverMode: 'EXTERNAL' });
    expect(codesOf(withReplicas([a, ext]))).toEqual(['EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER']);
  });

  it('R-CFG-4: refuses automatic failover with CLUSTER_TYPE = NONE', () => {
    const manual = exampleReplica('B');
    expect(codesOf(withReplicas([a, manual], { clusterType: 'NONE' }))).toEqual([
      'NO_CLUSTER_NO_AUTOMATIC_FAILOVER',
    ]);
  });

  it('R-CFG-5: refuses automatic failover on a replica hosted by a failover cluster instance', () => {
    const fci = exampleReplica('B', { failoverMode: 'AUTOMATIC', hostedByFci: true });
    expect(codesOf(withReplicas([a, fci]))).toEqual(['FCI_REPLICA_NEEDS_MANUAL_FAILOVER']);
    const manualFci = exampleReplica('B', { hostedByFci: true });
    expect(codesOf(withReplicas([a, manualFci]))).toEqual([]);
  });
});

describe('replica values (R-CFG-7)', () => {
  it.each([0, 100])('accepts BACKUP_PRIORITY = %i', (p) => {
    expect(codesOf(withReplicas([a, exampleReplica('B', { backupPriority: p })]))).toEqual([]);
  });

  it.each([-1, 101])('refuses BACKUP_PRIORITY = %i', (p) => {
    const reasons = validateConfig(withReplicas([a, exampleReplica('B', { backupPriority: p })]));
    expect(reasons.map((r) => r.code)).toEqual(['BACKUP_PRIORITY_OUT_OF_RANGE']);
    expect(reasons[0]?.message).toContain(`BACKUP_PRIORITY = ${p}`);
  });

  it('accepts SESSION_TIMEOUT = 5 and refuses 4', () => {
    expect(codesOf(withReplicas([a, exampleReplica('B', { sessionTimeout: 5 })]))).toEqual([]);
    expect(codesOf(withReplicas([a, exampleReplica('B', { sessionTimeout: 4 })]))).toEqual([
      'SESSION_TIMEOUT_TOO_SHORT',
    ]);
  });
});

describe('replica names', () => {
  const named = (name: string) =>
    exampleReplica(name, { endpointUrl: 'TCP://node2.contoso.com:5022' });

  it.each(['SQLNODE2', 'SQLNODE2\\INST1', 'sql-node_2'])('accepts %j', (name) => {
    expect(codesOf(withReplicas([a, named(name)]))).toEqual([]);
  });

  it.each(['', ' SQLNODE2', 'SQLNODE2\\', '\\INST1', 'A\\B\\C'])('refuses %j', (name) => {
    expect(codesOf(withReplicas([a, named(name)]))).toEqual(['INVALID_REPLICA_NAME']);
  });

  it('refuses two replicas naming one instance, ignoring case', () => {
    const replicas = [
      exampleReplica('SQLNODE1'),
      exampleReplica('sqlnode1', { endpointUrl: 'TCP://other.contoso.com:5022' }),
    ];
    const reasons = validateConfig(withReplicas(replicas));
    expect(reasons.map((r) => r.code)).toEqual(['DUPLICATE_REPLICA_NAME']);
    expect(reasons[0]?.message).toContain("'SQLNODE1' and 'sqlnode1'");
  });
});
