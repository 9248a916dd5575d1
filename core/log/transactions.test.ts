import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';

/**
 * Open transactions. SEED004 (automatic failover): "The secondary replica works as a new primary
 * replica. It rolls back any uncommitted transactions and database become available for the
 * users." sys.dm_hadr_database_replica_states (S6) truncation_lsn, and log_reuse_wait_desc
 * ACTIVE_TRANSACTION in sys.databases: an open transaction delays log truncation.
 */
const codes = (d: Driver) =>
  (d.last?.observations ?? []).flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));

const group = () => {
  const d = new Driver(loadExampleConfig('resync-three-replicas.json'));
  return d;
};

describe('open transactions (SEED004; S6 truncation_lsn)', () => {
  it('a begun transaction is never acknowledged', () => {
    const d = group();
    const r = d.do({ type: 'db.begin', database: 'SalesDB' });
    expect(codes(d)).toEqual(['TRANSACTION_BEGUN']);
    expect(r.observations.some((o) => o.type === 'commit.acknowledged')).toBe(false);
    // It writes no commit record: there is nothing for a secondary to harden and acknowledge.
    expect(d.refuse({ type: 'log.ship', replica: 'SQLNODE2' })).toEqual(['NO_LOG_TO_SEND']);
    expect(d.cluster.logs.SalesDB?.openTransactions).toHaveLength(1);
  });

  it('an automatic failover rolls it back on the new primary, and the trace says so', () => {
    const d = group();
    d.do({ type: 'db.begin', database: 'SalesDB' });
    d.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    expect(d.facts().primary).toBe('SQLNODE2');
    expect(codes(d)).toContain('OPEN_TRANSACTIONS_ROLLED_BACK');
    const note = d.last?.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'OPEN_TRANSACTIONS_ROLLED_BACK',
    );
    expect(note?.type === 'note' && note.reason.message).toContain(
      'rolled back on the new primary SQLNODE2',
    );
    expect(d.cluster.logs.SalesDB?.openTransactions).toEqual([]);
  });

  it('a long-running open transaction holds log truncation while later commits are acknowledged', () => {
    const d = group();
    const began = d.row('SQLNODE1', 'SalesDB')?.lastHardenedLsn;
    d.do({ type: 'db.begin', database: 'SalesDB' });
    d.do({ type: 'db.commit', database: 'SalesDB', count: 3 });
    for (const r of ['SQLNODE2', 'SQLDR1']) d.sync(r);
    expect(d.row('SQLNODE1', 'SalesDB')?.truncationLsn).toBe(began);
    d.do({
      type: 'db.backup',
      replica: 'SQLNODE1',
      database: 'SalesDB',
      backupType: 'LOG',
      file: 'log.trn',
    });
    expect(codes(d)).toContain('LOG_HELD_BY_OPEN_TRANSACTION');
    expect(d.cluster.catalog.SalesDB?.truncatedLsn).toBe(began);
  });

  it('a planned failover rolls it back too: the session that held it is gone', () => {
    const d = group();
    d.do({ type: 'db.begin', database: 'SalesDB' });
    d.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(codes(d)).toContain('OPEN_TRANSACTIONS_ROLLED_BACK');
  });
});
