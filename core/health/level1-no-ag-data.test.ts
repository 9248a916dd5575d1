import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';
import { healthSignalTriggersFailover } from './health.js';

/**
 * An unresponsive primary at FAILURE_CONDITION_LEVEL = 1. "Mechanics and guidelines of lease,
 * cluster, and health check timeouts" (S26,
 * …/availability-groups/windows/availability-group-lease-healthcheck-timeout), Health check timeout
 * operation: "For any failure level, if the AG element is reported unhealthy by
 * sp_server_diagnostics then the health check will fail", and level 1: "Health check takes no
 * action if any resources fail besides the AG. If AG data is not received within 5 intervals, or
 * 5/3 * HealthCheckTimeout". An instance that returns no sp_server_diagnostics data returns no AG
 * data either.
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('./fixtures/docs-level1-no-ag-data.json', import.meta.url), 'utf8'),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe('level 1: no AG data for 5 sp_server_diagnostics intervals (S26)', () => {
  const scenario = fixture();
  const config = resolveConfig(scenario.config as ConfigInput);
  const sim = simulate(config, scenario.steps, { baseLsn: scenario.baseLsn ?? 0n });
  const failedOver = (i: number) =>
    sim.trace[i]!.observations.some(
      (o) => o.type === 'failover.completed' && o.form === 'automatic' && o.to === 'N2',
    );

  it('a hang under 5/3 of HEALTH_CHECK_TIMEOUT stays below level 1', () => {
    expect(failedOver(0)).toBe(false);
    expect(
      healthSignalTriggersFailover(config, {
        condition: 'UNRESPONSIVE',
        durationMs: 49_999,
      }).reasons.map((r) => r.code),
    ).toEqual(['BELOW_FAILURE_CONDITION_LEVEL']);
  });

  it('5 intervals without AG data fail the group over to N2, saying why', () => {
    expect(failedOver(1)).toBe(true);
    expect(
      healthSignalTriggersFailover(config, {
        condition: 'UNRESPONSIVE',
        durationMs: 50_000,
      }).reasons.map((r) => r.code),
    ).toEqual(['AG_DATA_NOT_RECEIVED']);
  });

  it('under Pacemaker the agent reads its monitor_policy, not this table', () => {
    const external = { ...config, clusterType: 'EXTERNAL' as const };
    expect(
      healthSignalTriggersFailover(external, {
        condition: 'UNRESPONSIVE',
        durationMs: 60_000,
      }).reasons.map((r) => r.code),
    ).toEqual(['FAILURE_CONDITION_MET']);
  });
});
