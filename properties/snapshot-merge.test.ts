import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { isReplicaUp, replicaRole } from '../core/cluster/select.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import { mergeFacts } from '../core/rules/merge-facts.js';
import { answerDifferences, describeDifference } from './answer-differences.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { DROPPABLE_VIEWS, decodeOrFail, snapshotsOf, without } from './cluster-snapshot.js';
import { readableScenarioArb } from './readable-config.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * Snapshots taken on every running replica of one simulated group at the same moment, merged in
 * any order (docs/dmv-snapshot.md, Several snapshots), the secondaries' lacking some optional views:
 * taken together they cannot disagree, so the
 * merge finds no disagreement; what the primary's snapshot alone answers definitely, the merge answers
 * alike; and the order of the files does not change any answer.
 */

/**
 * Findings that say two snapshots disagree about one fact, which snapshots taken together cannot.
 * Others describe the group itself (a copy on another fork, two primaries under CLUSTER_TYPE NONE).
 */
const DISAGREEMENTS = new Set([
  'MERGE_COPY_STATE_DIFFERS',
  'MERGE_ROLE_DIFFERS',
  'MERGE_QUORUM_DIFFERS',
  'MERGE_CONFIG_DIFFERS',
  'MERGE_LSN_BACKWARDS',
  'MERGE_MIXED_VERSIONS',
]);

/** The one running replica in the primary role; none when two claim it (CLUSTER_TYPE NONE). */
const primaryOf = (cluster: Cluster): string | undefined => {
  const primaries = cluster.replicas.filter((r) => isReplicaUp(r) && replicaRole(r) === 'PRIMARY');
  return primaries.length === 1 ? primaries[0]!.name : undefined;
};

const arb = fc
  .tuple(
    fc.oneof(scenarioArb(20), readableScenarioArb(20)),
    fc.nat(),
    fc.infiniteStream(fc.nat()),
    fc.subarray([...DROPPABLE_VIEWS], { maxLength: 3 }),
  )
  .map(([{ config, events }, cut, shuffle, droppedViews]) => {
    let cluster = createCluster(config);
    for (const e of events.slice(0, cut % (events.length + 1))) {
      const r = step(cluster, e);
      if (r.refused.length === 0) cluster = r.cluster;
    }
    return { cluster, shuffle: [...shuffle.take(8)], droppedViews };
  });

const check = ({
  cluster,
  shuffle,
  droppedViews,
}: {
  cluster: Cluster;
  shuffle: number[];
  droppedViews: readonly string[];
}) => {
  const primary = primaryOf(cluster);
  // The secondaries' snapshots may lack optional views (a DBA's own query, an older script): what
  // they leave out is no disagreement, and takes nothing from the primary's answers.
  const seen = snapshotsOf(cluster)
    .slice(1)
    .map(({ name, snapshot }) => {
      const taken = name === `taken on ${primary}` ? snapshot : without(snapshot, [], droppedViews);
      return { source: name, facts: decodeOrFail(taken, name) };
    });
  const own = seen.find((s) => s.source === `taken on ${primary}`);
  if (own === undefined || seen.length < 2) return;
  const shuffled = [...seen];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = shuffle[i % shuffle.length]! % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const merged = mergeFacts(seen[0]!, ...seen.slice(1));
  const reordered = mergeFacts(shuffled[0]!, ...shuffled.slice(1));
  expect(merged.findings.filter((f) => DISAGREEMENTS.has(f.code)).map((f) => f.message)).toEqual(
    [],
  );
  const alone = decide(own.facts);
  const together = decide(merged.facts);
  const where = seen.map((s) => s.source).join(', ');
  for (const d of answerDifferences(alone, together).filter((x) => x.was !== 'unknown'))
    expect.fail(`merged (${where}), ${describeDifference(d)}`);
  for (const d of answerDifferences(together, decide(reordered.facts)))
    expect.fail(
      `merged as ${shuffled.map((s) => s.source).join(', ')} against ${where}: ${describeDifference(d)}`,
    );
};

describe('snapshots of every running replica, taken together and merged', () => {
  it('find nothing, keep what the primary’s answers, and answer alike in any order', () => {
    fc.assert(fc.property(arb, check), { numRuns: propertyRuns(60), ...ownSeed(4245) });
  });
});
