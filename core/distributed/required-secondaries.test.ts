import { describe, expect, it } from 'vitest';
import { DistributedDriver } from './test-support.js';

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT on a distributed group (S3): it "guarantees that SQL
 * Server transactions wait until the transaction logs are updated on the minimum number of
 * secondary replicas"; "Configure a distributed availability group" (S88), SQL Server 2022 and
 * later, sets it to 1 on the global primary "to ensure there's no data loss". A commit still
 * waiting for the forwarder when the link stops is therefore not acknowledged (it fails), where
 * with 0 the global primary completes it alone (S43: the wait is on the synchronous link).
 */

/** The documented group, synchronous and SYNCHRONIZED across the link, with RSSTC as given. */
const linked = (required: 0 | 1) => {
  const d = new DistributedDriver(2022);
  d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
  d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
  d.commit();
  d.shipAcross();
  d.do({ type: 'distributed.setRequiredSecondaries', value: required });
  // A commit hardened within ag1, still waiting for the forwarder.
  d.commit();
  d.member('ag1', { type: 'log.ship', replica: 'server2' });
  d.member('ag1', { type: 'log.harden', replica: 'server2' });
  return d;
};

const acknowledgedTop = (d: DistributedDriver) => d.log().acknowledged.at(-1)?.toLsn ?? 0n;

describe('a commit waiting for the forwarder when the link stops (S3, S88)', () => {
  it('with RSSTC = 1 is not acknowledged when the link disconnects', () => {
    const d = linked(1);
    const before = acknowledgedTop(d);
    const r = d.do({ type: 'distributed.disconnect' });
    expect(r.observations.map((o) => o.type)).not.toContain('distributed.acknowledged');
    expect(acknowledgedTop(d)).toBe(before);
  });

  it('with RSSTC = 1 is not acknowledged when the forwarder is forced to PRIMARY, and none is lost', () => {
    const d = linked(1);
    const before = acknowledgedTop(d);
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(acknowledgedTop(d)).toBe(before);
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(d.log().lost).toEqual([]);
  });

  it('with RSSTC = 0 is acknowledged by the global primary alone once the link stops', () => {
    const d = linked(0);
    const before = acknowledgedTop(d);
    const r = d.do({ type: 'distributed.disconnect' });
    expect(r.observations.map((o) => o.type)).toContain('distributed.acknowledged');
    expect(acknowledgedTop(d)).toBeGreaterThan(before);
  });
});
