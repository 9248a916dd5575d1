import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import { answerDifferences, describeDifference } from './answer-differences.js';
import {
  clusterAndDroppedColumns,
  decodeOrFail,
  snapshotsOf,
  without,
} from './cluster-snapshot.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * Snapshots rendered from a simulated cluster, as the primary and as each running secondary would
 * show it, decode with all their views and with any subset of the state columns and optional views
 * left out; and a verdict on a subset (failover, commits, backups, connections) is the verdict on
 * the whole snapshot, or "unknown" with a reason whose settledBy names a column or view that was
 * left out. Never a different yes or no.
 */

const check = (
  cluster: Cluster,
  dropped: readonly (readonly [string, string])[],
  droppedViews: readonly string[],
) => {
  const left = `without ${[...dropped.map((d) => d.join('.')), ...droppedViews].join(', ')}`;
  for (const { name, snapshot } of snapshotsOf(cluster)) {
    const full = decide(decodeOrFail(snapshot, name));
    const part = decide(decodeOrFail(without(snapshot, dropped, droppedViews), `${name} ${left}`));
    for (const d of answerDifferences(full, part)) {
      const where = `${name} ${left}, ${describeDifference(d)}`;
      expect(d.became, where).toBe('unknown');
      const names = (s: string) =>
        dropped.some(([v, c]) => s.includes(`${v}.${c}`)) ||
        droppedViews.some((v) => s.startsWith(v));
      const named = d.reasons.some((r) => (r.settledBy ?? []).some(names));
      expect(named, where).toBe(true);
    }
  }
};

describe('DMV snapshots of a simulated cluster, whole or with state columns or views left out', () => {
  it('decode, and answer the same or "unknown" naming a left-out column or view', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(20), ({ cluster, dropped, droppedViews }) =>
        check(cluster, dropped, droppedViews),
      ),
      { numRuns: propertyRuns(80), ...ownSeed(4242) },
    );
  });
});
