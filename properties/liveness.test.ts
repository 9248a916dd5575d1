import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { stuckCaughtUpCopies } from '../core/cluster/liveness.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * Liveness: no state is stuck. A synchronous-commit secondary that is running, connected, not
 * suspended, and whose hardened log equals the primary's end of log reaches SYNCHRONIZED without
 * any further commit: at most the delivery of the log that is already its own (availability
 * modes, "Synchronous-commit availability mode": once the secondary database catches up it
 * enters the SYNCHRONIZED state; ALTER DATABASE SET HADR RESUME). fast-check prints the seed and
 * path of a failure.
 */

const stuck = (c: Cluster): string[] =>
  stuckCaughtUpCopies(c).map(
    ({ replica, database, state }) => `${database} on ${replica} is ${state} after delivery`,
  );

describe('liveness', () => {
  it('a caught-up synchronous secondary, running, connected and not suspended, reaches SYNCHRONIZED without a further commit', () => {
    fc.assert(
      fc.property(scenarioArb(40), ({ config, events }) => {
        let cluster = createCluster(config);
        for (const [i, event] of events.entries()) {
          cluster = step(cluster, event).cluster;
          const found = stuck(cluster);
          if (found.length > 0)
            throw new Error(`after event ${i} ${JSON.stringify(event)}: ${found.join('; ')}`);
        }
      }),
      { numRuns: propertyRuns(150), ...ownSeed(13_07) },
    );
  });
});
