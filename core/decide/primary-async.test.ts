import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Perform a forced manual failover of an availability group" (S44), Example Scenario: the main
 * data center (three synchronous-commit replicas) is lost, the group is forced onto Node 04 in the
 * remote one (asynchronous-commit). Returning the Availability Group to its Original Topology,
 * step 2: "1) Change one offline availability replica to asynchronous-commit mode. 2) Change the
 * new primary replica to synchronous-commit mode. Note: This step enables resumed
 * synchronous-commit secondary databases to become SYNCHRONIZED." Step 3: the planned failover
 * back. Follow Up step 1: "If you failed over outside of the synchronous-commit failover set: We
 * recommend that you consider adjusting the availability mode". SQL Server 2016 allows three
 * synchronous-commit replicas, hence part 1.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-failover-back-to-original-topology.json', import.meta.url),
      'utf8',
    ),
  ),
);
const modeChanges = (i: number) =>
  recommendedActions(sim.trace[i]!.facts)
    .filter((a) => a.why.some((r) => r.code === 'PRIMARY_TO_SYNCHRONOUS_COMMIT'))
    .map((a) => a.event);
const resumeMessages = (i: number) =>
  recommendedActions(sim.trace[i]!.facts).flatMap((a) =>
    a.why.filter((r) => r.code === 'RESUME_SUSPENDED').map((r) => r.message),
  );

describe('back to the original topology after a forced failover to an asynchronous replica (S44)', () => {
  it('runs the example, the early failover back excepted', () => {
    expect(sim.trace.flatMap((s, i) => (s.refused.length > 0 ? [i] : []))).toEqual([20]);
    expect(sim.trace[25]!.facts.primary).toBe('NODE01');
  });

  it('says, while the copies are suspended, that they synchronize only under a synchronous-commit primary', () => {
    const messages = resumeMessages(16);
    expect(messages).toHaveLength(3);
    for (const m of messages)
      expect(m).toContain(
        'becomes SYNCHRONIZED again only once the primary NODE04 runs SYNCHRONOUS_COMMIT',
      );
    expect(modeChanges(16)).toEqual([]);
  });

  it('once they are resumed, first makes room: one synchronous-commit replica to asynchronous commit', () => {
    for (const i of [19, 20])
      expect(modeChanges(i)).toEqual([
        { type: 'replica.setAvailabilityMode', replica: 'NODE03', mode: 'ASYNCHRONOUS_COMMIT' },
      ]);
  });

  it('then the new primary to synchronous commit, and nothing more once it is', () => {
    expect(modeChanges(21)).toEqual([
      { type: 'replica.setAvailabilityMode', replica: 'NODE04', mode: 'SYNCHRONOUS_COMMIT' },
    ]);
    expect(modeChanges(22)).toEqual([]);
    expect(modeChanges(25)).toEqual([]);
  });
});
