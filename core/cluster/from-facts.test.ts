import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../model/events.js';
import type { ClusterFacts } from '../model/facts.js';
import { clusterFacts } from './facts.js';
import { clusterFromFacts } from './from-facts.js';
import { Driver, loadExampleConfig } from './test-support.js';

/**
 * A simulated group started from facts shows the same states the facts show, row by row, as
 * sys.dm_hadr_availability_replica_states (S7: role_desc, connected_state_desc) and
 * sys.dm_hadr_database_replica_states (S6: synchronization_state_desc, is_suspended,
 * suspend_reason_desc) would. The facts here are those of the bundled three-replica group
 * (SQLNODE1 and SQLNODE2 synchronous with automatic failover, SQLDR1 asynchronous), driven
 * through the events a DBA meets.
 */

const config = loadExampleConfig('resync-three-replicas.json');

const factsAfter = (events: readonly ClusterEvent[]): ClusterFacts => {
  const d = new Driver(config, { baseLsn: 1_025_000_004_418_400_001n });
  for (const e of events) d.do(e);
  return d.facts();
};

/** What the DMVs show of each replica and copy, in a stable order. */
const shown = (f: ClusterFacts) => ({
  primary: f.primary,
  quorum: f.quorum,
  replicas: f.replicas.map((r) => [r.name, r.role, r.isUp, r.connectedState].join(' ')).sort(),
  copies: f.databaseReplicas
    .map((d) =>
      [d.database, d.replica, d.synchronizationState, d.isSuspended, d.suspendReason].join(' '),
    )
    .sort(),
});

const started = (f: ClusterFacts) => {
  const s = clusterFromFacts(f);
  if (E.isLeft(s)) throw new Error(s.left.map((r) => r.code).join(', '));
  return s.right;
};

describe('a simulated group started from facts', () => {
  const cases: readonly (readonly [string, readonly ClusterEvent[]])[] = [
    ['a running group', []],
    [
      'a suspended copy and a disconnected secondary',
      [
        { type: 'db.suspend', replica: 'SQLDR1', database: 'SalesDB' },
        { type: 'replica.disconnect', replica: 'SQLNODE2' },
        { type: 'time.advance', ms: 10_000 },
      ],
    ],
    ['a secondary whose instance is down', [{ type: 'replica.crash', replica: 'SQLDR1' }]],
    ['after a planned failover to SQLNODE2', [{ type: 'ag.failover', target: 'SQLNODE2' }]],
  ];
  for (const [name, events] of cases) {
    it(`shows what the facts show: ${name}`, () => {
      const facts = factsAfter(events);
      const start = started(facts);
      expect(shown(clusterFacts(start.cluster))).toEqual(shown(facts));
      expect(start.notReproduced).toEqual([]);
    });
  }

  it('puts the primary first and says why each event is there', () => {
    const facts = factsAfter([
      { type: 'ag.failover', target: 'SQLNODE2' },
      { type: 'replica.disconnect', replica: 'SQLDR1' },
      { type: 'time.advance', ms: 10_000 },
    ]);
    const start = started(facts);
    expect(start.config.replicas.map((r) => r.name)).toEqual(['SQLNODE2', 'SQLNODE1', 'SQLDR1']);
    expect(start.options).toEqual({ baseLsn: 1_025_000_004_418_400_001n });
    expect(start.steps).toEqual([
      {
        at: 0,
        event: { type: 'replica.disconnect', replica: 'SQLDR1' },
        note: 'SQLDR1: connected_state_desc = DISCONNECTED',
      },
      {
        at: 0,
        event: { type: 'time.advance', ms: 10_000 },
        note: 'the primary reports a lost connection after SESSION_TIMEOUT',
      },
    ]);
    expect(shown(clusterFacts(start.cluster))).toEqual(shown(facts));
  });

  it("says which copies it starts caught up although they lag the primary's log", () => {
    // Commits on the primary that no secondary has hardened yet: both lag (S6 last_hardened_lsn).
    const facts = factsAfter([
      { type: 'replica.disconnect', replica: 'SQLDR1' },
      { type: 'time.advance', ms: 10_000 },
      { type: 'db.commit', database: 'SalesDB', count: 3 },
    ]);
    const start = started(facts);
    const lag = start.notReproduced.filter((r) => r.code === 'START_LAG');
    expect(lag.map((r) => r.message)).toEqual([
      expect.stringMatching(
        /^SalesDB on SQLNODE2 has hardened up to LSN 1025000004418400001, the primary up to \d+/,
      ),
      expect.stringMatching(
        /^SalesDB on SQLDR1 has hardened up to LSN 1025000004418400001, the primary up to \d+/,
      ),
    ]);
    expect(shown(clusterFacts(start.cluster)).replicas).toContain(
      'SQLDR1 SECONDARY true DISCONNECTED',
    );
  });

  it('cannot start a group without quorum: no replica is primary then (S7 role_desc RESOLVING)', () => {
    const start = clusterFromFacts(factsAfter([{ type: 'quorum.lost' }]));
    expect(E.isLeft(start) && start.left.map((r) => r.code)).toEqual(['START_PRIMARY_UNKNOWN']);
  });

  it('cannot start without knowing the primary, and names the column that would tell', () => {
    const facts = { ...factsAfter([]), primary: null };
    const start = clusterFromFacts(facts);
    expect(E.isLeft(start) && start.left.map((r) => [r.code, r.settledBy])).toEqual([
      ['START_PRIMARY_UNKNOWN', ['sys.dm_hadr_availability_replica_states.role_desc']],
    ]);
  });

  it('starts a replica whose connection and role the facts leave unknown as a connected secondary, and says so', () => {
    const running = factsAfter([]);
    const facts: ClusterFacts = {
      ...running,
      replicas: running.replicas.map((r) =>
        r.name === 'SQLDR1' ? { ...r, connectedState: null, role: null, isUp: null } : r,
      ),
    };
    const unknown = started(facts).notReproduced;
    expect(unknown.map((r) => [r.code, r.settledBy])).toEqual([
      [
        'START_CONNECTION_UNKNOWN',
        ['sys.dm_hadr_availability_replica_states.connected_state_desc'],
      ],
      ['START_ROLE_UNKNOWN', ['sys.dm_hadr_availability_replica_states.role_desc']],
    ]);
  });
});
