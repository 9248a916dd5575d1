import { describe, expect, it } from 'vitest';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { plannedFailoverRefusedAtOnce } from '../core/failover/refused-at-once.js';
import type { ClusterEvent } from '../core/model/events.js';
import { inEveryStateOfRandomScenarios } from './every-state.js';

/**
 * The explorer leaves out a planned failover that `plannedFailoverRefusedAtOnce` calls refused
 * (core/explore/alphabet.ts), so the shortcut must never call an allowed failover refused: in
 * every state of random scenarios (faults, failovers, quorum, commits, and the lifecycle ones with
 * seeding, databases added and removed), for every replica, "refused at once" implies the step
 * refuses ALTER AVAILABILITY GROUP … FAILOVER to it.
 */

const seen = { refusedAtOnce: 0, leftToTheStep: 0 };

/** The replicas for which the shortcut says refused and the step accepts. */
const wronglyLeftOut = (c: Cluster): string[] => {
  const wrong: string[] = [];
  for (const r of c.replicas) {
    const event: ClusterEvent = { type: 'ag.failover', target: r.name };
    if (!plannedFailoverRefusedAtOnce(c, r)) {
      seen.leftToTheStep++;
      continue;
    }
    seen.refusedAtOnce++;
    if (step(c, event).refused.length === 0) wrong.push(r.name);
  }
  return wrong;
};

describe('a planned failover the explorer leaves out is one the step refuses', () => {
  inEveryStateOfRandomScenarios(wronglyLeftOut);

  it('was put to both sides: states where the shortcut refuses and where it leaves the step to judge', () => {
    expect(seen.refusedAtOnce).toBeGreaterThan(0);
    expect(seen.leftToTheStep).toBeGreaterThan(0);
  });
});
