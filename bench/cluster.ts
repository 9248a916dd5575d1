import fc from 'fast-check';
import { Bench } from 'tinybench';
import { createCluster } from '../core/cluster/build.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { availabilityGroupMachine } from '../core/machines/availabilityGroup/machine.js';
import { databaseReplicaMachine } from '../core/machines/databaseReplica/machine.js';
import {
  initialSnapshot,
  transitionMachine,
  transitionMachinePublic,
} from '../core/machines/xstate.js';
import type { ClusterEvent } from '../core/model/events.js';
import { clusterEventArb } from '../properties/cluster-arbitraries.js';
import { threeReplicas } from './topology.js';

/** Cluster events per second on 3 replicas × 2 databases, and the cost of one machine transition. */

const config = threeReplicas('BENCH', ['DB1', 'DB2']);

export const clusterBench = async (): Promise<Bench> => {
  // A fixed seed keeps the event mix the same from run to run.
  const events: ClusterEvent[] = fc.sample(clusterEventArb(config), { numRuns: 10_000, seed: 42 });
  const start = createCluster(config);
  // Record the valid (accepted) steps of a random run, restarting from a fresh group every 500 events.
  const valid: [Cluster, ClusterEvent][] = [];
  let cluster: Cluster = start;
  for (const [n, e] of events.entries()) {
    if (n % 500 === 0) cluster = start;
    const r = step(cluster, e);
    if (r.refused.length === 0) valid.push([cluster, e]);
    cluster = r.cluster;
  }
  let i = 0;
  const bench = new Bench({ time: 2000, warmupTime: 300 });
  bench.add('cluster step, 3 replicas × 2 databases, random valid events', () => {
    const [before, e] = valid[i++ % valid.length]!;
    step(before, e);
  });
  let mixed: Cluster = start;
  let j = 0;
  bench.add('cluster step, random events of which about 30% are valid', () => {
    const r = step(mixed, events[j++ % events.length]!);
    mixed = j % 500 === 0 ? start : r.cluster;
  });
  const dbEvents = [
    { type: 'link.lost' },
    { type: 'link.connected', diverged: false },
    {
      type: 'log.hardened',
      facts: {
        primaryMode: 'SYNCHRONOUS_COMMIT',
        replicaMode: 'SYNCHRONOUS_COMMIT',
        connected: true,
        suspended: false,
        caughtUp: true,
      },
    },
  ] as const;
  let db = transitionMachine(databaseReplicaMachine, initialSnapshot(databaseReplicaMachine), {
    type: 'db.add',
  });
  let dbPublic = db;
  let k = 0;
  bench.add('databaseReplica transition, reused inert scope', () => {
    db = transitionMachine(databaseReplicaMachine, db, dbEvents[k++ % 3]!);
  });
  bench.add('databaseReplica transition, XState transition()', () => {
    dbPublic = transitionMachinePublic(databaseReplicaMachine, dbPublic, dbEvents[k++ % 3]!);
  });
  let ag = initialSnapshot(availabilityGroupMachine);
  const agEvents = [{ type: 'quorum.lost' }, { type: 'quorum.regained' }] as const;
  bench.add('availabilityGroup (parallel) transition, reused inert scope', () => {
    ag = transitionMachine(availabilityGroupMachine, ag, agEvents[k++ % 2]!);
  });
  await bench.run();
  process.stdout.write(`(${valid.length} valid events of ${events.length} random ones)\n`);
  return bench;
};
