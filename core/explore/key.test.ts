import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster/build.js';
import { step } from '../cluster/step.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { resolveConfig } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';
import { stateKey } from './key.js';
import { group } from './test-support.js';

/**
 * The canonical key keeps apart what can make two states behave differently and merges replicas
 * that differ only in their names (symmetry reduction): a field of a replica or of its copy that
 * changes changes the key; two interchangeable secondaries in swapped states give one key.
 */
const base = 0n;
const stepped = (c: Cluster, events: readonly ClusterEvent[]): Cluster =>
  events.reduce((cluster, e) => step(cluster, e).cluster, c);
const withReplica = (c: Cluster, i: number, change: (r: ReplicaRuntime) => ReplicaRuntime) => ({
  ...c,
  replicas: c.replicas.map((r, j) => (j === i ? change(r) : r)),
});

describe('the canonical key', () => {
  // Two synchronous automatic replicas and two asynchronous ones: A1 and A2 are interchangeable.
  const start = createCluster(group(0, 2, 2));
  const key = (c: Cluster) => stateKey(c, base, '0:0');

  it('is the same for interchangeable replicas in swapped states', () => {
    const a1Down = stepped(start, [{ type: 'replica.crash', replica: 'A1' }]);
    const a2Down = stepped(start, [{ type: 'replica.crash', replica: 'A2' }]);
    expect(key(a1Down)).not.toBe(key(start));
    expect(key(a1Down)).toBe(key(a2Down));
    // S2 is not interchangeable with A2: another class.
    expect(key(stepped(start, [{ type: 'replica.crash', replica: 'S2' }]))).not.toBe(key(a2Down));
  });

  it('changes with each field of a replica and of its copies', () => {
    const copyOf = (r: ReplicaRuntime) => r.databases.db1!;
    const changes: readonly [string, (r: ReplicaRuntime) => ReplicaRuntime][] = [
      ['CREATE ANY DATABASE', (r) => ({ ...r, canCreateDatabase: !r.canCreateDatabase })],
      ['a broken link', (r) => ({ ...r, linkDownSinceMs: 0 })],
      [
        'is_failover_ready',
        (r) => ({
          ...r,
          databases: { db1: { ...copyOf(r), failoverReady: !copyOf(r).failoverReady } },
        }),
      ],
      [
        'a suspension ordered on the primary',
        (r) => ({
          ...r,
          databases: { db1: { ...copyOf(r), suspendedOnPrimary: !copyOf(r).suspendedOnPrimary } },
        }),
      ],
      [
        'the hardened LSN',
        (r) => ({
          ...r,
          databases: {
            db1: {
              ...copyOf(r),
              hardened: { ...copyOf(r).hardened, lsn: copyOf(r).hardened.lsn + 1n },
            },
          },
        }),
      ],
    ];
    for (const [what, change] of changes)
      expect({ what, same: key(withReplica(start, 1, change)) === key(start) }).toEqual({
        what,
        same: false,
      });
  });

  it('reads a broken link as outlasting SESSION_TIMEOUT or not, not by its age', () => {
    const cut = stepped(start, [{ type: 'replica.disconnect', replica: 'S2' }]);
    const later = stepped(cut, [{ type: 'time.advance', ms: 1000 }]);
    const timedOut = stepped(cut, [{ type: 'time.advance', ms: 60_000 }]);
    expect(key(cut)).toBe(key(later));
    expect(key(timedOut)).not.toBe(key(cut));
  });

  it("names each database's recovery forks on its own, so failovers back and forth end", () => {
    // Each database numbers its forks from 0 (a failover starts one per database): read as one
    // namespace, the second database's forks stood for the first's, and every failover made a
    // new state, so a two-database group's search never finished.
    const pair = createCluster(resolveConfig({ ...group(0, 2, 0), databases: ['db1', 'db2'] }));
    const pairKey = (c: Cluster) => stateKey(c, base, '0:0');
    const committed = stepped(pair, [
      { type: 'db.commit', database: 'db1' },
      { type: 'log.ship', replica: 'S2' },
      { type: 'log.harden', replica: 'S2' },
    ]);
    const there = stepped(committed, [{ type: 'ag.failover', target: 'S2' }]);
    const backAndThereAgain = stepped(there, [
      { type: 'ag.failover', target: 'S1' },
      { type: 'ag.failover', target: 'S2' },
    ]);
    expect(there.logs.db1!.forks.length).toBeLessThan(backAndThereAgain.logs.db1!.forks.length);
    expect(pairKey(backAndThereAgain)).toBe(pairKey(there));
  });
});
