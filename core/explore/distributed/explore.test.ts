import { describe, expect, it } from 'vitest';
import { DistributedDriver } from '../../distributed/test-support.js';
import { exploreDistributed } from './explore.js';

/**
 * The explorer on the distributed group of "Configure a distributed availability group" (S58,
 * https://learn.microsoft.com/sql/database-engine/availability-groups/windows/configure-distributed-availability-groups,
 * MicrosoftDocs/sql-docs configure-distributed-availability-groups.md): ag1 (server1, server2)
 * and ag2 (server3, server4) joined by distributedag with ASYNCHRONOUS_COMMIT. Its section "Fail
 * over to a secondary availability group" orders the failover: SYNCHRONOUS_COMMIT on both sides,
 * wait for SYNCHRONIZED and the same last_hardened_lsn, SET (ROLE = SECONDARY) on the global
 * primary, then FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder, after which "the distributed
 * availability group fails over without any data loss". "Understand distributed availability
 * groups" (S43): "only manual failover is supported", and only one group takes writes.
 */
const dag = () => new DistributedDriver().distributed;

describe('the explorer on a distributed availability group, statements in any order', () => {
  const r = exploreDistributed(dag(), { faults: 0, commits: 1, memberFailovers: false });

  it('searches the whole space', () => {
    expect(r.complete).toBe(true);
    expect(r.members).toEqual(['ag1', 'ag2']);
  });

  it('finds the failover run without waiting for the forwarder as the shortest loss', () => {
    const loss = r.answers.failoverLoss;
    expect(loss.answer).toBe(true);
    // The commit is acknowledged inside ag1 (server2 hardened it) but never crossed the link.
    expect(loss.trace?.map((s) => s.label)).toEqual([
      'commit db1 on server1 (ag1)',
      'ag1: deliver log to server2',
      'SET (ROLE = SECONDARY) on server1 (ag1)',
      'FORCE_FAILOVER_ALLOW_DATA_LOSS on server3 (ag2)',
    ]);
    const last = loss.trace?.at(-1)?.observations ?? [];
    expect(last).toContainEqual(
      expect.objectContaining({
        type: 'distributed.lost',
        database: 'db1',
        ranges: [expect.objectContaining({ member: 'ag1' })],
      }),
    );
    expect(r.answers.acknowledgedLoss.path).toEqual(loss.path);
  });

  it('finds forcing on the forwarder before demoting the global primary: both sides take writes', () => {
    const both = r.answers.bothWritable;
    expect(both.answer).toBe(true);
    expect(both.trace?.map((s) => s.label)).toEqual([
      'FORCE_FAILOVER_ALLOW_DATA_LOSS on server3 (ag2)',
    ]);
    expect(both.trace?.[0]?.observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({ code: 'TWO_GLOBAL_PRIMARIES' }),
      }),
    );
  });
});

describe('the explorer on the documented failover order (S58)', () => {
  it('loses no acknowledged commit and never has two writable sides', () => {
    const r = exploreDistributed(dag(), {
      faults: 0,
      commits: 1,
      procedure: 'documented',
      memberFailovers: false,
    });
    expect(r.complete).toBe(true);
    expect(r.answers.failoverLoss.answer).toBe(false);
    expect(r.answers.acknowledgedLoss.answer).toBe(false);
    expect(r.answers.bothWritable.answer).toBe(false);
  });

  it('still loses nothing with one fault: a crash inside a member or the link cut', () => {
    const r = exploreDistributed(dag(), {
      faults: 1,
      commits: 1,
      procedure: 'documented',
      memberFailovers: false,
    });
    expect(r.complete).toBe(true);
    expect(r.answers.failoverLoss.answer).toBe(false);
    expect(r.answers.bothWritable.answer).toBe(false);
  });
});
