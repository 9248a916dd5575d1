import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { ClusterFacts, ReplicaFacts } from '../model/facts.js';
import { forcedFailover } from './failover.js';

/**
 * An unknown names every column that would settle it: a snapshot that lacks one of the columns a
 * rule reads must say which (properties/snapshot-subsets.test.ts, whose soak runs found both
 * cases below). On the SEED004 group: SQLNODE1 primary, SQLNODE2 synchronous, SQLDR1 asynchronous.
 */
const running = (): ClusterFacts => {
  const { logs: _exact, ...facts } = new Driver(
    loadExampleConfig('resync-three-replicas.json'),
  ).facts();
  return facts;
};

const blank = (r: ReplicaFacts): ReplicaFacts => ({
  ...r,
  isUp: null,
  role: null,
  operationalState: null,
  connectedState: null,
});

const settledBy = (facts: ClusterFacts, target: string, code: string) =>
  forcedFailover(facts, target)
    .reasons.filter((r) => r.code === code)
    .flatMap((r) => r.settledBy ?? []);

describe('the columns an unknown failover verdict names', () => {
  it("whether the target runs: each column it is read from, the local row's operational state too", () => {
    const facts = running();
    const unknown = {
      ...facts,
      replicas: facts.replicas.map((r) => (r.name === 'SQLDR1' ? blank(r) : r)),
    };
    expect(settledBy(unknown, 'SQLDR1', 'TARGET_STATE_UNKNOWN')).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc',
      'sys.dm_hadr_availability_replica_states.connected_state_desc',
      'sys.dm_hadr_cluster_members.member_state_desc',
    ]);
    // Each of them, known, settles it.
    const down = (change: Partial<ReplicaFacts>) =>
      forcedFailover(
        {
          ...facts,
          replicas: unknown.replicas.map((r) => (r.name === 'SQLDR1' ? { ...r, ...change } : r)),
        },
        'SQLDR1',
      ).reasons.map((r) => r.code);
    expect(down({ operationalState: 'FAILED' })).toContain('TARGET_DOWN');
    expect(down({ connectedState: 'CONNECTED' })).not.toContain('TARGET_STATE_UNKNOWN');
    expect(down({ isUp: false })).toContain('TARGET_DOWN');
  });

  it('quorum, without the cluster view: the primary row that shows it, by its role and its operational state', () => {
    const facts = running();
    const unknown = { ...facts, quorum: null };
    expect(settledBy(unknown, 'SQLNODE2', 'QUORUM_UNKNOWN')).toEqual([
      'sys.dm_hadr_cluster.quorum_state_desc',
      'sys.dm_hadr_availability_replica_states.role_desc (an ONLINE primary)',
      'sys.dm_hadr_availability_replica_states.operational_state_desc (an ONLINE primary)',
    ]);
  });
});
