import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import { resolveConfig } from '../../core/model/config.js';
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

describe('the restores the page offers', () => {
  it('name the latest backup set of a file that holds several (S70: NOINIT appends)', () => {
    const replica = (name: string) => ({
      name,
      endpointUrl: `TCP://${name}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
      failoverMode: 'MANUAL' as const,
    });
    let c = createCluster(
      resolveConfig({
        name: 'AG1',
        version: 2019,
        databases: ['db1'],
        replicas: [replica('A'), replica('B')],
      }),
      { start: 'unprepared', baseLsn: 0n },
    );
    const backup = (backupType: 'FULL' | 'LOG', file: string) => {
      c = step(c, { type: 'db.backup', replica: 'A', database: 'db1', backupType, file }).cluster;
    };
    backup('FULL', 'full.bak');
    c = step(c, { type: 'db.restore', replica: 'B', database: 'db1', file: 'full.bak' }).cluster;
    backup('LOG', 'log.trn');
    c = step(c, { type: 'db.commit', database: 'db1' }).cluster;
    backup('LOG', 'log.trn');
    const restores = candidates(c).flatMap(([, e]) => (e.type === 'db.restore' ? [e] : []));
    expect(restores).toContainEqual(
      expect.objectContaining({ replica: 'B', file: 'log.trn', position: 2 }),
    );
  });
});
