import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import type { ClusterEvent } from '../core/model/events.js';
import {
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
  scenarioArb,
} from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * Tests that `wrong` finds nothing in every state of random scenarios (faults, failovers, quorum,
 * commits) and of random lifecycle scenarios (seeding, databases added and removed): for the
 * explorer's shortcuts, which must agree with the step wherever a search could stand.
 */
export const inEveryStateOfRandomScenarios = (wrong: (c: Cluster) => readonly string[]): void => {
  const walk = (start: Cluster, events: readonly ClusterEvent[]) => {
    let c = start;
    expect(wrong(c)).toEqual([]);
    for (const event of events) {
      c = step(c, event).cluster;
      expect(wrong(c), JSON.stringify(event)).toEqual([]);
    }
  };

  it('in every state of random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb(40), ({ config, events }) => walk(createCluster(config), events)),
      { numRuns: propertyRuns(150) },
    );
  });

  it('in every state of random lifecycle scenarios (seeding, databases added and removed)', () => {
    fc.assert(
      fc.property(lifecycleScenarioArb(40), ({ config, outsideHaveFullBackups, actions }) => {
        let c = lifecycleStart(config, outsideHaveFullBackups);
        for (const action of actions) {
          const events = resolveLifecycleAction(c, action);
          walk(c, events);
          for (const event of events) c = step(c, event).cluster;
        }
      }),
      { numRuns: propertyRuns(60) },
    );
  });
};
