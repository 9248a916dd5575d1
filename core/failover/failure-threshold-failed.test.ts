import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Configure the flexible automatic failover policy of an availability group" (S22,
 * MicrosoftDocs/sql-docs docs/database-engine/availability-groups/windows/configure-flexible-automatic-failover-policy.md),
 * Limitations on Automatic Failovers: "If an availability group exceeds its WSFC failure threshold,
 * the WSFC cluster will not attempt an automatic failover for the availability group. Furthermore,
 * the WSFC resource group of the availability group remains in a failed state until either the
 * cluster administrator manually brings the failed resource group online or the database
 * administrator performs a manual failover of the availability group." The fixture's third failure
 * in six hours (n − 1 = 2 for three nodes) is a crash of SQLNODE1, whose instance then restarts.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-failure-threshold-restart-stays-failed.json', import.meta.url),
      'utf8',
    ),
  ),
);
const roles = (i: number) => sim.trace[i]!.facts.replicas.map((r) => [r.name, r.role]);

describe('past the WSFC failure threshold the role stays failed (S22)', () => {
  it('the third failure fails nothing over', () => {
    const third = sim.trace[4]!.observations.find((o) => o.type === 'failover.notPossible');
    expect(third?.type === 'failover.notPossible' && third.reasons.map((r) => r.code)).toContain(
      'FAILURE_THRESHOLD_EXCEEDED',
    );
  });

  it("the old primary's instance restarting does not bring the group online", () => {
    expect(roles(5)).toEqual([
      ['SQLNODE1', 'RESOLVING'],
      ['SQLNODE2', 'RESOLVING'],
      ['SQLNODE3', 'RESOLVING'],
    ]);
    expect(sim.trace[6]!.refused.map((r) => r.code)).toEqual(['NO_PRIMARY']);
  });

  it("the database administrator's manual failover does", () => {
    expect(sim.trace[7]!.refused).toEqual([]);
    expect(roles(7)).toEqual([
      ['SQLNODE1', 'PRIMARY'],
      ['SQLNODE2', 'SECONDARY'],
      ['SQLNODE3', 'SECONDARY'],
    ]);
    expect(sim.trace[8]!.refused).toEqual([]);
  });
});
