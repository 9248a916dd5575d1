import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { checkFacts } from '../core/consistency/facts.js';
import { formatFinding, isImpossible } from '../core/consistency/finding.js';
import { decide } from '../core/decide/decide.js';
import {
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
  scenarioArb,
} from './cluster-arbitraries.js';
import { clusterSnapshot } from './cluster-snapshot.js';
import { IMPOSSIBLE, makeImpossible, makeSuspicious } from './contradictions.js';
import { ownSeed, propertyRuns } from './runs.js';

/** A simulated cluster is a real one: its facts, and the DMV snapshot of it, pass every check. */

const passes = (cluster: Cluster) => {
  expect(checkFacts(clusterFacts(cluster)).map(formatFinding)).toEqual([]);
  expect(checkFacts(clusterSnapshot(cluster)).map(formatFinding)).toEqual([]);
};

describe('a snapshot of a simulated cluster passes every check', () => {
  it('over random runs of the cluster events', () => {
    fc.assert(
      fc.property(scenarioArb(40), ({ config, events }) => {
        let current = createCluster(config);
        passes(current);
        for (const e of events) {
          current = step(current, e).cluster;
          passes(current);
        }
      }),
      { numRuns: propertyRuns(40), ...ownSeed(1701) },
    );
  });

  it('over random lifecycles', () => {
    fc.assert(
      fc.property(lifecycleScenarioArb(40), ({ config, outsideHaveFullBackups, actions }) => {
        let current = lifecycleStart(config, outsideHaveFullBackups);
        passes(current);
        for (const action of actions)
          for (const e of resolveLifecycleAction(current, action)) {
            current = step(current, e).cluster;
            passes(current);
          }
      }),
      { numRuns: propertyRuns(30), ...ownSeed(1702) },
    );
  });
});

/** A state some random run reaches, and its DMV snapshot. */
const reachedSnapshot = scenarioArb(25).chain(({ config, events }) =>
  fc.nat({ max: events.length }).map((n) => {
    let current = createCluster(config);
    for (const e of events.slice(0, n)) current = step(current, e).cluster;
    return clusterSnapshot(current);
  }),
);

describe('contradictions', () => {
  it('every impossible snapshot is refused, and no failover is allowed on it', () => {
    fc.assert(
      fc.property(
        reachedSnapshot,
        fc.constantFrom(...IMPOSSIBLE),
        fc.nat(),
        fc.bigInt(1n, 10n ** 12n),
        (snapshot, code, pick, blocks) => {
          const facts = makeImpossible(snapshot, code, pick, blocks);
          fc.pre(facts !== null);
          const found = checkFacts(facts);
          expect(found.filter(isImpossible).map((f) => f.code)).toContain(code);
          const d = decide(facts);
          for (const t of d.failover.targets)
            for (const v of [t.automatic, t.planned, t.forced])
              expect(v.status).not.toBe('allowed');
          expect(d.failover.automaticTarget).toBeNull();
        },
      ),
      { numRuns: propertyRuns(150), ...ownSeed(1703) },
    );
  });

  it('every suspicious snapshot gives unknown for the decisions that read it, never allowed', () => {
    fc.assert(
      fc.property(reachedSnapshot, fc.nat(), fc.bigInt(1n, 10n ** 20n), (snapshot, pick, ahead) => {
        const made = makeSuspicious(snapshot, pick, ahead);
        fc.pre(made !== null);
        const found = checkFacts(made.facts);
        expect(found.map((f) => `${f.severity} ${f.code}`)).toEqual([
          'suspicious SECONDARY_AHEAD_OF_PRIMARY',
        ]);
        const d = decide(made.facts);
        const target = d.failover.targets.find((t) => t.replica === made.replica)!;
        for (const v of [target.automatic, target.planned, target.forced]) {
          expect(v.status).not.toBe('allowed');
          expect(v.reasons.map((x) => x.code)).toContain('CONTRADICTORY_SNAPSHOT');
        }
        const loss = target.forcedLoss.find((l) => l.database === made.database);
        expect(loss?.extent).toBe('unknown');
        expect(d.failover.automaticTarget).not.toBe(made.replica);
        for (const a of d.actions)
          if (a.event.type === 'ag.failover' || a.event.type === 'ag.forceFailover')
            expect(a.event.target).not.toBe(made.replica);
      }),
      { numRuns: propertyRuns(150), ...ownSeed(1704) },
    );
  });
});
