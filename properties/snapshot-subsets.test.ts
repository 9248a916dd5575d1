import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import type { Reason } from '../core/model/source.js';
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
 * verdict on a subset (failover, commits, backups, connections) is the verdict on the whole
 * snapshot, or "unknown" with a reason whose settledBy names a column that was left out. Never a
 * different yes or no.
 */

type Named = { readonly reasons: readonly Reason[] };

/** An answer that moved from the whole snapshot's must be unknown, naming a left-out column. */
const expectUnknownNaming = (
  dropped: readonly (readonly [string, string])[],
  where: string,
  status: string,
  part: Named,
) => {
  expect(status, where).toBe('unknown');
  const named = part.reasons.some((r) =>
    (r.settledBy ?? []).some((s) => dropped.some(([v, c]) => s.includes(`${v}.${c}`))),
  );
  expect(named, where).toBe(true);
};

const checkOtherAnswers = (cluster: Cluster, dropped: readonly (readonly [string, string])[]) => {
  const left = `without ${dropped.map((d) => d.join('.')).join(', ')}`;
  for (const { name, snapshot } of snapshotsOf(cluster)) {
    const full = decide(decodeOrFail(snapshot, name));
    const part = decide(decodeOrFail(without(snapshot, dropped), `${name} ${left}`));
    for (const c of full.commit) {
      const u = part.commit.find((x) => x.database === c.database)!;
      if (c.acknowledgement !== u.acknowledgement)
        expectUnknownNaming(
          dropped,
          `${name}, commits on ${c.database} ${left}: ${c.acknowledgement} became ${u.acknowledgement} (${codes(u)})`,
          u.acknowledgement,
          u,
        );
    }
    for (const b of full.backup)
      for (const d of b.decisions) {
        const u = part.backup
          .find((x) => x.database === b.database)!
          .decisions.find((x) => x.replica === d.replica)!.decision;
        if (d.decision.action !== u.action)
          expectUnknownNaming(
            dropped,
            `${name}, a backup of ${b.database} on ${d.replica} ${left}: ${d.decision.action} became ${u.action} (${codes(u)})`,
            u.action,
            u,
          );
      }
    const connections = [
      ['read-write', full.routing.readWrite, part.routing.readWrite],
      ...full.routing.readOnlyByDatabase.map(
        (c, i) =>
          [
            `read-intent to ${c.database}`,
            c.connection,
            part.routing.readOnlyByDatabase[i]!.connection,
          ] as const,
      ),
    ] as const;
    for (const [what, a, b] of connections)
      if (a.outcome !== b.outcome || a.replica !== b.replica)
        expectUnknownNaming(
          dropped,
          `${name}, a ${what} connection ${left}: ${a.outcome} ${a.replica ?? ''} became ${b.outcome} ${b.replica ?? ''} (${codes(b)})`,
          b.outcome,
          b,
        );
  }
};

const codes = (n: Named): string => n.reasons.map((r) => r.code).join(', ');

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
  it('answer commits, backups and connections the same, or "unknown" naming a left-out column', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(20), ({ cluster, dropped }) =>
        checkOtherAnswers(cluster, dropped),
      ),
      { numRuns: propertyRuns(40), ...ownSeed(4243) },
    );
  });

  it('decode, and decide the same or "unknown" naming a left-out column', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(20), ({ cluster, dropped }) => check(cluster, dropped)),
      { numRuns: propertyRuns(40), ...ownSeed(4242) },
    );
  });
});
