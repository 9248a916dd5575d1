import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';

/**
 * CLUSTER_TYPE = EXTERNAL: the Pacemaker resource agent computes REQUIRED_SYNCHRONIZED_SECONDARIES_
 * TO_COMMIT again on the notifications of a replica started or stopped and on each monitor action
 * (S29 "Understand SQL Server resource agent for Pacemaker"; S53): synchronous replicas / 2, 0 for
 * two. A value set on the resource to something else is not the agent's, and stays.
 */
const replica = (name: string, availabilityMode: 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT') => ({
  name,
  endpointUrl: `TCP://${name}:5022`,
  availabilityMode,
  failoverMode: 'EXTERNAL' as const,
});

const group = (extra: Partial<ConfigInput> = {}): Cluster =>
  createCluster(
    resolveConfig({
      name: 'ag1',
      version: 2019,
      clusterType: 'EXTERNAL',
      databases: ['db1'],
      replicas: [
        replica('node1', 'SYNCHRONOUS_COMMIT'),
        replica('node2', 'SYNCHRONOUS_COMMIT'),
        replica('node3', 'SYNCHRONOUS_COMMIT'),
      ],
      ...extra,
    }),
  );

const valueAfter = (c: Cluster, ...events: ClusterEvent[]): number => {
  let now = c;
  for (const e of events) {
    const r = step(now, e);
    expect(r.refused).toEqual([]);
    now = r.cluster;
  }
  return now.config.requiredSynchronizedSecondariesToCommit;
};

describe('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT follows the replicas under Pacemaker', () => {
  it('three synchronous replicas: 1; a fourth: 2; one made asynchronous again: 1; two: 0', () => {
    const c = group();
    expect(c.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    const add = { type: 'replica.add', spec: replica('node4', 'SYNCHRONOUS_COMMIT') } as const;
    expect(valueAfter(c, add)).toBe(2);
    const async4 = {
      type: 'replica.setAvailabilityMode',
      replica: 'node4',
      mode: 'ASYNCHRONOUS_COMMIT',
    } as const;
    expect(valueAfter(c, add, async4)).toBe(1);
    expect(valueAfter(c, { type: 'replica.remove', replica: 'node3' })).toBe(0);
  });

  it('a value set on the resource stays when the replicas change', () => {
    const c = group({ requiredSynchronizedSecondariesToCommit: 2 });
    const add = { type: 'replica.add', spec: replica('node4', 'SYNCHRONOUS_COMMIT') } as const;
    expect(valueAfter(c, add)).toBe(2);
    expect(valueAfter(group({ requiredSynchronizedSecondariesToCommit: 0 }), add)).toBe(0);
  });

  it('under WSFC the value is the configuration’s alone', () => {
    const c = group({ clusterType: 'WSFC' });
    expect(c.config.requiredSynchronizedSecondariesToCommit).toBe(0);
  });
});
