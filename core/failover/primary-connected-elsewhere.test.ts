import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { ClusterFacts, ReplicaFacts } from '../model/facts.js';
import { forcedFailover } from './failover.js';

/**
 * 'Perform a forced manual failover' (S44), Recommendations: "Do not force failover while the
 * primary replica is still running". A secondary's connected_state_desc is its session with the
 * primary (S6): one CONNECTED shows the primary running, whichever secondary it is. On the SEED004
 * group (SQLNODE1 primary, SQLNODE2 synchronous, SQLDR1 asynchronous), snapshots of SQLNODE2 and
 * SQLDR1 merged: the primary's own row is not shown, SQLDR1 is cut off, SQLNODE2 is CONNECTED.
 */
const facts = (): ClusterFacts => {
  const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
  d.do({ type: 'db.commit', database: 'SalesDB' });
  d.sync('SQLNODE2');
  const { logs: _exact, ...f } = d.facts();
  const change = (r: ReplicaFacts): ReplicaFacts =>
    r.name === 'SQLNODE1'
      ? { ...r, isUp: null, role: null, operationalState: null, connectedState: null }
      : r.name === 'SQLDR1'
        ? { ...r, connectedState: 'DISCONNECTED' }
        : r;
  return { ...f, replicas: f.replicas.map(change) };
};

describe('forcing onto a cut-off secondary while another secondary is CONNECTED to the primary', () => {
  it('warns that the primary still runs, naming the secondary that shows it', () => {
    const verdict = forcedFailover(facts(), 'SQLDR1');
    expect(verdict.status).toBe('allowed');
    const still = verdict.reasons.find((r) => r.code === 'PRIMARY_STILL_RUNNING');
    expect(still?.message).toContain('(SQLNODE2 is CONNECTED to it)');
    expect(verdict.reasons.map((r) => r.code)).not.toContain('PRIMARY_RUNNING_UNKNOWN');
  });
});
