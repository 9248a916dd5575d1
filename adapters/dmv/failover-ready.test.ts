import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { clusterFacts } from '../../core/cluster/facts.js';
import { loadExampleConfig } from '../../core/cluster/test-support.js';
import { example, factsOf } from './test-support.js';

/**
 * sys.dm_hadr_database_replica_cluster_states (S8) is_failover_ready: the bundled snapshot of the
 * primary SQLNODE1 reads 1 for the primary's own SalesDB, as for its synchronized secondary. A
 * simulated group of the same shape must read the same, so a decision does not change with where
 * its facts came from.
 */
describe("the primary's is_failover_ready (S8), simulated and from a snapshot", () => {
  const row = (facts: ReturnType<typeof factsOf>, replica: string) =>
    facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'SalesDB');

  it('reads the same for the primary, its synchronous secondary and its asynchronous one', () => {
    const snapshot = factsOf(example('primary.json'));
    const simulated = clusterFacts(createCluster(loadExampleConfig('resync-three-replicas.json')));
    for (const replica of ['SQLNODE1', 'SQLNODE2', 'SQLDR1'])
      expect([replica, row(simulated, replica)?.isFailoverReady]).toEqual([
        replica,
        row(snapshot, replica)?.isFailoverReady,
      ]);
    expect(row(simulated, 'SQLNODE1')?.isFailoverReady).toBe(true);
  });
});
