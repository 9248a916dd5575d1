import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { step } from '../cluster/step.js';
import { Driver } from '../cluster/test-support.js';
import { decodeConfig } from '../model/decode.js';

/**
 * "High availability and data protection for availability group configurations" (S29, Microsoft
 * docs, linux/sql-server-linux-availability-group-ha.md, ms.date 10/16/2017, and its revision of
 * 10/20/2025, S90), "Two synchronous replicas and a configuration only replica", every cell:
 *
 * | REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT= | 0 (default) | 1 |
 * | Primary outage | Automatic failover. New primary is R/W. | Automatic failover. New primary is not available for user transactions. |
 * | Secondary replica outage | Primary is R/W, running exposed to data loss (if primary fails and cannot be recovered). No automatic failover if primary fails as well. | Primary is not available for user transactions. No replica to fail over to if primary fails as well. |
 * | Configuration only replica outage | Primary is R/W. No automatic failover if primary fails as well. | Primary is R/W. No automatic failover if primary fails as well. |
 * | Synchronous secondary + configuration only replica outage | Primary is not available for user transactions. No automatic failover. | Primary is not available for user transactions. No replica to failover to if primary fails as well. |
 *
 * The last row at 0 was wrong: the primary took writes with neither the secondary nor the
 * configuration-only replica reachable.
 */
const group = (required: number, third: 'CONFIGURATION_ONLY' | 'SYNCHRONOUS_COMMIT') => {
  const config = decodeConfig({
    name: 'ag1',
    version: 2019,
    clusterType: 'EXTERNAL',
    requiredSynchronizedSecondariesToCommit: required,
    databases: ['db1'],
    replicas: ['node1', 'node2', 'node3'].map((name) => ({
      name,
      endpointUrl: `TCP://${name}:5022`,
      availabilityMode: name === 'node3' ? third : 'SYNCHRONOUS_COMMIT',
      failoverMode: name === 'node3' && third === 'CONFIGURATION_ONLY' ? 'MANUAL' : 'EXTERNAL',
    })),
  });
  if (E.isLeft(config)) throw new Error('bad config');
  return new Driver(config.right);
};

const commitCodes = (d: Driver) =>
  step(d.cluster, { type: 'db.commit', database: 'db1' }).refused.map((r) => r.code);

const crash = (d: Driver, ...names: string[]) => {
  for (const replica of names) d.do({ type: 'replica.crash', replica });
};

/** The primary fails as well: does the cluster manager promote anyone? */
const failsOverAfterPrimary = (d: Driver): boolean =>
  d
    .do({ type: 'replica.crash', replica: 'node1' })
    .observations.some((o) => o.type === 'failover.completed' && o.form === 'automatic');

describe('two synchronous replicas and a configuration-only replica (S29, S90)', () => {
  it.each([
    [0, []],
    [1, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']],
  ])('= %i: primary outage: automatic failover; the new primary refuses: %j', (r, codes) => {
    const d = group(r, 'CONFIGURATION_ONLY');
    expect(failsOverAfterPrimary(d)).toBe(true);
    expect(d.facts().primary).toBe('node2');
    expect(commitCodes(d)).toEqual(codes);
  });

  it.each([
    [0, []],
    [1, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']],
  ])('= %i: secondary outage: the primary refuses %j; no failover if it fails too', (r, codes) => {
    const d = group(r, 'CONFIGURATION_ONLY');
    crash(d, 'node2');
    expect(commitCodes(d)).toEqual(codes);
    expect(failsOverAfterPrimary(d)).toBe(false);
  });

  it.each([0, 1])(
    '= %i: configuration-only outage: the primary is R/W; no failover if it fails too',
    (r) => {
      const d = group(r, 'CONFIGURATION_ONLY');
      crash(d, 'node3');
      expect(commitCodes(d)).toEqual([]);
      expect(failsOverAfterPrimary(d)).toBe(false);
    },
  );

  it.each([
    [0, ['EXTERNAL_WRITE_MAJORITY_LOST']],
    [1, ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET', 'EXTERNAL_WRITE_MAJORITY_LOST']],
  ])(
    '= %i: secondary + configuration-only outage: the primary refuses %j; no failover',
    (r, codes) => {
      const d = group(r, 'CONFIGURATION_ONLY');
      crash(d, 'node2', 'node3');
      expect(commitCodes(d)).toEqual(codes);
      expect(failsOverAfterPrimary(d)).toBe(false);
    },
  );

  it('a commit waiting when the primary loses its majority is not acknowledged by the primary alone', () => {
    const d = group(0, 'SYNCHRONOUS_COMMIT');
    d.do({ type: 'db.commit', database: 'db1' });
    crash(d, 'node2');
    const r = d.do({ type: 'replica.crash', replica: 'node3' });
    expect(r.observations.filter((o) => o.type === 'commit.acknowledged')).toEqual([]);
  });

  it('the majority comes back with a secondary: writes resume', () => {
    const d = group(0, 'CONFIGURATION_ONLY');
    crash(d, 'node2', 'node3');
    d.do({ type: 'replica.restart', replica: 'node3' });
    expect(commitCodes(d)).toEqual([]);
  });
});
