import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import {
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
  synchronizationState,
} from '../core/cluster/select.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { isPrefixOf } from '../core/rules/lineage.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * Liveness: no state is stuck. A synchronous-commit secondary that is running, connected, not
 * suspended, and whose hardened log equals the primary's end of log reaches SYNCHRONIZED without
 * any further commit: at most the delivery of the log that is already its own (availability
 * modes, "Synchronous-commit availability mode": once the secondary database catches up it
 * enters the SYNCHRONIZED state; ALTER DATABASE SET HADR RESUME). fast-check prints the seed and
 * path of a failure.
 */

const stuck = (c: Cluster): string[] => {
  const primary = primaryReplica(c);
  if (primary === undefined || !isReplicaUp(primary)) return [];
  const mode = (name: string) => c.config.replicas.find((r) => r.name === name)!.availabilityMode;
  if (mode(primary.name) !== 'SYNCHRONOUS_COMMIT') return [];
  const out: string[] = [];
  for (const r of c.replicas) {
    if (r.name === primary.name || mode(r.name) !== 'SYNCHRONOUS_COMMIT') continue;
    if (!isReplicaUp(r) || replicaRole(r) !== 'SECONDARY') continue;
    if (connectedState(r) !== 'CONNECTED' || r.linkDownSinceMs !== null) continue;
    for (const [db, copy] of Object.entries(r.databases)) {
      const p = primary.databases[db];
      if (p === undefined || copyPhase(p) !== 'JOINED' || joinedState(p) === 'SUSPENDED') continue;
      if (copyPhase(copy) !== 'JOINED' || joinedState(copy) === 'SUSPENDED') continue;
      const forks = c.logs[db]!.forks;
      const equal =
        copy.hardened.lsn === p.hardened.lsn && isPrefixOf(forks, p.hardened, copy.hardened);
      if (!equal) continue;
      let next = c;
      for (const type of ['log.ship', 'log.harden'] as const) {
        const res = step(next, { type, replica: r.name, database: db });
        if (res.refused.length === 0) next = res.cluster;
      }
      const after = next.replicas.find((x) => x.name === r.name)!.databases[db]!;
      const state = synchronizationState(after);
      if (state !== 'SYNCHRONIZED')
        out.push(`${db} on ${r.name} is ${synchronizationState(copy)}, ${state} after delivery`);
    }
  }
  return out;
};

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
      { numRuns: propertyRuns(150), seed: 13_07 },
    );
  });
});
