import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { ClusterFacts } from '../model/facts.js';
import { forcedFailoverLoss } from './forced-loss.js';

/**
 * The loss of a forced failover read from the DMV columns alone (S6 sys.dm_hadr_database_replica_states,
 * S8 sys.dm_hadr_database_replica_cluster_states), on the SEED004 group: SQLNODE1 primary,
 * SQLNODE2 synchronous, SQLDR1 asynchronous, one database SalesDB.
 */
const config = loadExampleConfig('resync-three-replicas.json');
const DB = 'SalesDB';

/** What the DMVs tell: the facts without the exact log. */
const dmvView = (ag: Driver): ClusterFacts => {
  const { logs: _exact, ...facts } = ag.facts();
  return facts;
};

const lossTo = (facts: ClusterFacts, target: string) =>
  forcedFailoverLoss(facts, target).find((l) => l.database === DB);

/**
 * SQLDR1 falls behind, the primary dies, SQLDR1 is forced in and commits: SQLNODE2, suspended,
 * keeps log past the fork.
 */
const forcedToLaggingDr = (): Driver => {
  const ag = new Driver(config);
  ag.do({ type: 'replica.disconnect', replica: 'SQLDR1' });
  ag.do({ type: 'db.commit', database: DB, count: 5 });
  ag.sync('SQLNODE2');
  ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
  ag.do({ type: 'replica.reconnect', replica: 'SQLDR1' });
  ag.do({ type: 'ag.forceFailover', target: 'SQLDR1' });
  ag.do({ type: 'db.commit', database: DB, count: 8 });
  return ag;
};

describe('forced failover loss from the DMV columns', () => {
  it('a copy receiving the log loses what lies past its last_hardened_lsn', () => {
    const ag = new Driver(config);
    ag.do({ type: 'replica.disconnect', replica: 'SQLDR1' });
    ag.do({ type: 'db.commit', database: DB, count: 4 });
    ag.do({ type: 'replica.reconnect', replica: 'SQLDR1' });
    const loss = lossTo(dmvView(ag), 'SQLDR1');
    expect(ag.state('SQLDR1', DB)).toBe('SYNCHRONIZING');
    expect(loss).toMatchObject({ extent: 'log', lsnRange: { afterLsn: 0n, throughLsn: 4n } });
  });

  it('a copy on an older recovery fork loses everything past its recovery_lsn, not its hardened LSN', () => {
    const ag = forcedToLaggingDr();
    const node2 = ag.row('SQLNODE2', DB);
    expect([node2?.lastHardenedLsn, node2?.recoveryLsn, node2?.isSuspended]).toEqual([
      5n,
      0n,
      true,
    ]);
    const loss = lossTo(dmvView(ag), 'SQLNODE2');
    expect(loss).toMatchObject({ extent: 'log', lsnRange: { afterLsn: 0n, throughLsn: 8n } });
    // The step agrees: all eight commits of the new fork are lost.
    const lost = ag
      .do({ type: 'ag.forceFailover', target: 'SQLNODE2' })
      .observations.find((o) => o.type === 'failover.completed');
    expect(lost?.type === 'failover.completed' ? lost.lost : null).toEqual([
      { database: DB, ranges: [{ fork: expect.any(Number), fromLsn: 0n, toLsn: 8n }] },
    ]);
  });

  it('without recovery_lsn, a suspended copy’s loss is unknown and names the column', () => {
    const ag = new Driver(config);
    ag.do({ type: 'db.suspend', replica: 'SQLNODE2', database: DB });
    const facts = dmvView(ag);
    const withoutRecovery = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map(({ recoveryLsn: _r, ...row }) => row),
    };
    expect(lossTo(withoutRecovery, 'SQLNODE2')).toMatchObject({
      extent: 'unknown',
      reasons: [
        {
          code: 'LOSS_FORK_UNKNOWN',
          settledBy: [
            "sys.dm_hadr_database_replica_states.recovery_lsn (the primary's row for SQLNODE2)",
          ],
        },
      ],
    });
  });

  it('a database not joined on the target is lost whole (is_database_joined = 0)', () => {
    const ag = new Driver(config);
    const facts = dmvView(ag);
    const notJoined = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQLDR1' ? { ...d, isJoined: false, lastHardenedLsn: null } : d,
      ),
    };
    expect(lossTo(notJoined, 'SQLDR1')).toMatchObject({ extent: 'wholeDatabase', lsnRange: null });
  });
});

describe('a forced failover to a REVERTING copy (S44, Limitations)', () => {
  // "When a secondary database is in the REVERTING or INITIALIZING state, forcing failover would
  // cause the database to fail to start as a primary database … If the database was in the
  // REVERTING state you need to fully restore the database from backups."
  const reverting = (): Driver => {
    const ag = forcedToLaggingDr();
    // Resumed, SQLNODE2 reverts to the fork point; forced to it while it does (SQLDR1 still runs).
    ag.do({ type: 'db.resume', replica: 'SQLNODE2', database: DB });
    return ag;
  };

  it('is predicted to lose the whole database, from the DMVs and from the exact log', () => {
    const ag = reverting();
    expect(ag.state('SQLNODE2', DB)).toBe('REVERTING');
    expect(lossTo(dmvView(ag), 'SQLNODE2')?.extent).toBe('wholeDatabase');
    expect(lossTo(ag.facts(), 'SQLNODE2')?.extent).toBe('wholeDatabase');
  });

  it('leaves the database SUSPECT on the new primary, through a restart, taking no commits', () => {
    const ag = reverting();
    ag.do({ type: 'ag.forceFailover', target: 'SQLNODE2' });
    expect(ag.row('SQLNODE2', DB)?.databaseState).toBe('SUSPECT');
    expect(ag.refuse({ type: 'db.commit', database: DB })).toContain(
      'DATABASE_NOT_ONLINE_ON_PRIMARY',
    );
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    ag.do({ type: 'replica.restart', replica: 'SQLNODE2' });
    expect(ag.row('SQLNODE2', DB)?.databaseState).toBe('SUSPECT');
  });
});
