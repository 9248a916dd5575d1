import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../../core/cluster/test-support.js';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, type Row } from './test-support.js';

/*
 * "Error 9002: The transaction log for database is full due to AVAILABILITY_REPLICA" (KB2922898,
 * MicrosoftDocs/SupportArticles-docs support/sql/database-engine/availability-groups/
 * error-9002-transaction-log-large.md), Troubleshooting, Scenario 2: "The primary replica can only
 * truncate and reuse its own transaction log up to the point that all secondary replica's redo
 * threads have applied. If there is more than one secondary, compare the truncation_lsn column of
 * the sys.dm_hadr_database_replica_states dynamic management view across the multiple secondaries
 * to identify which secondary database is delaying log truncation the most." Its query runs on the
 * primary, WHERE drs.is_local=0, ORDER BY drs.truncation_lsn.
 * The snapshot, taken on the primary SQL1: SQL2 (synchronous, readable) with its redo blocked and
 * the lowest truncation_lsn, SQL3 (asynchronous) caught up on redo. Names and LSNs are invented.
 */
const text = readFileSync(
  new URL('./fixtures/kb2922898-redo-latency-truncation.json', import.meta.url),
  'utf8',
);

const idOf = (s: JsonSnapshot, name: string): unknown =>
  s['sys.availability_replicas']!.find((r) => r.replica_server_name === name)!.replica_id;

/** The same moment as SQL2's own snapshot shows it: its rows alone, the primary named. */
const seenFromSql2 = (): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  const sql2 = idOf(s, 'SQL2');
  const own = (rows: Row[]) =>
    rows.filter((r) => r.replica_id === sql2).map((r) => ({ ...r, is_local: true }));
  s['sys.dm_hadr_availability_replica_states'] = own(s['sys.dm_hadr_availability_replica_states']!);
  s['sys.dm_hadr_database_replica_states'] = own(s['sys.dm_hadr_database_replica_states']!);
  s['sys.dm_hadr_availability_group_states'] = [
    { group_id: s['sys.availability_groups']![0]!.group_id, primary_replica: 'SQL1' },
  ];
  return JSON.stringify(s);
};

describe("which copy holds the primary's log truncation (KB2922898, Scenario 2)", () => {
  it('names the copy with the lowest truncation_lsn, its queues, and the others', () => {
    const [h] = decide(factsOf(text)).logTruncation;
    expect(h).toMatchObject({
      database: 'db1',
      primary: 'SQL1',
      status: 'known',
      heldAtLsn: 120000000450000001n,
      holders: ['SQL2'],
      primaryTruncationLsn: 120000000450000001n,
    });
    expect(h!.copies).toEqual([
      { replica: 'SQL2', truncationLsn: 120000000450000001n },
      { replica: 'SQL3', truncationLsn: 124000000100000001n },
    ]);
    const [r] = h!.reasons;
    expect(r!.code).toBe('LOG_TRUNCATION_HELD_BY_COPY');
    expect(r!.message).toContain('redo_queue_size 41943040 KB');
    expect(r!.message).toContain('SQL3 at 124000000100000001');
    // The snapshot holds no log_reuse_wait_desc: it does not claim the copy is why the log is full.
    expect(r!.message).toContain('sys.databases.log_reuse_wait_desc');
  });

  it('is unknown, naming the column, where a copy’s truncation_lsn is not in the snapshot', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    const sql3 = idOf(s, 'SQL3');
    for (const r of s['sys.dm_hadr_database_replica_states']!)
      if (r.replica_id === sql3) r.truncation_lsn = null;
    const [h] = decide(factsOf(JSON.stringify(s))).logTruncation;
    expect(h!.status).toBe('unknown');
    // SQL3 could be lower still: the lowest shown is given, not as the answer.
    expect(h!.holders).toEqual(['SQL2']);
    expect(h!.reasons.map((r) => r.code)).toEqual(['LOG_TRUNCATION_HOLDER_UNKNOWN']);
    expect(h!.reasons[0]!.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.truncation_lsn (on the primary, is_local = 0) for SQL3',
      'sys.dm_hadr_database_replica_cluster_states.truncation_lsn',
    ]);
  });

  it('is unknown from a secondary’s own snapshot, which shows no other copy', () => {
    const [h] = decide(factsOf(seenFromSql2())).logTruncation;
    expect(h!.status).toBe('unknown');
    expect(h!.reasons[0]!.settledBy?.[0]).toContain('for SQL3');
  });

  it('names a disconnected copy as holding it, and none where every copy is at the same LSN', () => {
    // Scenario 1: "Any delay in the delivery or hardening of these blocks to any replica in the
    // Availability Group will prevent truncation". The asynchronous SQL3 is DISCONNECTED.
    const delivery = readFileSync(
      new URL('./fixtures/kb2922898-delivery-latency-truncation.json', import.meta.url),
      'utf8',
    );
    const [db1, db2] = decide(factsOf(delivery)).logTruncation;
    expect(db1).toMatchObject({
      status: 'known',
      heldAtLsn: 61000000020000001n,
      holders: ['SQL3'],
    });
    expect(db1!.reasons[0]!.message).toContain('SQL3 (DISCONNECTED, NOT SYNCHRONIZING');
    expect(db2!.holders).toEqual(['SQL2', 'SQL3']);
    expect(db2!.reasons[0]!.message).toContain('none is behind the others');
  });

  it('is unknown, not absent, where the snapshot does not show which replica is primary', () => {
    const s = JSON.parse(seenFromSql2()) as JsonSnapshot;
    delete s['sys.dm_hadr_availability_group_states'];
    const [h] = decide(factsOf(JSON.stringify(s))).logTruncation;
    expect(h).toMatchObject({ primary: null, status: 'unknown', holders: [] });
    expect(h!.reasons.map((r) => r.code)).toEqual(['NO_PRIMARY_VIEW']);
  });

  it('in a simulated group, names the secondary that stopped receiving the log (SEED004)', () => {
    // SEED004 walk-through 1: with SQLDR1 down, commits go on and the primary "does not truncate
    // the logs until a secondary replica is in sync again".
    const ag = new Driver(loadExampleConfig('resync-three-replicas.json'));
    ag.do({ type: 'replica.crash', replica: 'SQLDR1' });
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 5 });
    ag.sync('SQLNODE2');
    const [h] = decide(ag.facts()).logTruncation;
    expect(h).toMatchObject({ status: 'known', heldAtLsn: 0n, holders: ['SQLDR1'] });
    expect(h!.copies).toEqual([
      { replica: 'SQLNODE2', truncationLsn: 5n },
      { replica: 'SQLDR1', truncationLsn: 0n },
    ]);
  });

  it('in a simulated group, says the primary holds it itself below the copies (an open transaction)', () => {
    const ag = new Driver(loadExampleConfig('resync-three-replicas.json'));
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 2 });
    ag.do({ type: 'db.begin', database: 'SalesDB' });
    ag.do({ type: 'db.commit', database: 'SalesDB', count: 3 });
    for (const r of ['SQLNODE2', 'SQLDR1']) ag.sync(r);
    const [h] = decide(ag.facts()).logTruncation;
    expect(h!.primaryTruncationLsn).toBeLessThan(h!.heldAtLsn!);
    expect(h!.reasons[0]!.message).toContain('held on the primary itself');
  });
});
