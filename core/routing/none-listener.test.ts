import { describe, expect, it } from 'vitest';
import { buildConfig, buildFacts } from '../rules/facts-builder.js';
import { connectThroughListener } from './listener.js';

/*
 * "Always On availability groups on Linux" (S31), The listener under Linux: "When configuring an
 * AG, a 'listener' still needs to be configured in SQL Server ... For an AG created with a cluster
 * type of None, use the IP address associated with the primary replica. The instance associated
 * with the provided IP address then becomes the coordinator for things like the read-only routing
 * requests from applications." The group: the read-scale walkthrough's two replicas (node1, node2,
 * READ_ONLY secondaries) with listener ag1-listener on 10.0.0.11, after the documented forced
 * failover to node2 (S108): nothing moved the address, so the listener was said to reach node2.
 */
const group = (clusterType: 'NONE' | 'WSFC') =>
  buildFacts(
    buildConfig({
      name: 'ag1',
      clusterType,
      listener: {
        name: 'ag1-listener',
        addresses: [{ address: '10.0.0.11', subnetMask: '255.255.255.0' }],
      },
      replicas: ['node1', 'node2'].map((name) => ({
        name,
        secondaryRole: { allowConnections: 'READ_ONLY' as const },
      })),
    }),
    { primary: 'node2' },
  );

describe("a CLUSTER_TYPE NONE group's listener (S31)", () => {
  it('leaves the instance a connection reaches unknown, read-write and read-intent alike', () => {
    for (const intent of ['READ_WRITE', 'READ_ONLY'] as const) {
      const c = connectThroughListener(group('NONE'), { intent, database: 'db1' });
      expect(c.outcome).toBe('unknown');
      expect(c.reasons.map((r) => r.code)).toEqual(['UNKNOWN_NONE_LISTENER_HOST']);
      expect(c.reasons[0]!.message).toContain('10.0.0.11');
      expect(c.reasons[0]!.settledBy?.length).toBeGreaterThan(0);
    }
  });

  it('still sends a WSFC listener to the primary, whose address the cluster moves', () => {
    const c = connectThroughListener(group('WSFC'), { intent: 'READ_WRITE', database: 'db1' });
    expect(c.outcome).toBe('connected');
    expect(c.replica).toBe('node2');
  });
});
