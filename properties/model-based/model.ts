import { expect } from 'vitest';
import { stepViolations } from '../../core/cluster/invariants.js';
import type { StepResult } from '../../core/cluster/result.js';
import { primaryName, writablePrimaries } from '../../core/cluster/select.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import { acknowledgedNotHeld } from '../../core/log/lineage.js';
import type { ClusterEvent } from '../../core/model/events.js';

/**
 * The model-based test's two sides. The real side is the pure cluster in a small mutable box; the
 * model is a deliberate simplification: the commits clients saw acknowledged (per database), the
 * ones a forced failover reported lost, which replicas are down, and who may fail over.
 */
export interface Real {
  cluster: Cluster;
}

export interface AgModel {
  /** Acknowledged commits per database, as clients counted them. */
  readonly acknowledged: Map<string, bigint>;
  /** Acknowledged commits that forced failovers reported lost, per database. */
  readonly lost: Map<string, bigint>;
  readonly down: Set<string>;
  readonly replicas: readonly string[];
  readonly databases: readonly string[];
}

export const newModel = (replicas: readonly string[], databases: readonly string[]): AgModel => ({
  acknowledged: new Map(databases.map((d) => [d, 0n])),
  lost: new Map(databases.map((d) => [d, 0n])),
  down: new Set(),
  replicas,
  databases,
});

const add = (m: Map<string, bigint>, key: string, n: bigint) => m.set(key, (m.get(key) ?? 0n) + n);

/**
 * Apply one event to the real side, update the model from what a client or a DBA would see, and
 * check that both sides still agree.
 */
export const applyAndCheck = (
  model: AgModel,
  real: Real,
  event: ClusterEvent,
  update: (result: StepResult) => void = () => {},
): StepResult => {
  const before = real.cluster;
  const result = step(before, event);
  expect(stepViolations(before, event, result)).toEqual([]);
  if (result.refused.length > 0) {
    expect(result.cluster).toBe(before);
    return result;
  }
  real.cluster = result.cluster;
  for (const o of result.observations) {
    if (o.type === 'commit.acknowledged') add(model.acknowledged, o.database, o.toLsn - o.fromLsn);
    if (o.type === 'failover.completed') {
      // No acknowledged commit is lost by an automatic or planned failover.
      if (o.form !== 'forced') expect(o.lost).toEqual([]);
      for (const l of o.lost)
        for (const r of l.ranges) add(model.lost, l.database, r.toLsn - r.fromLsn);
    }
  }
  update(result);
  checkAgreement(model, real);
  return result;
};

/** The model and the real cluster agree. */
export const checkAgreement = (model: AgModel, real: Real): void => {
  const c = real.cluster;
  // Only a cluster manager keeps the primary single (CLUSTER_TYPE NONE: S45).
  if (c.config.clusterType !== 'NONE') expect(writablePrimaries(c).length).toBeLessThanOrEqual(1);
  for (const r of c.replicas) {
    const down = (r.machine.value as { instance: string }).instance === 'DOWN';
    expect(down).toBe(model.down.has(r.name));
  }
  for (const db of model.databases) {
    const log = c.logs[db]!;
    const held = log.acknowledged.reduce((n, r) => n + (r.toLsn - r.fromLsn), 0n);
    const lost = log.lost.reduce((n, r) => n + (r.toLsn - r.fromLsn), 0n);
    // Every acknowledged commit is either still held or was reported lost by a forced failover.
    expect(held + lost).toBe(model.acknowledged.get(db));
    expect(lost).toBe(model.lost.get(db));
    const primary = primaryName(c);
    const end =
      primary === null
        ? undefined
        : c.replicas.find((r) => r.name === primary)?.databases[db]?.hardened;
    if (end !== undefined)
      expect(acknowledgedNotHeld(log.forks, log.acknowledged, end)).toEqual([]);
  }
};
