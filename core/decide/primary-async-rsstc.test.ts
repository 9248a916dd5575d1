import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * After S44's forced failover to the asynchronous DR replica, the former primary is back and
 * resumed but cannot be SYNCHRONIZED under the asynchronous-commit primary (step 2 of Returning
 * the Availability Group to its Original Topology). On a group with
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 the commits meanwhile do not go through
 * unprotected, they fail: "If the minimum number of replicas isn't available, then commits on the
 * primary fail" (S3); MSSQLSERVER_988 (S171), Scenario 2. The advice to change the primary to
 * synchronous commit said "every commit is acknowledged before any secondary has it".
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-failover-rsstc-old-primary-resumed.json', import.meta.url),
      'utf8',
    ),
  ),
);
const modeChange = (i: number) =>
  recommendedActions(sim.trace[i]!.facts).flatMap((a) =>
    a.why.filter((r) => r.code === 'PRIMARY_TO_SYNCHRONOUS_COMMIT'),
  );

describe('the primary to synchronous commit, on a group with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1', () => {
  it('refuses the commits under the asynchronous-commit primary and takes the one after the change', () => {
    expect(sim.trace.flatMap((s, i) => (s.refused.length > 0 ? [i] : []))).toEqual([6, 11]);
    expect(sim.trace[11]!.refused.map((r) => r.code)).toEqual([
      'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
    ]);
    expect(sim.trace[15]!.facts.databaseReplicas.find((d) => d.replica === 'SQL1')).toMatchObject({
      synchronizationState: 'SYNCHRONIZED',
      lastHardenedLsn: 1n,
    });
  });

  it('says that commits fail meanwhile, not that they are acknowledged unprotected', () => {
    for (const i of [10, 11]) {
      const found = modeChange(i);
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toContain(
        'every commit fails (error 988) until 1 synchronous-commit secondary is SYNCHRONIZED, as REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 requires',
      );
      expect(found[0]!.message).not.toContain('acknowledged before any secondary');
    }
  });

  it('offers the change no more once the primary runs synchronous commit', () => {
    expect(modeChange(12)).toEqual([]);
  });
});
