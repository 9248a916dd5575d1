import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import { connectThroughListener } from './listener.js';
import { connectToReplica } from './routing.js';

/**
 * 'Take an availability group offline' (S73): "After an availability group goes offline, its
 * databases become unavailable to clients and you cannot bring the availability group back
 * online." After ALTER AVAILABILITY GROUP … OFFLINE, the listener's refusal said readable
 * secondaries "stay readable by direct connection", which S36 says of a quorum loss or a lost
 * primary, not of a group taken offline. On the SEED004 group (SQL Server 2019): SQLNODE1 primary,
 * SQLNODE2 synchronous and readable (READ_ONLY), SQLDR1 asynchronous.
 */
const offline = () => {
  const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
  d.do({ type: 'db.commit', database: 'SalesDB' });
  d.sync('SQLNODE2');
  d.sync('SQLDR1');
  d.do({ type: 'ag.offline' });
  return d.facts();
};

describe('a group taken OFFLINE (S73)', () => {
  it('leaves no secondary readable by direct connection, through the listener or not', () => {
    const facts = offline();
    expect(facts.groupState).toBe('OFFLINE');
    const listener = connectThroughListener(facts, { intent: 'READ_ONLY', database: 'SalesDB' });
    expect(listener.reasons.map((r) => r.code)).toContain('LISTENER_DIRECT_READS_LOST_OFFLINE');
    expect(listener.reasons.map((r) => r.code)).not.toContain('LISTENER_DIRECT_READS_REMAIN');
    for (const replica of ['SQLNODE1', 'SQLNODE2']) {
      const direct = connectToReplica(facts, {
        replica,
        intent: 'READ_ONLY',
        database: 'SalesDB',
      });
      expect(direct.outcome, replica).toBe('refused');
      expect(direct.reasons.map((r) => r.code)).toEqual(['CONNECT_GROUP_OFFLINE']);
    }
  });

  it('still connects to a database outside the group, which the group does not govern', () => {
    const direct = connectToReplica(offline(), {
      replica: 'SQLNODE2',
      intent: 'READ_ONLY',
      database: 'master',
    });
    expect(direct.outcome).toBe('connected');
  });
});
