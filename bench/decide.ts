import { Bench } from 'tinybench';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { decide } from '../core/decide/decide.js';
import { nineReplicas } from './topology.js';

/**
 * Every decision (every target, every database) on a 9-replica × 100-database group: the
 * decision engine's cost for an embedded caller that asks everything at once.
 */
const config = nineReplicas('BIG', 100);

export const decideBench = async (): Promise<Bench> => {
  const facts = clusterFacts(createCluster(config));
  const bench = new Bench({ time: 5000, warmupTime: 500 });
  bench.add('decide: every target and database, 9 replicas × 100 databases', () => {
    decide(facts);
  });
  await bench.run();
  return bench;
};
