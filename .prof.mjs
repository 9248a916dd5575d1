const fc = (await import('fast-check')).default;
const { createCluster } = await import('./dist/core/cluster/build.js');
const { step } = await import('./dist/core/cluster/step.js');
const { clusterEventArb } = await import('./dist/properties/cluster-arbitraries.js');
const { threeReplicas } = await import('./dist/bench/topology.js');
const config = threeReplicas('BENCH', ['DB1', 'DB2']);
const events = fc.sample(clusterEventArb(config), { numRuns: 10_000, seed: 42 });
const start = createCluster(config);
const valid = [];
let cluster = start;
for (const [n, e] of events.entries()) {
  if (n % 500 === 0) cluster = start;
  const r = step(cluster, e);
  if (r.refused.length === 0) valid.push([cluster, e]);
  cluster = r.cluster;
}
const only = process.env.ONLY;
const set = only ? valid.filter(([, e]) => e.type === only) : valid;
const c0 = process.cpuUsage();
for (let r = 0; r < Number(process.env.ROUNDS ?? 100); r++) for (const [b, e] of set) step(b, e);
const c = process.cpuUsage(c0);
console.log(set.length, 'events', Math.round(set.length * Number(process.env.ROUNDS ?? 100) / ((c.user + c.system) / 1e6)), 'ev/s cpu');
