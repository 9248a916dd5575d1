import { describe, expect, it } from 'vitest';
import { primaryName } from './select.js';
import { Driver, loadExampleConfig } from './test-support.js';

/**
 * SEED004 "SQL Server Always On Availability Group Data Resynchronization": three replicas, two
 * with synchronous commit in the data centre (SQLNODE1 primary, SQLNODE2) and one with
 * asynchronous commit in DR (SQLDR1), one database.
 */
const config = loadExampleConfig('resync-three-replicas.json');
const DB = 'SalesDB';

describe('SEED004 walk-through 1: secondaries go down and come back', () => {
  it('goes NOT SYNCHRONIZING, lets commits continue, then SYNCHRONIZING and SYNCHRONIZED (the async one stays SYNCHRONIZING)', () => {
    const ag = new Driver(config);
    expect(ag.state('SQLNODE2', DB)).toBe('SYNCHRONIZED');
    expect(ag.state('SQLDR1', DB)).toBe('SYNCHRONIZING');

    // "I have stopped SQL services on both secondary replicas."
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    ag.do({ type: 'replica.crash', replica: 'SQLDR1' });
    expect(ag.state('SQLNODE2', DB)).toBe('NOT SYNCHRONIZING');
    expect(ag.state('SQLDR1', DB)).toBe('NOT SYNCHRONIZING');

    // "In this mode, Primary replica does not wait for the acknowledgement from the secondary replica."
    const commit = ag.do({ type: 'db.commit', database: DB, count: 5 });
    expect(commit.observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', toLsn: 5n, hardenedOn: ['SQLNODE1'] }),
    );
    // "The primary replica is ahead of the secondary replica."
    expect(ag.row('SQLNODE1', DB)?.lastHardenedLsn).toBe(5n);
    expect(ag.row('SQLNODE2', DB)?.lastHardenedLsn).toBe(0n);
    // "It commits the transactions but does not truncate the logs until a secondary replica is in sync again."
    expect(ag.row('SQLNODE1', DB)?.truncationLsn).toBe(0n);

    // "Once the SQL Services are up ... it changes synchronization state from Not Synchronizing to Synchronizing."
    ag.do({ type: 'replica.restart', replica: 'SQLNODE2' });
    expect(ag.replica('SQLNODE2')?.connectedState).toBe('CONNECTED');
    expect(ag.state('SQLNODE2', DB)).toBe('SYNCHRONIZING');
    // While it catches up, commits are not held back by it.
    expect(ag.do({ type: 'db.commit', database: DB }).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['SQLNODE1'] }),
    );
    // "...until last_hardened_lsn of both primary and secondary replica is the same": SYNCHRONIZED.
    ag.do({ type: 'log.ship', replica: 'SQLNODE2' });
    expect(ag.row('SQLNODE2', DB)?.lastReceivedLsn).toBe(6n);
    expect(ag.state('SQLNODE2', DB)).toBe('SYNCHRONIZING');
    ag.do({ type: 'log.harden', replica: 'SQLNODE2' });
    expect(ag.state('SQLNODE2', DB)).toBe('SYNCHRONIZED');
    // "SQL Server again starts waiting for the acknowledgement from secondary replica for all transactions."
    const waiting = ag.do({ type: 'db.commit', database: DB });
    expect(waiting.observations).toContainEqual(
      expect.objectContaining({ type: 'commit.pending', waitingFor: ['SQLNODE2'] }),
    );
    const acked = ag.sync('SQLNODE2');
    expect(acked).toBeUndefined();
    expect(ag.last?.observations).toContainEqual(
      expect.objectContaining({
        type: 'commit.acknowledged',
        toLsn: 7n,
        hardenedOn: ['SQLNODE1', 'SQLNODE2'],
      }),
    );

    // "Asynchronous data commit mode remains the same": the DR replica goes to SYNCHRONIZING only.
    ag.do({ type: 'replica.restart', replica: 'SQLDR1' });
    expect(ag.state('SQLDR1', DB)).toBe('SYNCHRONIZING');
    ag.sync('SQLDR1');
    expect(ag.row('SQLDR1', DB)?.lastHardenedLsn).toBe(7n);
    expect(ag.state('SQLDR1', DB)).toBe('SYNCHRONIZING');
    expect(ag.row('SQLNODE1', DB)?.truncationLsn).toBe(7n);
  });
});

describe('SEED004 walk-through 2: automatic failover when the primary goes down', () => {
  it('fails over to the synchronized secondary; the old primary returns as a secondary and resynchronizes; no failback', () => {
    const ag = new Driver(config);
    ag.do({ type: 'db.commit', database: DB, count: 3 });
    ag.sync('SQLNODE2');
    const failover = ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    expect(failover.observations).toContainEqual(
      expect.objectContaining({
        type: 'failover.completed',
        form: 'automatic',
        from: 'SQLNODE1',
        to: 'SQLNODE2',
        lost: [],
      }),
    );
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
    expect(ag.replica('SQLNODE2')?.role).toBe('PRIMARY');
    // No committed transaction is lost: the new primary holds LSN 3.
    expect(ag.row('SQLNODE2', DB)?.lastHardenedLsn).toBe(3n);
    // The DR replica reconnects to the new primary.
    expect(ag.state('SQLDR1', DB)).toBe('SYNCHRONIZING');

    // The new primary commits while the old one is still down.
    ag.do({ type: 'db.commit', database: DB });
    ag.do({ type: 'replica.restart', replica: 'SQLNODE1' });
    expect(ag.replica('SQLNODE1')?.role).toBe('SECONDARY');
    expect(ag.state('SQLNODE1', DB)).toBe('SYNCHRONIZING');
    ag.sync('SQLNODE1');
    expect(ag.state('SQLNODE1', DB)).toBe('SYNCHRONIZED');
    // "It does not do automatic failover again."
    expect(primaryName(ag.cluster)).toBe('SQLNODE2');
  });
});

