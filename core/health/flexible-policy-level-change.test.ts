import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { primaryReplica } from '../cluster/select.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Configure a flexible automatic failover policy for an Always On availability group' (S22,
 * MicrosoftDocs/sql-docs configure-flexible-automatic-failover-policy.md, ms.date 11/05/2019), its
 * Transact-SQL procedure on the primary: "ALTER AVAILABILITY GROUP AG1 SET
 * (FAILURE_CONDITION_LEVEL = 1);" and "ALTER AVAILABILITY GROUP AG1 SET (HEALTH_CHECK_TIMEOUT =
 * 60000);". Its table: level 3, "On critical server error. Any condition of lower value is
 * satisfied or an internal critical server error occurs"; level 1, "On server down. The SQL Server
 * service stops because of a failover or restart"; "sp_server_diagnostics returns results at an
 * interval that equals 1/3 of the health-check timeout threshold", and "If sp_server_diagnostics is
 * slow or is not returning information, the resource DLL will wait for the full interval of the
 * health-check timeout threshold before determining that the primary replica is unresponsive".
 * The fixture (docs-flexible-policy-level-change.json; the second replica, the times and the 45 s
 * are invented) lowers the level to 1, raises it back to 3, sets the 60 s threshold, and checks
 * which failure each setting then covers. The answers were already right; no test changed the
 * policy with ag.set before the failure.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-flexible-policy-level-change.json', import.meta.url),
      'utf8',
    ),
  ),
);
const codes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) => ('reason' in o && o.reason ? [o.reason.code] : []));
const failedOver = (i: number) =>
  sim.trace[i]!.observations.some(
    (o) => o.type === 'failover.completed' && o.form === 'automatic' && o.to === 'N2',
  );

describe('the flexible failover policy changed by ALTER AVAILABILITY GROUP … SET (S22)', () => {
  it('runs each SET on the primary', () => {
    for (const i of [0, 2, 3]) expect(sim.trace[i]!.refused).toEqual([]);
  });

  it('at level 1, a critical internal error (level 3) does not fail the group over', () => {
    expect(codes(1)).toContain('BELOW_FAILURE_CONDITION_LEVEL');
    expect(failedOver(1)).toBe(false);
    expect(sim.trace[1]!.facts.primary).toBe('N1');
  });

  it('with HEALTH_CHECK_TIMEOUT 60000, 45 s without an answer is not yet unresponsive', () => {
    expect(codes(4)).toEqual(['WITHIN_HEALTH_CHECK_TIMEOUT']);
    expect(failedOver(4)).toBe(false);
  });

  it('back at level 3, the same error fails over, seen at the next result 20 s later', () => {
    expect(codes(5)).toEqual(
      expect.arrayContaining(['DETECTED_BY_HEALTH_CHECK', 'FAILURE_CONDITION_MET']),
    );
    expect(failedOver(5)).toBe(true);
    expect(primaryReplica(sim.final)?.name).toBe('N2');
  });
});
