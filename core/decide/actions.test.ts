import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { decodeConfig } from '../model/decode.js';
import { recommendedActions } from './actions.js';

/**
 * "What you can do now" covers the whole repair. "Perform a forced manual failover" (S44): after
 * a forced failover the secondary databases are suspended and data movement resumes only when
 * each is resumed; ALTER DATABASE SET HADR RESUME (S50) resumes a database suspended on the
 * primary there; "Flexible failover policy" (S23): past the maximum number of failures in the
 * period, the cluster does not fail the group over again.
 */
const config = (
  replicas: readonly [
    string,
    'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT',
    'AUTOMATIC' | 'MANUAL',
  ][],
) => {
  const c = decodeConfig({
    name: 'AG1',
    version: 2019,
    clusterType: 'WSFC',
    databases: ['db1'],
    replicas: replicas.map(([name, availabilityMode, failoverMode]) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}:5022`,
      availabilityMode,
      failoverMode,
    })),
  });
  if (E.isLeft(c)) throw new Error('bad config');
  return c.right;
};

const summary = (d: Driver) =>
  recommendedActions(d.facts()).map((a) =>
    a.event.type === 'db.resume' ? `resume ${a.event.replica}` : a.event.type,
  );

describe('what you can do now, after a forced failover (S44, S50)', () => {
  const forced = () => {
    const d = new Driver(
      config([
        ['A', 'SYNCHRONOUS_COMMIT', 'MANUAL'],
        ['B', 'SYNCHRONOUS_COMMIT', 'MANUAL'],
        ['C', 'ASYNCHRONOUS_COMMIT', 'MANUAL'],
        ['D', 'ASYNCHRONOUS_COMMIT', 'MANUAL'],
      ]),
    );
    d.do({ type: 'replica.crash', replica: 'A' });
    d.do({ type: 'ag.forceFailover', target: 'C' });
    d.do({ type: 'replica.restart', replica: 'A' });
    return d;
  };

  it('resumes every suspended copy, the synchronous-commit ones (failover targets again) first', () => {
    expect(summary(forced()).filter((x) => x.startsWith('resume'))).toEqual([
      'resume A',
      'resume B',
      'resume D',
    ]);
  });

  it('says that the old primary, once SYNCHRONIZED again, can take a planned failover back', () => {
    const a = recommendedActions(forced().facts()).find(
      (x) => x.event.type === 'db.resume' && x.event.replica === 'A',
    );
    expect(a?.why[0]?.message).toContain('fail back');
  });

  it('a database suspended on the primary is resumed there, once, for every secondary (S50)', () => {
    const d = new Driver(
      config([
        ['A', 'SYNCHRONOUS_COMMIT', 'MANUAL'],
        ['B', 'SYNCHRONOUS_COMMIT', 'MANUAL'],
      ]),
    );
    d.do({ type: 'db.suspend', replica: 'A', database: 'db1' });
    expect(summary(d)).toEqual(['resume A']);
  });
});

describe('what you can do now, past the failure threshold (S23)', () => {
  it('waits the failure out: one failure in six hours is the maximum for two nodes (n − 1)', () => {
    const d = new Driver(
      config([
        ['A', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
        ['B', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
      ]),
    );
    d.do({ type: 'replica.crash', replica: 'A' });
    expect(d.facts().primary).toBe('B');
    const wait = recommendedActions(d.facts()).find((a) => a.event.type === 'time.advance');
    expect(wait?.why.map((w) => w.code)).toEqual([
      'FAILURE_THRESHOLD_EXCEEDED',
      'WAIT_OUT_FAILURE_THRESHOLD',
    ]);
    expect(wait?.event).toEqual({ type: 'time.advance', ms: 6 * 60 * 60 * 1000 });
    d.do(wait!.event);
    expect(recommendedActions(d.facts()).some((a) => a.event.type === 'time.advance')).toBe(false);
  });
});
