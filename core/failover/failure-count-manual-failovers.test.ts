import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * What the WSFC failure count holds (docs/model.md, "What the failure count holds"): failures of
 * the primary, not the manual failovers of a rolling update.
 *
 * - 'Upgrading Always On Availability Group Replica Instances' (S64, MicrosoftDocs/sql-docs
 *   docs/database-engine/availability-groups/windows/upgrading-always-on-availability-group-replica-instances.md):
 *   "you can reduce downtime for the primary replica to only a single manual failover by
 *   performing a rolling upgrade (or two manual failovers if failing back to the original
 *   primary)"; Rolling Upgrade Process, steps 1 to 6 and "an extra manual failover".
 * - S22, Limitations on Automatic Failovers: "The WSFC failure threshold is defined as the maximum
 *   number of failures supported for the availability group during a given time period", n − 1.
 * - 'Set group failover policy' (Windows Server 2003, learn.microsoft.com cc786993): "The sixth
 *   time a resource in the group fails, the Cluster service fails all other resources in the group
 *   and leaves the entire group offline instead of failing over the group."
 * - MSDN blog 'SQL Server 2012 AlwaysOn Testing Tip' (mhpta, 2012-04-18): "if you stop SQL Service
 *   manually on primary replica, it fails over to second node only once. Any further attempts of
 *   stopping SQL Service (to test auto failover) would not cause failover".
 */
const load = (file: string) =>
  simulateScenario(
    JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')),
  );

const failovers = (sim: ReturnType<typeof simulateScenario>) =>
  sim.trace.flatMap((t, i) =>
    t.observations.flatMap((o) =>
      o.type === 'failover.completed'
        ? [[i, o.form, o.from, o.to]]
        : o.type === 'failover.notPossible'
          ? [[i, 'none', null, null]]
          : [],
    ),
  );

describe('a two-node group (at most one failure in six hours)', () => {
  it("S64's two manual failovers are no failures: the primary's crash 90 minutes in fails over", () => {
    const sim = load('docs-rolling-update-manual-failovers-then-crash.json');
    expect(sim.trace.every((t) => t.refused.length === 0)).toBe(true);
    expect(failovers(sim)).toEqual([
      [12, 'planned', 'SQLA', 'SQLB'],
      [21, 'planned', 'SQLB', 'SQLA'],
      [26, 'automatic', 'SQLA', 'SQLB'],
    ]);
  });

  it('a stopped primary service is one: the next failure of the primary in the period fails nothing over', () => {
    const sim = load('blog-update-by-stopping-primary-then-crash.json');
    expect(failovers(sim)).toEqual([
      [6, 'automatic', 'SQLA', 'SQLB'],
      [12, 'none', null, null],
    ]);
    const last = sim.trace[12]!.observations.find((o) => o.type === 'failover.notPossible');
    expect(last?.type === 'failover.notPossible' && last.reasons.map((r) => r.code)).toContain(
      'FAILURE_THRESHOLD_EXCEEDED',
    );
  });
});
