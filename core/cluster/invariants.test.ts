import { describe, expect, it } from 'vitest';
import { group } from '../explore/test-support.js';
import type { ClusterEvent } from '../model/events.js';
import { createCluster } from './build.js';
import { stepViolations } from './invariants.js';
import type { Observation } from './observation.js';
import { step } from './step.js';
import type { Cluster } from './types.js';

/**
 * predictedLossIsActualLoss: a forced failover loses exactly what forcedFailoverLoss predicted
 * from the facts before it (S2: FORCE_FAILOVER_ALLOW_DATA_LOSS loses what the target had not
 * hardened). The step keeps it, so the test alters what the step reports and expects the
 * invariant to see each change.
 */
const run = (c: Cluster, events: readonly ClusterEvent[]): Cluster =>
  events.reduce((at, e) => {
    const r = step(at, e);
    expect(r.refused, e.type).toEqual([]);
    return r.cluster;
  }, c);

// Two synchronous replicas with automatic failover (S1, S2) and one asynchronous (A1).
const start = createCluster(group(0, 2, 1));
// The asynchronous secondary A1 misses two commits S2 hardened (so they were acknowledged); S1
// fails over to S2 on its own; then A1 is forced to primary.
const before = run(start, [
  { type: 'replica.disconnect', replica: 'A1' },
  { type: 'db.commit', database: 'db1', count: 2 },
  { type: 'log.ship', replica: 'S2' },
  { type: 'log.harden', replica: 'S2' },
  { type: 'replica.crash', replica: 'S1' },
]);
const force: ClusterEvent = { type: 'ag.forceFailover', target: 'A1' };
const forced = step(before, force);

type Completed = Extract<Observation, { type: 'failover.completed' }>;
const completed = forced.observations.find((o): o is Completed => o.type === 'failover.completed');

const withLost = (lost: Completed['lost']) => ({
  ...forced,
  observations: forced.observations.map((o) => (o === completed ? { ...o, lost } : o)),
});

const flagged = (result: typeof forced) =>
  stepViolations(before, force, result).some((v) => v.invariant === 'predictedLossIsActualLoss');

describe('predictedLossIsActualLoss', () => {
  it('holds when the forced failover loses what was predicted', () => {
    expect(forced.refused).toEqual([]);
    expect(completed?.form).toBe('forced');
    expect(completed?.lost.map((l) => l.database)).toEqual(['db1']);
    expect(flagged(forced)).toBe(false);
  });

  it('sees a loss that differs from the prediction in any range bound, database or count', () => {
    const lost = completed!.lost;
    const range = lost[0]!.ranges[0]!;
    expect(flagged(withLost([]))).toBe(true);
    expect(flagged(withLost([{ ...lost[0]!, database: 'db2' }]))).toBe(true);
    expect(
      flagged(withLost([{ ...lost[0]!, ranges: [{ ...range, toLsn: range.toLsn + 1n }] }])),
    ).toBe(true);
    expect(
      flagged(withLost([{ ...lost[0]!, ranges: [{ ...range, fromLsn: range.fromLsn - 1n }] }])),
    ).toBe(true);
    expect(flagged(withLost([{ ...lost[0]!, ranges: [{ ...range, fork: range.fork + 1 }] }]))).toBe(
      true,
    );
    expect(flagged(withLost([...lost, ...lost]))).toBe(true);
    expect(flagged(withLost([{ ...lost[0]!, ranges: [] }]))).toBe(true);
  });
});
