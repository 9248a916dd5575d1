import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { isReplicaUp, replicaRole } from '../core/cluster/select.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import { answerDifferences, describeDifference } from './answer-differences.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { decodeOrFail, snapshotsOf } from './cluster-snapshot.js';
import { readableScenarioArb } from './readable-config.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * One simulated group, seen from where a DBA may run the snapshot query: the primary, which sees
 * every replica, or a running secondary, which sees its own rows and, through
 * sys.dm_hadr_availability_group_states, which replica is primary. Where the primary's snapshot
 * gives a definite answer, a secondary's gives the same one or "unknown" with a reason naming what
 * would settle it: never a different yes or no because the query ran elsewhere. (A secondary may
 * know more than the primary about itself, so an answer the primary leaves unknown may be settled.)
 */

/**
 * The one running replica in the primary role; none when two claim it (CLUSTER_TYPE NONE), where
 * each one's snapshot names itself and neither is the reference.
 */
const primaryOf = (cluster: Cluster): string | undefined => {
  const primaries = cluster.replicas.filter((r) => isReplicaUp(r) && replicaRole(r) === 'PRIMARY');
  return primaries.length === 1 ? primaries[0]!.name : undefined;
};

const clusterArb = (maxEvents: number) =>
  fc
    .tuple(fc.oneof(scenarioArb(maxEvents), readableScenarioArb(maxEvents)), fc.nat())
    .map(([{ config, events }, cut]) => {
      let cluster = createCluster(config);
      for (const e of events.slice(0, cut % (events.length + 1))) {
        const r = step(cluster, e);
        if (r.refused.length === 0) cluster = r.cluster;
      }
      return cluster;
    });

const check = (cluster: Cluster) => {
  const seen = snapshotsOf(cluster).slice(1);
  const primary = seen.find(({ name }) => name === `taken on ${primaryOf(cluster)}`);
  if (primary === undefined) return;
  const full = decide(decodeOrFail(primary.snapshot, primary.name));
  for (const { name, snapshot } of seen.filter((s) => s !== primary)) {
    const seen = decide(decodeOrFail(snapshot, name));
    for (const d of answerDifferences(full, seen).filter((d) => d.was !== 'unknown')) {
      const where = `${name}, ${describeDifference(d)}`;
      expect(d.became, where).toBe('unknown');
      expect(
        d.reasons.some((r) => (r.settledBy ?? []).length > 0),
        where,
      ).toBe(true);
    }
  }
};

describe('a snapshot taken on a secondary', () => {
  it('answers as the primary’s does, or unknown naming what settles it', () => {
    fc.assert(fc.property(clusterArb(20), check), {
      numRuns: propertyRuns(60),
      ...ownSeed(4244),
    });
  });
});
