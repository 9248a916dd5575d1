import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import { pageRepairSource } from './page-repair.js';

/** SEED003 "Automatic Page Repair", paragraph by paragraph, on the three-replica example. */
const DB = 'SalesDB';
const fresh = () => new Driver(loadExampleConfig('resync-three-replicas.json'));

describe('automatic page repair', () => {
  it('"If a secondary replica cannot read a page, the replica requests a fresh copy of the page from the primary replica"', () => {
    const v = pageRepairSource(fresh().facts(), 'SQLDR1', DB);
    expect(v.from).toBe('SQLNODE1');
    expect(v.asked.map((a) => a.replica)).toEqual(['SQLNODE1']);
  });

  it('"If the primary replica cannot read a page, the replica broadcasts a request ... and gets the page from the first to respond"', () => {
    const v = pageRepairSource(fresh().facts(), 'SQLNODE1', DB);
    expect(v.asked.map((a) => a.replica)).toEqual(['SQLNODE2', 'SQLDR1']);
    expect(v.from).toBe('SQLNODE2');
  });

  it('never crosses a suspended or disconnected database: the next secondary answers instead', () => {
    const ag = fresh();
    ag.do({ type: 'db.suspend', replica: 'SQLNODE2', database: DB });
    const v = pageRepairSource(ag.facts(), 'SQLNODE1', DB);
    expect(v.asked[0]).toMatchObject({ replica: 'SQLNODE2', canAnswer: false });
    expect(v.asked[0]?.reasons.map((r) => r.code)).toEqual(['DATABASE_SUSPENDED']);
    expect(v.from).toBe('SQLDR1');
  });

  it('when no replica can answer, the page stays unreadable, with every reason', () => {
    const ag = fresh();
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    ag.do({ type: 'replica.disconnect', replica: 'SQLDR1' });
    ag.do({ type: 'time.advance', ms: 10_000 });
    const v = pageRepairSource(ag.facts(), 'SQLNODE1', DB);
    expect(v.from).toBeNull();
    expect(v.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['NO_REPLICA_ANSWERS', 'REPLICA_DOWN', 'REPLICA_DISCONNECTED']),
    );
  });

  it('a suspended secondary cannot get the page from the primary either', () => {
    const ag = fresh();
    ag.do({ type: 'db.suspend', replica: 'SQLDR1', database: DB });
    const v = pageRepairSource(ag.facts(), 'SQLDR1', DB);
    expect(v.from).toBeNull();
    expect(v.reasons.map((r) => r.code)).toEqual(['DATABASE_SUSPENDED']);
  });
});

describe('db.pageError through the cluster step', () => {
  it('repairs a secondary page from the primary', () => {
    const r = fresh().do({ type: 'db.pageError', replica: 'SQLDR1', database: DB, page: 1234 });
    expect(r.observations).toContainEqual({
      type: 'page.repaired',
      replica: 'SQLDR1',
      database: DB,
      page: 1234,
      from: 'SQLNODE1',
    });
  });

  it('suspends a secondary copy whose page nobody can send (redo cannot pass it)', () => {
    const ag = fresh();
    ag.do({ type: 'replica.disconnect', replica: 'SQLDR1' });
    ag.do({ type: 'time.advance', ms: 10_000 });
    const r = ag.do({ type: 'db.pageError', replica: 'SQLDR1', database: DB, page: 7 });
    expect(r.observations[0]).toMatchObject({ type: 'page.unrepaired', page: 7 });
    expect(ag.row('SQLDR1', DB)).toMatchObject({
      isSuspended: true,
      suspendReason: 'SUSPEND_FROM_REDO',
    });
  });

  it('leaves the primary online when no secondary can answer', () => {
    const ag = fresh();
    ag.do({ type: 'db.suspend', replica: 'SQLNODE1', database: DB });
    const r = ag.do({ type: 'db.pageError', replica: 'SQLNODE1', database: DB, page: 9 });
    expect(r.observations[0]).toMatchObject({ type: 'page.unrepaired' });
    expect(ag.row('SQLNODE1', DB)?.databaseState).toBe('ONLINE');
  });
});
