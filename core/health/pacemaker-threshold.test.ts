import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import { decodeConfig } from '../model/decode.js';

/**
 * The maximum failures in a period is a WSFC role's setting ("Configure the flexible automatic
 * failover policy", S22: "Maximum Failures in the Specified Period"). A Pacemaker group has none:
 * "Configure a Pacemaker cluster for SQL Server availability groups" (S91): "If a replica goes
 * down, the cluster tries to restart the replica at an interval that is bound by the
 * failure-timeout value and the cluster-recheck-interval value"; "If a primary replica experiences
 * an outage, the cluster is expected to fail over to one of the available secondary replicas".
 * The third failure of the primary within minutes was refused as past "n − 1 for 3 nodes".
 */
const pacemaker = () => {
  const config = decodeConfig({
    name: 'ag1',
    version: 2019,
    clusterType: 'EXTERNAL',
    databases: ['db1'],
    replicas: ['node1', 'node2', 'node3'].map((name) => ({
      name,
      endpointUrl: `TCP://${name}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'EXTERNAL',
    })),
  });
  if (E.isLeft(config)) throw new Error('bad config');
  return new Driver(config.right);
};

const failsOver = (d: Driver, replica: string): boolean =>
  d
    .do({ type: 'replica.crash', replica })
    .observations.some((o) => o.type === 'failover.completed' && o.form === 'automatic');

describe('a Pacemaker group is held to no maximum of failures in a period', () => {
  it('fails over a third time within minutes', () => {
    const d = pacemaker();
    expect(failsOver(d, 'node1')).toBe(true);
    d.do({ type: 'replica.restart', replica: 'node1' });
    d.do({ type: 'time.advance', ms: 60_000 });
    expect(failsOver(d, 'node2')).toBe(true);
    d.do({ type: 'replica.restart', replica: 'node2' });
    d.do({ type: 'time.advance', ms: 60_000 });
    expect(failsOver(d, 'node1')).toBe(true);
    const health = decide(d.facts()).health;
    expect(health.thresholdExceeded).toBeNull();
    expect(health.maxFailuresInPeriod).toBeNull();
  });

  it('names no WSFC view or cmdlet as what would settle it', () => {
    const { failureTimesMs: _, ...snapshotLike } = pacemaker().facts();
    const health = decide(snapshotLike).health;
    expect(health.maxFailuresUnknown).toBeNull();
    expect(health.failuresUnknown).toBeNull();
    expect(health.failuresInPeriod).toBeNull();
  });
});
