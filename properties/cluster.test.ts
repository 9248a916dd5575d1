import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { stepViolations } from '../core/cluster/invariants.js';
import { step } from '../core/cluster/step.js';
import { scenarioArb } from './cluster-arbitraries.js';

/**
 * The cluster's invariants over random configurations and random event sequences. fast-check
 * prints the seed and the path of any failure, with the shrunk scenario; replay it with
 * `fc.assert(..., { seed, path })`.
 */
describe('cluster invariants', () => {
  it('hold after every step: one writable primary, SYNCHRONIZED means caught up, suspended means NOT SYNCHRONIZING, acknowledgement on 1 + RSSTC replicas, no loss on automatic or planned failover, predicted loss equals actual loss', () => {
    fc.assert(
      fc.property(scenarioArb(60), ({ config, events }) => {
        let cluster = createCluster(config);
        for (const [i, event] of events.entries()) {
          const result = step(cluster, event);
          const violations = stepViolations(cluster, event, result);
          if (violations.length > 0) {
            throw new Error(
              `after event ${i} ${JSON.stringify(event)}: ${violations.map((x) => `${x.invariant}: ${x.message}`).join('; ')}`,
            );
          }
          if (result.refused.length > 0) expect(result.cluster).toBe(cluster);
          cluster = result.cluster;
        }
      }),
      { numRuns: 300 },
    );
  });
});
