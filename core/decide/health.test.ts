import { describe, expect, it } from 'vitest';
import { step } from '../cluster/step.js';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import { healthSignalOutcome } from './health.js';

/** The flexible failover policy on the three-replica example (FAILURE_CONDITION_LEVEL 3 by default). */
const config = loadExampleConfig('resync-three-replicas.json');

describe('what a health condition on the primary would do', () => {
  it('a system error (level 3) fails over to the synchronized automatic partner, as the step does', () => {
    const ag = new Driver(config);
    const outcome = healthSignalOutcome(ag.facts(), { condition: 'SYSTEM_ERROR' });
    expect(outcome).toMatchObject({
      triggersFailover: true,
      result: 'failover',
      target: 'SQLNODE2',
    });
    const r = step(ag.cluster, {
      type: 'health.signal',
      replica: 'SQLNODE1',
      condition: 'SYSTEM_ERROR',
    });
    expect(r.observations).toContainEqual(
      expect.objectContaining({ type: 'failover.completed', form: 'automatic', to: 'SQLNODE2' }),
    );
  });

  it('a resource error (level 4) is below the default level: nothing happens, and it says why', () => {
    const outcome = healthSignalOutcome(new Driver(config).facts(), {
      condition: 'RESOURCE_ERROR',
    });
    expect(outcome.result).toBe('none');
    expect(outcome.reasons.map((r) => r.code)).toEqual(['BELOW_FAILURE_CONDITION_LEVEL']);
  });

  it('unresponsive for less than HEALTH_CHECK_TIMEOUT does not count; past it, it does', () => {
    const facts = new Driver(config).facts();
    expect(
      healthSignalOutcome(facts, { condition: 'UNRESPONSIVE', durationMs: 20_000 }).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(['WITHIN_HEALTH_CHECK_TIMEOUT']);
    expect(
      healthSignalOutcome(facts, { condition: 'UNRESPONSIVE', durationMs: 30_000 }).result,
    ).toBe('failover');
  });

  it('without a synchronized partner the group restarts on the primary, with every reason', () => {
    const ag = new Driver(config);
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    const outcome = healthSignalOutcome(ag.facts(), { condition: 'SYSTEM_ERROR' });
    expect(outcome.result).toBe('restart');
    expect(outcome.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['FAILURE_CONDITION_MET', 'TARGET_DOWN']),
    );
  });

  it('a database leaving ONLINE fails over only with DB_FAILOVER = ON', () => {
    const facts = new Driver(config).facts();
    expect(healthSignalOutcome(facts, { condition: 'DATABASE_NOT_ONLINE' }).result).toBe('none');
    const on = { ...facts, config: { ...facts.config, dbFailover: 'ON' as const } };
    expect(healthSignalOutcome(on, { condition: 'DATABASE_NOT_ONLINE' }).result).toBe('failover');
  });
});
