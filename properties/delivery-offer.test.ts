import { describe, expect, it } from 'vitest';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { forcedFailoverRefusedAtOnce } from '../core/failover/refused-at-once.js';
import { deliveryRefusedAtOnce } from '../core/log/log-step.js';
import { inEveryStateOfRandomScenarios } from './every-state.js';

/**
 * The explorer leaves out a log delivery (log.ship then log.harden to one replica) that
 * `deliveryRefusedAtOnce` calls refused, and a forced failover `forcedFailoverRefusedAtOnce` calls
 * refused (core/explore/alphabet.ts). Neither shortcut may leave out a move: in every state of
 * random scenarios (faults, failovers, quorum, commits, and the lifecycle ones with seeding,
 * databases added and removed), "refused at once" implies the step refuses both events of the
 * delivery, and FORCE_FAILOVER_ALLOW_DATA_LOSS to every replica.
 */

const seen = {
  deliveryRefused: 0,
  deliveryLeft: 0,
  deliveryToPrimary: 0,
  forcedRefused: 0,
  forcedLeft: 0,
};

/** What the shortcuts call refused and the step accepts, in one state. */
const wronglyLeftOut = (c: Cluster): string[] => {
  const wrong: string[] = [];
  for (const r of c.replicas) {
    if (!deliveryRefusedAtOnce(c, r)) {
      seen.deliveryLeft++;
      continue;
    }
    seen.deliveryRefused++;
    if (c.ag.context.primary === r.name) seen.deliveryToPrimary++;
    const ship = step(c, { type: 'log.ship', replica: r.name });
    const after = ship.refused.length === 0 ? ship.cluster : c;
    const harden = step(after, { type: 'log.harden', replica: r.name });
    if (ship.refused.length === 0 || harden.refused.length === 0) wrong.push(`deliver ${r.name}`);
  }
  if (!forcedFailoverRefusedAtOnce(c)) seen.forcedLeft++;
  else {
    seen.forcedRefused++;
    for (const r of c.replicas)
      if (step(c, { type: 'ag.forceFailover', target: r.name }).refused.length === 0)
        wrong.push(`forced failover to ${r.name}`);
  }
  return wrong;
};

describe('a delivery or forced failover the explorer leaves out is one the step refuses', () => {
  inEveryStateOfRandomScenarios(wronglyLeftOut);

  it('was put to both sides of each shortcut, deliveries to secondaries among the refused', () => {
    expect(seen.deliveryRefused).toBeGreaterThan(seen.deliveryToPrimary);
    expect(seen.deliveryToPrimary).toBeGreaterThan(0);
    expect(seen.deliveryLeft).toBeGreaterThan(0);
    expect(seen.forcedRefused).toBeGreaterThan(0);
    expect(seen.forcedLeft).toBeGreaterThan(0);
  });
});
