import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Failover and Failover Modes" (S2), Conditions Required for an Automatic Failover, TIP: "If the
 * primary replica fails, the availability group will fail over to the secondary replica. Until
 * the former primary replica comes online, no automatic failover target exists. In either case,
 * to ensure availability in the unlikely case of a sequential failure, we recommend that you
 * configure a different secondary replica as the automatic failover target." The fixture is S2's
 * four-replica example (A, B automatic; C synchronous, manual; D asynchronous), A failing.
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-s2-four-replicas-primary-fails.json', import.meta.url),
    'utf8',
  ),
);
const run = simulateScenario(document);
const settings = (step: number) =>
  recommendedActions(run.trace[step]!.facts).filter(
    (a) => a.event.type === 'replica.setFailoverMode',
  );

describe('another automatic failover target once the partner has failed (S2)', () => {
  it('none while A and B form the automatic failover set', () => {
    expect(settings(6)).toEqual([]);
  });

  it('after A fails and B takes over: FAILOVER_MODE = AUTOMATIC on C, which is SYNCHRONIZED', () => {
    const [action, ...rest] = settings(7);
    expect(rest).toEqual([]);
    expect(action?.event).toEqual({
      type: 'replica.setFailoverMode',
      replica: 'C',
      mode: 'AUTOMATIC',
    });
    expect(action?.why.map((r) => r.code)).toEqual(['ANOTHER_AUTOMATIC_TARGET']);
    expect(action?.why[0]?.message).toContain(
      "the primary B's automatic failover partner A is down or disconnected: no automatic failover target exists",
    );
    expect(action?.why[0]?.message).toContain(
      'C is SYNCHRONOUS_COMMIT with FAILOVER_MODE MANUAL and is SYNCHRONIZED',
    );
  });

  it('the step takes it, and nothing more is offered, before or after A returns', () => {
    expect(run.trace[8]!.refused).toEqual([]);
    expect(settings(8)).toEqual([]);
    expect(run.trace[9]!.refused).toEqual([]);
    expect(settings(9)).toEqual([]);
  });

  it('not where the version allows no further automatic replica (SQL Server 2014: two)', () => {
    const old = simulateScenario({
      ...document,
      config: { ...document.config, version: 2014 },
      steps: document.steps.slice(0, 8),
    });
    expect(
      recommendedActions(old.trace[7]!.facts).filter(
        (a) => a.event.type === 'replica.setFailoverMode',
      ),
    ).toEqual([]);
  });
});
