import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * MSSQLSERVER_988 (S171, learn.microsoft.com/sql/relational-databases/errors-events/
 * mssqlserver-988-database-engine-error), Scenario 2: "When the configured value of
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is greater than the number of available healthy
 * synchronous secondaries, the primary can't proceed with commits"; Workaround, Option 1:
 * "Lowering the value to 0 allows the primary to commit without waiting for synchronous
 * secondaries", "ALTER AVAILABILITY GROUP [AGNAME] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * = 0);". The fixture is S44's forced failover to the DR replica with both synchronous replicas
 * lost: the new primary refused every commit and decide said "nothing to do".
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-failover-rsstc-error-988.json', import.meta.url),
      'utf8',
    ),
  ),
);
const lowering = (i: number) =>
  recommendedActions(sim.trace[i]!.facts).filter((a) => a.event.type === 'ag.set');

describe('commits refused by REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: the documented workaround', () => {
  it('refuses the commit after the forced failover and takes the rest', () => {
    expect(sim.trace.map((s) => s.refused.map((r) => r.code))).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      ['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET'],
      [],
      [],
    ]);
  });

  it('offers SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0) while commits fail, with error 988 and its warning', () => {
    for (const i of [5, 6]) {
      const found = lowering(i);
      expect(found.map((a) => a.event)).toEqual([
        { type: 'ag.set', options: { requiredSynchronizedSecondariesToCommit: 0 } },
      ]);
      expect(found[0]!.why.map((r) => r.code)).toEqual(['LOWER_REQUIRED_SYNCHRONIZED_SECONDARIES']);
      expect(found[0]!.why[0]!.message).toContain('error 988');
      expect(found[0]!.why[0]!.message).toContain('increases the risk of data loss');
      expect(found[0]!.why[0]!.rule.document).toBe('MSSQLSERVER_988');
    }
  });

  it('offers nothing of the kind while a synchronous secondary is synchronized, or once lowered', () => {
    expect(lowering(2)).toEqual([]);
    expect(lowering(7)).toEqual([]);
    expect(lowering(8)).toEqual([]);
  });

  it('offers no ALTER under CLUSTER_TYPE EXTERNAL, where the Pacemaker agent sets the value', () => {
    const facts = sim.trace[6]!.facts;
    const external = { ...facts, config: { ...facts.config, clusterType: 'EXTERNAL' as const } };
    // 1 is above the agent's 0 for two synchronous replicas: the resource's parameter goes back to it.
    const found = recommendedActions(external).filter((a) => a.event.type === 'ag.set');
    expect(found.flatMap((a) => a.why.map((r) => r.code))).toEqual([
      'PACEMAKER_RSSTC_BACK_TO_AGENT',
    ]);
  });
});
