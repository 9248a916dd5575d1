import { Bench } from 'tinybench';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { decide } from '../core/decide/decide.js';
import { resolveConfig } from '../core/model/config.js';

/**
 * Every decision (every target, every database) on a 9-replica × 100-database group: the
 * decision engine's cost for an embedded caller that asks everything at once.
 */
const replicas = Array.from({ length: 9 }, (_, i) => ({
  name: `SQL${i + 1}`,
  endpointUrl: `TCP://sql${i + 1}.contoso.com:5022`,
  availabilityMode: i < 5 ? ('SYNCHRONOUS_COMMIT' as const) : ('ASYNCHRONOUS_COMMIT' as const),
  failoverMode: i < 5 ? ('AUTOMATIC' as const) : ('MANUAL' as const),
  backupPriority: 10 * (i + 1),
  secondaryRole: {
    allowConnections: 'READ_ONLY' as const,
    readOnlyRoutingUrl: `TCP://sql${i + 1}.contoso.com:1433`,
  },
  primaryRole: {
    readOnlyRoutingList: [[`SQL${((i + 1) % 9) + 1}`, `SQL${((i + 2) % 9) + 1}`], `SQL${i + 1}`],
  },
}));

const config = resolveConfig({
  name: 'BIG',
  version: 2022,
  databases: Array.from({ length: 100 }, (_, i) => `DB${String(i + 1).padStart(3, '0')}`),
  listener: {
    name: 'biglistener',
    port: 1433,
    addresses: [{ address: '10.2.0.10', subnetMask: '255.255.255.0' }],
  },
  replicas,
});

export const decideBench = async (): Promise<Bench> => {
  const facts = clusterFacts(createCluster(config));
  const bench = new Bench({ time: 5000, warmupTime: 500 });
  bench.add('decide: every target and database, 9 replicas × 100 databases', () => {
    decide(facts);
  });
  await bench.run();
  return bench;
};
