import { describe, expect, it } from 'vitest';
import { routingReason } from '../routing/codes.js';
import { memberReplicaReadConnection } from './member-place.js';

/*
 * "You won't have read access to any of the replica databases on the secondary AG as long as the
 * primary AG is at a lower version" (S43, Migrate to higher SQL Server versions). A read-intent
 * connection that names a replica of that group is refused as a listener connection is; the group
 * in the PRIMARY role, or no lower sender, leaves it as it is.
 */
const place = {
  distributedGroup: 'dag',
  member: 'ag2',
  role: 'SECONDARY' as const,
  receives: true,
  primaryReplica: 'server3',
  receivesFromVersion: 2016 as const,
  requiredSynchronizedSecondariesToCommit: 0,
  waitsForForwarder: () => ({ kind: 'no' as const }),
};
const connected = {
  outcome: 'connected' as const,
  replica: 'server4',
  reasons: [routingReason('CONNECT_SECONDARY_READ_ONLY_ACCESS', 'server4 accepts it')],
  considered: [],
};

describe('a read-intent connection straight to a replica of a secondary group behind a lower version', () => {
  it('is refused (SECONDARY_GROUP_HIGHER_VERSION)', () => {
    const c = memberReplicaReadConnection(place, connected);
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toEqual(['SECONDARY_GROUP_HIGHER_VERSION']);
  });

  it('is left as it is in the primary group, or with no lower sender', () => {
    expect(memberReplicaReadConnection({ ...place, role: 'PRIMARY' }, connected)).toBe(connected);
    expect(memberReplicaReadConnection({ ...place, receivesFromVersion: null }, connected)).toBe(
      connected,
    );
  });
});
