import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { step } from '../cluster/step.js';
import { Driver } from '../cluster/test-support.js';
import { decodeConfig } from '../model/decode.js';
import type { ClusterEvent } from '../model/events.js';

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT, row by row, against the table for three synchronous
 * replicas in "High availability and data protection for availability group configurations"
 * (S29, docs/linux/sql-server-linux-availability-group-ha.md, "Three synchronous replicas"):
 *
 * | required_synchronized_secondaries_to_commit                        | 0 | 1 | 2 |
 * | Automatic failover after primary replica outage                    |   | ✔ |   |
 * | Primary replica available after one secondary replica outage       | ✔ | ✔ |   |
 * | Primary replica available after two secondary replica outages      |   |   |   |
 * | Manual failover after primary replica outage - possible data loss  | ✔ |   |   |
 *
 * and ALTER AVAILABILITY GROUP (S3), REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: if the minimum
 * number of replicas is not available, commits on the primary fail. The third row had ✔ at 0 in a
 * pre-release revision of the page; the revision of 10/20/2025 (S90) says of "Two secondary
 * replicas outage" at 0 and at 1: "The primary is available only for reads and not for writes
 * until one of the secondary replicas recovers and rejoins the availability group".
 */
const group = (required: number) => {
  const config = decodeConfig({
    name: 'ag1',
    version: 2019,
    clusterType: 'EXTERNAL',
    requiredSynchronizedSecondariesToCommit: required,
    databases: ['db1'],
    replicas: ['server1', 'server2', 'server3'].map((name) => ({
      name,
      endpointUrl: `tcp://${name}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'EXTERNAL',
    })),
  });
  if (E.isLeft(config)) throw new Error('bad config');
  return new Driver(config.right);
};

/** Whether the primary takes a commit: refused means "not available for user transactions". */
const commitCodes = (d: Driver) =>
  step(d.cluster, { type: 'db.commit', database: 'db1' }).refused.map((r) => r.code);

describe('three synchronous replicas (S29 table; S3 commits fail)', () => {
  it.each([
    [0, false],
    [1, true],
  ])(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = %i: automatic failover after a primary outage: %s',
    (required, automatic) => {
      const d = group(required);
      const r = d.do({ type: 'replica.crash', replica: 'server1' });
      const failedOver = r.observations.some(
        (o) => o.type === 'failover.completed' && o.form === 'automatic',
      );
      expect(failedOver).toBe(automatic);
      if (!automatic) {
        // The row "Manual failover after primary replica outage - possible data loss": ✔ at 0.
        expect(d.facts().primary).toBeNull();
        d.do({ type: 'ag.forceFailover', target: 'server2' });
        expect(d.facts().primary).toBe('server2');
      }
    },
  );

  it('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2: after a primary outage the group has no primary that takes user transactions', () => {
    const d = group(2);
    d.do({ type: 'replica.crash', replica: 'server1' });
    // Either no automatic failover (the current table) or a new primary that refuses commits
    // (the 2017 revision of the page): the model fails over, and the primary refuses commits.
    expect(commitCodes(d)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
  });

  it.each([
    [0, []],
    [1, []],
    [2, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']],
  ])(
    '= %i: primary available after one secondary replica outage: refusals %j',
    (required, refusals) => {
      const d = group(required);
      d.do({ type: 'replica.crash', replica: 'server2' });
      expect(commitCodes(d)).toEqual(refusals);
    },
  );

  it.each([
    [0, ['EXTERNAL_WRITE_MAJORITY_LOST']],
    [1, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET', 'EXTERNAL_WRITE_MAJORITY_LOST']],
    [2, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET', 'EXTERNAL_WRITE_MAJORITY_LOST']],
  ])(
    '= %i: primary not available for writes after two secondary replica outages: refusals %j',
    (required, refusals) => {
      const d = group(required);
      d.do({ type: 'replica.crash', replica: 'server2' });
      d.do({ type: 'replica.crash', replica: 'server3' });
      expect(commitCodes(d)).toEqual(refusals);
    },
  );

  it('the WSFC page: too few synchronized secondaries and commits fail, even while both are connected (S3)', () => {
    const config = decodeConfig({
      name: 'ag1',
      version: 2019,
      clusterType: 'WSFC',
      requiredSynchronizedSecondariesToCommit: 1,
      databases: ['db1'],
      replicas: ['A', 'B', 'C'].map((name) => ({
        name,
        endpointUrl: `TCP://${name}:5022`,
        availabilityMode: name === 'C' ? 'ASYNCHRONOUS_COMMIT' : 'SYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
      })),
    });
    if (E.isLeft(config)) throw new Error('bad config');
    const d = new Driver(config.right);
    expect(commitCodes(d)).toEqual([]);
    d.do({ type: 'db.suspend', replica: 'B', database: 'db1' });
    // B is connected but suspended: not synchronized; the asynchronous C never counts.
    expect(commitCodes(d)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
  });

  it('the note at a lost secondary says what still holds the commits, not that they stop waiting (S3)', () => {
    // "the SQL Server that hosts the primary replica marks that secondary replica as NOT
    // SYNCHRONIZED and proceeds ... the primary replica doesn't proceed until the minimum number of
    // replicas have committed each transaction" (S3).
    const noteOf = (required: number, event: ClusterEvent): string => {
      const d = group(required);
      const r = d.do(event);
      const o = r.observations.find((x) => x.type === 'replica.disconnected');
      return o?.type === 'replica.disconnected' ? o.reason.message : '';
    };
    const crash: ClusterEvent = { type: 'replica.crash', replica: 'server2' };
    expect(noteOf(0, crash)).toMatch(/the primary stops waiting for server2$/);
    expect(noteOf(1, crash)).toContain(
      'the primary stops waiting for server2, but each commit still waits for 1 synchronized secondary (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1)',
    );
    const d = group(2);
    d.do({ type: 'replica.disconnect', replica: 'server3' });
    const timedOut = d.do({ type: 'time.advance', ms: 60_000 });
    const note = timedOut.observations.find((x) => x.type === 'replica.disconnected');
    expect(note?.type === 'replica.disconnected' && note.reason.code).toBe('SESSION_TIMEOUT');
    expect(note?.type === 'replica.disconnected' && note.reason.message).toContain(
      'each commit still waits for 2 synchronized secondaries',
    );
  });
});
