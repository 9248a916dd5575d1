import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { primaryName } from '../core/cluster/select.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import { scenarioArb } from './cluster-arbitraries.js';

/**
 * The decision engine and the cluster step agree (the decider/executor check): in every state a
 * random run reaches, each failover the engine allows is a step the machines take, losing exactly
 * the predicted data; each one it refuses is refused by the step with the same reasons; the
 * commit outcome predicts the next commit; the automatic-failover choice is where a failure of
 * the primary goes.
 */
const checkState = (cluster: Cluster) => {
  const facts = clusterFacts(cluster);
  const decisions = decide(facts);
  for (const t of decisions.failover.targets) {
    for (const [verdict, type] of [
      [t.planned, 'ag.failover'],
      [t.forced, 'ag.forceFailover'],
    ] as const) {
      const r = step(cluster, { type, target: t.replica });
      expect(r.refused.length === 0, `${type} ${t.replica}`).toBe(verdict.allowed);
      if (!verdict.allowed) {
        expect(r.refused).toEqual(verdict.reasons);
        continue;
      }
      expect(r.transitions.some((x) => x.machine === 'availabilityGroup' && x.event === type)).toBe(
        true,
      );
      const done = r.observations.find((o) => o.type === 'failover.completed');
      const lost = done?.type === 'failover.completed' ? done.lost : [];
      const predicted =
        type === 'ag.failover'
          ? []
          : t.forcedLoss.filter((l) => (l.acknowledgedLost ?? []).length > 0);
      expect(lost.map((l) => l.ranges)).toEqual(predicted.map((p) => p.acknowledgedLost));
    }
  }
  for (const outcome of decisions.commit) {
    const r = step(cluster, { type: 'db.commit', database: outcome.database });
    const refused = outcome.acknowledgement === 'refused' || outcome.acknowledgement === 'blocked';
    expect(r.refused.length > 0).toBe(refused);
    if (refused) expect(r.refused).toEqual(outcome.reasons);
    const acked = r.observations.some(
      (o) => o.type === 'commit.acknowledged' && o.database === outcome.database,
    );
    if (outcome.acknowledgement === 'immediately') expect(acked).toBe(true);
    if (outcome.acknowledgement === 'afterHardening') expect(acked).toBe(false);
  }
  // Every action the engine recommends is a step the machines take in this state.
  for (const action of decisions.actions) {
    const r = step(cluster, action.event);
    expect(r.refused, JSON.stringify(action.event)).toEqual([]);
  }
  const primary = primaryName(cluster);
  if (primary !== null) {
    const r = step(cluster, { type: 'replica.crash', replica: primary });
    const done = r.observations.find((o) => o.type === 'failover.completed');
    const to = done?.type === 'failover.completed' ? done.to : null;
    // Among several qualifying replicas the cluster chooses; the step takes one of them.
    if (decisions.failover.automaticAmong.length > 0)
      expect(decisions.failover.automaticAmong).toContain(to);
    else expect(to).toBe(decisions.failover.automaticTarget);
  }
};

describe('decisions and the cluster step agree', () => {
  it('in every state of random runs', () => {
    fc.assert(
      fc.property(scenarioArb(30), ({ config, events }) => {
        let cluster = createCluster(config);
        checkState(cluster);
        for (const e of events) {
          cluster = step(cluster, e).cluster;
          checkState(cluster);
        }
      }),
      { numRuns: 60 },
    );
  });
});
