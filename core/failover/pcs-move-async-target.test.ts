import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Always On availability group failover on Linux' (S30), Manual failover: "Use the cluster
 * management tools to fail over an AG managed by an external cluster manager"; Manual failover
 * steps: "To fail over, the secondary replica that will become the primary replica must be
 * synchronous. If a secondary replica is asynchronous, change the availability mode." Then "Manually
 * fail over by moving AG resource from the cluster node that owns the resources to a new node"
 * (pcs resource move … --master), which a scenario's ag.failover stands for under CLUSTER_TYPE =
 * EXTERNAL (docs/scenarios.md). No scenario fixture had a CLUSTER_TYPE = EXTERNAL group.
 *
 * Invented: the names, SQL Server 2019, the commit count and times.
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-linux-pcs-move-async-target.json', import.meta.url),
      'utf8',
    ),
  );

describe('S30: the move of a Pacemaker group to an asynchronous replica', () => {
  const sim = simulateScenario(scenario());
  const at = (i: number) => sim.trace[i]!;
  const primaryAfter = (i: number) => at(i).facts.replicas.find((r) => r.role === 'PRIMARY')?.name;

  it('refuses the move while node3 is asynchronous, though it has hardened every commit', () => {
    expect(
      at(4).facts.databaseReplicas.find((d) => d.replica === 'node3')?.synchronizationState,
    ).toBe('SYNCHRONIZING');
    expect(at(5).refused.map((r) => r.code)).toEqual([
      'TARGET_NOT_SYNCHRONOUS_COMMIT',
      'DATABASE_NOT_SYNCHRONIZED',
    ]);
    expect(primaryAfter(5)).toBe('node1');
  });

  it('moves the primary without loss once node3 is synchronous and SYNCHRONIZED', () => {
    expect(
      at(6).facts.databaseReplicas.find((d) => d.replica === 'node3')?.synchronizationState,
    ).toBe('SYNCHRONIZED');
    const failovers = sim.trace.flatMap((e) =>
      e.observations.flatMap((o) => (o.type === 'failover.completed' ? [o] : [])),
    );
    expect(failovers.map((f) => [f.form, f.from, f.to])).toEqual([['planned', 'node1', 'node3']]);
    expect(failovers.flatMap((f) => f.lost.flatMap((l) => l.ranges))).toEqual([]);
    expect(primaryAfter(7)).toBe('node3');
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([5]);
  });
});
