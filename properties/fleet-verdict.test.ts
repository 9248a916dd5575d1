import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { step } from '../core/cluster/step.js';
import { decide } from '../core/decide/decide.js';
import { type FleetForm, fleetVerdict } from '../core/decide/fleet.js';
import type { FailoverVerdict } from '../core/failover/failover.js';
import type { ClusterFacts } from '../core/model/facts.js';
import { groupFactsArb } from './arbitraries-group-facts.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { clusterSnapshot } from './cluster-snapshot.js';
import { propertyRuns } from './runs.js';

const participantUnknown = JSON.parse(
  readFileSync(
    new URL('./fixtures/fleet-commit-participant-unknown.json', import.meta.url),
    'utf8',
  ),
) as ClusterFacts;

/**
 * The fleet summary answers what the full decide answers, on the questions it asks: the same
 * failover status per target and form with the same reasons (those about single databases folded
 * by code, naming each database the full answer names), the same automatic target, the same
 * commit acknowledgement and reasons per database, the same findings and the same unknowns.
 */

/** The full verdict's reasons that the fleet folds: one per database, in database order. */
const sameForm = (fleet: FleetForm, full: FailoverVerdict) => {
  expect(fleet.status).toBe(full.status);
  const folded = new Set(fleet.databases.map((d) => d.code));
  expect(full.reasons.filter((x) => !folded.has(x.code))).toEqual(fleet.reasons);
  for (const group of fleet.databases) {
    const named = full.reasons.filter((x) => x.code === group.code);
    expect(named).toHaveLength(group.databases.length);
    named.forEach((x, i) => {
      expect(x.message).toContain(group.databases[i]);
      expect(x.rule).toEqual(group.rule);
      expect(x.settledBy).toEqual(group.settledBy);
    });
  }
};

const unknownKeys = (entries: readonly (readonly [string, readonly string[], string])[]) =>
  new Set(
    entries.map(([code, settledBy, target]) => `${code} | ${settledBy.join(', ')} | ${target}`),
  );

const sameAnswers = (facts: ClusterFacts) => {
  const full = decide(facts);
  const fleet = fleetVerdict(facts);
  expect(fleet.group).toBe(full.group.name);
  expect(fleet.primary).toBe(full.group.primary);
  expect(fleet.quorum).toBe(full.group.quorum);
  expect(fleet.findings).toEqual(full.findings);
  expect(fleet.automaticTarget).toBe(full.failover.automaticTarget);
  expect(fleet.automaticUndecided).toEqual(full.failover.automaticUndecided);
  expect(fleet.automaticAmong).toEqual(full.failover.automaticAmong);
  expect(fleet.automaticQuorum).toEqual(full.failover.automaticQuorum);
  expect(fleet.targets.map((t) => t.replica)).toEqual(full.failover.targets.map((t) => t.replica));
  fleet.targets.forEach((t, i) => {
    const f = full.failover.targets[i]!;
    sameForm(t.automatic, f.automatic);
    sameForm(t.planned, f.planned);
    sameForm(t.forced, f.forced);
  });

  const grouped = fleet.commit.flatMap((g) => g.databases.map((d) => [d, g] as const));
  expect(grouped.map(([d]) => d).sort()).toEqual(full.commit.map((c) => c.database).sort());
  const groupOf = new Map(grouped);
  for (const c of full.commit) {
    const g = groupOf.get(c.database)!;
    expect(g.acknowledgement).toBe(c.acknowledgement);
    expect(g.reasons.map((x) => x.code)).toEqual(c.reasons.map((x) => x.code));
    if (g.databases[0] === c.database) expect(g.reasons).toEqual(c.reasons);
  }
  // The primary takes no writes exactly when every database's commit is refused for a reason
  // that is not about that database.
  const groupWide = (codes: readonly string[]) =>
    codes.filter(
      (c) =>
        c !== 'DATABASE_NOT_IN_GROUP' &&
        c !== 'DATABASE_NOT_ON_PRIMARY' &&
        c !== 'DATABASE_NOT_ONLINE_ON_PRIMARY' &&
        c !== 'DATABASE_STATE_ON_PRIMARY_UNKNOWN' &&
        // Whether one database's commit waits for a secondary the input does not show: the
        // primary takes writes either way.
        c !== 'COMMIT_PARTICIPANT_UNKNOWN' &&
        // A Pacemaker primary short of its majority still holds the role, as with RSSTC unmet.
        c !== 'EXTERNAL_WRITE_MAJORITY_LOST' &&
        c !== 'EXTERNAL_WRITE_MAJORITY_UNKNOWN',
    );
  // A snapshot that does not show the primary leaves the commit unknown, in both.
  for (const c of full.commit) {
    const codes =
      c.acknowledgement === 'refused' || c.acknowledgement === 'unknown'
        ? groupWide(c.reasons.map((x) => x.code))
        : [];
    expect(fleet.writable.reasons.map((x) => x.code)).toEqual(codes);
  }
  expect(fleet.writable.status).toBe(
    fleet.writable.reasons.length === 0
      ? 'allowed'
      : fleet.writable.reasons.every((x) => x.settledBy !== undefined)
        ? 'unknown'
        : 'refused',
  );

  const fullUnknowns = full.failover.targets.flatMap((t) =>
    [t.automatic, t.planned, t.forced].flatMap((v) =>
      v.reasons.flatMap((x) =>
        x.settledBy === undefined ? [] : [[x.code, x.settledBy, t.replica] as const],
      ),
    ),
  );
  const fleetUnknowns = fleet.unknowns.flatMap((u) =>
    u.targets.map((t) => [u.code, u.settledBy, t] as const),
  );
  expect(unknownKeys(fleetUnknowns)).toEqual(unknownKeys(fullUnknowns));
};

describe('the fleet verdict answers as the full decide does', () => {
  it('on facts about valid groups, rows missing, repeated, reordered or renamed in case', () => {
    fc.assert(fc.property(groupFactsArb, sameAnswers), {
      numRuns: propertyRuns(200),
      // Found at AGSTATE_SEED=11 AGSTATE_SOAK=10: one database's commit unknown only because its
      // synchronous secondary's row is not shown, beside databases not on the primary.
      examples: [[participantUnknown]],
    });
  });

  it('on every state of simulated runs, exact and as a snapshot would show it', () => {
    fc.assert(
      fc.property(scenarioArb(25), ({ config, events }) => {
        let cluster = createCluster(config);
        for (const e of events) {
          cluster = step(cluster, e).cluster;
          sameAnswers(clusterSnapshot(cluster));
        }
      }),
      { numRuns: propertyRuns(15) },
    );
  });
});
