import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findReplica, primaryReplica, replicaRole } from '../cluster/select.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Mechanics and guidelines of lease, cluster, and health check timeouts' (S26), Lease mechanism:
 * "If the time-to-live is reached while waiting for the signal, the lease expires and then replica
 * transitions to the resolving state for that specific AG"; high CPU, low memory, a dump or a hang
 * "can prevent lease renewal from the SQL instance and causing a restart or failover". The fixture
 * lets SQL1's lease expire while SQL2's copy is suspended (step 4); without it SQL2 takes over.
 */
const fixture = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-lease-expired-restart-or-failover.json', import.meta.url),
    'utf8',
  ),
);
const notes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

describe('the primary lease expires (S26)', () => {
  it('with no replica failover ready, the group goes RESOLVING and restarts on SQL1, citing the lease mechanism', () => {
    const sim = simulateScenario(fixture);
    const lease = notes(sim, 4);
    expect(lease.map((r) => r.code)).toEqual(['FAILURE_CONDITION_MET', 'RESTARTED_IN_PLACE']);
    expect(lease[1]!.rule.document).toBe(
      'Mechanics and guidelines of lease, cluster, and health check timeouts',
    );
    expect(lease[1]!.rule.section).toMatch(/^Lease mechanism: .*"causing a restart or failover"/);
    expect(
      sim.trace[4]!.observations.flatMap((o) =>
        o.type === 'replica.stateChanged' ? [`${o.server} ${o.from} > ${o.to}`] : [],
      ),
    ).toEqual([
      'SQL1 PRIMARY_NORMAL > RESOLVING_NORMAL',
      'SQL1 RESOLVING_NORMAL > PRIMARY_PENDING',
      'SQL1 PRIMARY_PENDING > PRIMARY_NORMAL',
    ]);
    expect(primaryReplica(sim.final)?.name).toBe('SQL1');
    expect(sim.trace[5]!.refused).toEqual([]);
  });

  it('with SQL2 synchronized, the group fails over to it and SQL1, still running, becomes its secondary', () => {
    const sim = simulateScenario({
      ...fixture,
      steps: fixture.steps.filter((_: unknown, i: number) => i !== 3),
    });
    expect(
      sim.trace[3]!.observations.some(
        (o) => o.type === 'failover.completed' && o.form === 'automatic' && o.to === 'SQL2',
      ),
    ).toBe(true);
    expect(notes(sim, 3).map((r) => r.code)).not.toContain('RESTARTED_IN_PLACE');
    expect(primaryReplica(sim.final)?.name).toBe('SQL2');
    expect(replicaRole(findReplica(sim.final, 'SQL1')!)).toBe('SECONDARY');
    expect(
      sim.trace[3]!.observations.flatMap((o) =>
        o.type === 'replica.stateChanged' && o.server === 'SQL1' ? [o.to] : [],
      ),
    ).toEqual(['RESOLVING_NORMAL', 'SECONDARY_NORMAL']);
  });
});
