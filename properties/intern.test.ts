import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { createInterner } from '../core/explore/intern.js';
import type { ClusterEvent } from '../core/model/events.js';
import {
  lifecycleScenarioArb,
  lifecycleStart,
  resolveLifecycleAction,
  scenarioArb,
} from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * The search's frontier keeps each distinct part of its clusters once (core/explore/intern.ts).
 * Sharing must change no value and merge no two different parts: every cluster is equal to what
 * it was, the step takes it to an equal result, and two parts are one object exactly when they
 * are equal.
 */

/** Every part the interner shares, found in the clusters it returned. */
const partsOf = (clusters: readonly Cluster[]) => {
  const copies = new Set<object>();
  const replicas = new Set<object>();
  const machines = new Set<object>();
  const logs = new Set<object>();
  for (const c of clusters) {
    machines.add(c.ag);
    for (const l of Object.values(c.logs)) logs.add(l);
    for (const r of c.replicas) {
      replicas.add(r);
      machines.add(r.machine);
      for (const copy of Object.values(r.databases)) {
        copies.add(copy);
        machines.add(copy.machine);
        machines.add(copy.seeding);
      }
    }
  }
  return { copies, replicas, machines, logs };
};

/** Two distinct objects of a kind that are equal: a part left unshared. */
const equalPairs = (parts: ReadonlySet<object>): number => {
  const all = [...parts];
  let pairs = 0;
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) if (isDeepStrictEqual(all[i], all[j])) pairs++;
  return pairs;
};

const check = (
  walked: readonly { cluster: Cluster; event: ClusterEvent }[],
  oneBucket: boolean,
) => {
  const interner = createInterner({ oneBucket });
  const shared: Cluster[] = [];
  for (const { cluster, event } of walked) {
    const s = interner.cluster(cluster);
    expect(isDeepStrictEqual(s, cluster)).toBe(true);
    // The step sees no difference between a cluster and its shared form.
    const a = step(cluster, event);
    const b = step(s, event);
    expect(isDeepStrictEqual(b, a), JSON.stringify(event)).toBe(true);
    shared.push(s);
  }
  const parts = partsOf(shared);
  for (const kind of Object.values(parts)) expect(equalPairs(kind)).toBe(0);
};

const walk = (start: Cluster, events: readonly ClusterEvent[]) => {
  const out: { cluster: Cluster; event: ClusterEvent }[] = [];
  let c = start;
  for (const event of events) {
    out.push({ cluster: c, event });
    c = step(c, event).cluster;
  }
  return out;
};

describe('sharing equal parts of the clusters a search holds', () => {
  it('keeps every value, and shares exactly the equal parts, over random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb(40), fc.boolean(), ({ config, events }, oneBucket) =>
        check(walk(createCluster(config), events), oneBucket),
      ),
      { numRuns: propertyRuns(60) },
    );
  });

  it('over random lifecycle scenarios (seeding, backups, databases added and removed)', () => {
    fc.assert(
      fc.property(lifecycleScenarioArb(30), fc.boolean(), (scenario, oneBucket) => {
        const { config, outsideHaveFullBackups, actions } = scenario;
        let c = lifecycleStart(config, outsideHaveFullBackups);
        const events: ClusterEvent[] = [];
        for (const action of actions) {
          for (const event of resolveLifecycleAction(c, action)) {
            events.push(event);
            c = step(c, event).cluster;
          }
        }
        check(walk(lifecycleStart(config, outsideHaveFullBackups), events), oneBucket);
      }),
      { numRuns: propertyRuns(30) },
    );
  });

  it('makes two equal clusters built apart into one set of parts', () => {
    const config = fc.sample(scenarioArb(20), { numRuns: 1, seed: 7 })[0]!.config;
    const interner = createInterner();
    const a = interner.cluster(createCluster(config));
    const b = interner.cluster(createCluster(config));
    expect(b).not.toBe(createCluster(config));
    for (let i = 0; i < a.replicas.length; i++) expect(b.replicas[i]).toBe(a.replicas[i]);
    expect(b.logs).toBe(a.logs);
    expect(b.ag).toBe(a.ag);
  });
});
