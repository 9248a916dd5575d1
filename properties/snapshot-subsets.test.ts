import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import {
  clusterAndDroppedColumns,
  decodeOrFail,
  snapshotsOf,
  without,
} from './cluster-snapshot.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * Snapshots rendered from a simulated cluster, as the primary and as each running secondary would
 * show it, decode with all their views and with any subset of the state columns left out; and a
 * failover verdict on a subset is the verdict on the whole snapshot, or "unknown" with a reason
 * whose settledBy names a column that was left out. Never a different yes or no.
 */

const check = (cluster: Cluster, dropped: readonly (readonly [string, string])[]) => {
  for (const { name, snapshot } of snapshotsOf(cluster)) {
    const full = decide(decodeOrFail(snapshot, name));
    const part = decide(
      decodeOrFail(without(snapshot, dropped), `${name} without ${dropped.join(' ')}`),
    );
    for (const t of full.failover.targets) {
      const u = part.failover.targets.find((x) => x.replica === t.replica)!;
      for (const form of ['automatic', 'planned', 'forced'] as const) {
        const a = t[form];
        const b = u[form];
        if (a.status === b.status) continue;
        const where = `${name}, ${form} to ${t.replica} without ${dropped.map((d) => d.join('.')).join(', ')}: ${a.status} became ${b.status} (${b.reasons.map((r) => r.code).join(', ')})`;
        expect(b.status, where).toBe('unknown');
        const named = b.reasons.some((r) =>
          (r.settledBy ?? []).some((s) => dropped.some(([v, c]) => s.includes(`${v}.${c}`))),
        );
        expect(named, where).toBe(true);
      }
    }
  }
};

describe('DMV snapshots of a simulated cluster, whole or with state columns left out', () => {
  it('decode, and decide the same or "unknown" naming a left-out column', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(20), ({ cluster, dropped }) => check(cluster, dropped)),
      { numRuns: propertyRuns(40), ...ownSeed(4242) },
    );
  });
});