describe('SEED004 walk-through 3: planned manual failover', () => {
  it('is failover ready only on the synchronous secondary, and moves the primary role there without data loss', () => {
    const ag = new Driver(config);
    ag.do({ type: 'db.commit', database: DB, count: 4 });
    ag.sync('SQLNODE2');
    // "The bottom two rows are showing failover ready ... DR ... does not show is_failover_ready."
    expect(ag.row('SQLNODE2', DB)?.isFailoverReady).toBe(true);
    expect(ag.row('SQLDR1', DB)?.isFailoverReady).toBe(false);

    expect(ag.refuse({ type: 'ag.failover', target: 'SQLDR1' })).toEqual(
      expect.arrayContaining(['TARGET_NOT_SYNCHRONOUS_COMMIT', 'DATABASE_NOT_SYNCHRONIZED']),
    );

    const done = ag.do({ type: 'ag.failover', target: 'SQLNODE2' });
    expect(done.observations).toContainEqual(
      expect.objectContaining({
        type: 'failover.completed',
        form: 'planned',
        to: 'SQLNODE2',
        lost: [],
      }),
    );
    expect(ag.replica('SQLNODE1')?.role).toBe('SECONDARY');
    // The old primary handed over every record, so it reports the same end of log: SYNCHRONIZED at once.
    expect(ag.state('SQLNODE1', DB)).toBe('SYNCHRONIZED');
    const next = ag.do({ type: 'db.commit', database: DB });
    expect(next.observations).toContainEqual(
      expect.objectContaining({ type: 'commit.pending', waitingFor: ['SQLNODE1'] }),
    );
  });
});

describe('SEED004 walk-through 4: forced failover with data loss (LSN 90 and 150)', () => {
  it('loses what the DR replica lacked; the old primary returns suspended and rolls back to 90 on resume', () => {
    const ag = new Driver(config);
    ag.do({ type: 'db.commit', database: DB, count: 90 });
    ag.sync('SQLNODE2');
    ag.sync('SQLDR1');
    // "Secondary replica for synchronous data commit is down."
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    ag.do({ type: 'db.commit', database: DB, count: 60 });
    expect(ag.row('SQLNODE1', DB)?.lastHardenedLsn).toBe(150n);
    expect(ag.row('SQLDR1', DB)?.lastHardenedLsn).toBe(90n);

    // "The primary replica also goes down": no automatic failover is possible.
    const down = ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    expect(down.observations).toContainEqual(
      expect.objectContaining({ type: 'failover.notPossible' }),
    );
    expect(primaryName(ag.cluster)).toBeNull();

    const forced = ag.do({ type: 'ag.forceFailover', target: 'SQLDR1' });
    expect(forced.observations).toContainEqual(
      expect.objectContaining({
        type: 'failover.completed',
        form: 'forced',
        to: 'SQLDR1',
        lost: [{ database: DB, ranges: [{ fork: 0, fromLsn: 90n, toLsn: 150n }] }],
      }),
    );
    expect(ag.row('SQLDR1', DB)?.lastHardenedLsn).toBe(90n);

    // "Once the old primary replica is brought online, it shows its synchronization as suspended."
    ag.do({ type: 'replica.restart', replica: 'SQLNODE1' });
    expect(ag.replica('SQLNODE1')?.role).toBe('SECONDARY');
    expect(ag.row('SQLNODE1', DB)).toMatchObject({
      isSuspended: true,
      suspendReason: 'SUSPEND_FROM_PARTNER',
      synchronizationState: 'NOT SYNCHRONIZING',
      lastHardenedLsn: 150n,
    });
    // On resume it "rolls back its transaction to LSN 90 and start the synchronization process".
    ag.do({ type: 'db.resume', replica: 'SQLNODE1', database: DB });
    expect(ag.state('SQLNODE1', DB)).toBe('REVERTING');
    // While it undoes, the database is in recovery and cannot be read: "reported as RECOVERING
    // with a REVERTING synchronization state" (AlwaysOn support team blog, on the revert).
    expect(ag.row('SQLNODE1', DB)?.databaseState).toBe('RECOVERING');
    ag.do({ type: 'log.ship', replica: 'SQLNODE1' });
    expect(ag.state('SQLNODE1', DB)).toBe('INITIALIZING');
    expect(ag.row('SQLNODE1', DB)?.lastHardenedLsn).toBe(90n);
    expect(ag.row('SQLNODE1', DB)?.databaseState).toBe('RECOVERING');
    ag.do({ type: 'log.harden', replica: 'SQLNODE1' });
    expect(ag.state('SQLNODE1', DB)).toBe('SYNCHRONIZING');
    expect(ag.row('SQLNODE1', DB)?.databaseState).toBe('ONLINE');
  });
});
