import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import {
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
  scenarioArb,
} from '../../properties/cluster-arbitraries.js';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { candidates, eventDatabase, forOneDatabase } from './offered.js';

/**
 * The page tries an event about one database on that database alone. That is only right if the
 * step refuses or accepts it there exactly as on the whole group, with the same reasons: checked
 * at every point of random runs, for every such event the page offers.
 */
const agreesEverywhere = (clusters: readonly Cluster[]): void => {
  for (const c of clusters)
    for (const [, event] of candidates(c)) {
      const database = eventDatabase(event);
      if (database === undefined) continue;
      const whole = step(c, event).refused;
      const alone = step(forOneDatabase(c, database), event).refused;
      expect(alone, JSON.stringify(event)).toEqual(whole);
    }
};

/** The clusters a run passes through, every few events (every one would be slow to check). */
const visited = (start: Cluster, events: readonly Parameters<typeof step>[1][]): Cluster[] => {
  const out = [start];
  let c = start;
  for (const [i, e] of events.entries()) {
    c = step(c, e).cluster;
    if (i % 5 === 4) out.push(c);
  }
  return out;
};

describe('an event about one database, tried on that database alone', () => {
  it('is refused for the same reasons as on the whole group: random cluster runs', () => {
    fc.assert(
      fc.property(scenarioArb(30), ({ config, events }) => {
        agreesEverywhere(visited(createCluster(config), events));
      }),
      { numRuns: propertyRuns(25), ...ownSeed(17) },
    );
  });

  it('is refused for the same reasons as on the whole group: backups, restores, joins, seeding', () => {
    fc.assert(
      fc.property(lifecycleScenarioArb(30), ({ config, outsideHaveFullBackups, actions }) => {
        let c = lifecycleStart(config, outsideHaveFullBackups);
        const seen = [c];
        for (const [i, a] of actions.entries()) {
          for (const e of resolveLifecycleAction(c, a)) c = step(c, e).cluster;
          if (i % 5 === 4) seen.push(c);
        }
        agreesEverywhere(seen);
      }),
      { numRuns: propertyRuns(25), ...ownSeed(17) },
    );
  });
});
