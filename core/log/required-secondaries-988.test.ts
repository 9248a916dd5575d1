import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { commitOutcome } from './commit.js';

/**
 * MSSQLSERVER_988 (S171): Message Text "Unable to access database '%.*ls' because it lacks a
 * quorum of nodes for high availability. Try the operation again later."; Scenario 2, Runtime
 * commit failures: "When the configured value of REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is
 * greater than the number of available healthy synchronous secondaries, the primary can't proceed
 * with commits". The refusal said only "commits on the primary fail", not what the application
 * gets. The fixture: S44's forced failover to the DR replica, both synchronous replicas lost.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('../decide/fixtures/docs-forced-failover-rsstc-error-988.json', import.meta.url),
      'utf8',
    ),
  ),
);

describe('a commit refused by REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT names error 988', () => {
  it('in the step that refuses it', () => {
    const refused = sim.trace[6]!.refused;
    expect(refused.map((r) => r.code)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
    expect(refused[0]!.message).toBe(
      `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 but 0 synchronous secondaries are synchronized: commits on the primary fail, with error 988 ("Unable to access database 'Accounts' because it lacks a quorum of nodes for high availability. Try the operation again later.", MSSQLSERVER_988)`,
    );
  });

  it('in the commit decision on the same state', () => {
    const outcome = commitOutcome(sim.trace[6]!.facts, 'Accounts');
    expect(outcome.acknowledgement).toBe('blocked');
    expect(outcome.reasons[0]!.message).toContain('error 988');
  });
});
