import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../model/config.js';
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

const replica = (name: string, synchronous: boolean) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}:5022`,
  availabilityMode: synchronous
    ? ('SYNCHRONOUS_COMMIT' as const)
    : ('ASYNCHRONOUS_COMMIT' as const),
  failoverMode: synchronous ? ('AUTOMATIC' as const) : ('MANUAL' as const),
});
const start = createCluster(
  resolveConfig({
    name: 'LOSS',
    version: 2019,
    databases: ['DB1'],
    replicas: [replica('R1', true), replica('R2', true), replica('R3', false)],
  }),
);
// The asynchronous secondary R3 misses two commits R2 hardened (so they were acknowledged); R1
// fails over to R2 on its own; then R3 is forced to primary.
const before = run(start, [
  { type: 'replica.disconnect', replica: 'R3' },
  { type: 'db.commit', database: 'DB1', count: 2 },
  { type: 'log.ship', replica: 'R2' },
  { type: 'log.harden', replica: 'R2' },
  { type: 'replica.crash', replica: 'R1' },
]);
const force: ClusterEvent = { type: 'ag.forceFailover', target: 'R3' };
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
    expect(completed?.lost.map((l) => l.database)).toEqual(['DB1']);
    expect(flagged(forced)).toBe(false);
  });

  it('sees a loss that differs from the prediction in any range bound, database or count', () => {
    const lost = completed!.lost;
    const range = lost[0]!.ranges[0]!;
    expect(flagged(withLost([]))).toBe(true);
    expect(flagged(withLost([{ ...lost[0]!, database: 'DB2' }]))).toBe(true);
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
