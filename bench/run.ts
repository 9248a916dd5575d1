import type { Bench } from 'tinybench';
import { cliBench } from './cli.js';
import { clusterBench } from './cluster.js';
import { decideBench } from './decide.js';
import { exploreBench } from './explore.js';
import { fleetBench } from './fleet.js';
import { largeGroupBench } from './large-group.js';
import { loadBench } from './load.js';

/**
 * Benchmarks (not tests): `npm run bench` builds and runs every suite and prints what it measured.
 * Run some with `npm run bench -- cluster decide`. Suites that time one long run print their own
 * lines and return null.
 */
const SUITES: Record<string, () => Promise<Bench | null>> = {
  cluster: clusterBench,
  decide: decideBench,
  fleet: fleetBench,
  'large-group': largeGroupBench,
  explore: exploreBench,
  cli: cliBench,
  load: loadBench,
};

const duration = (ms: number): string =>
  ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(2)} µs`;

const selected = process.argv.slice(2).filter((a) => a in SUITES);
for (const name of selected.length > 0 ? selected : Object.keys(SUITES)) {
  process.stdout.write(`\n## ${name}\n`);
  const bench = await SUITES[name]!();
  for (const task of bench?.tasks ?? []) {
    const r = task.result;
    if (r === undefined || r.state !== 'completed') {
      process.stdout.write(`${task.name}: ${r?.state ?? 'not run'}\n`);
      continue;
    }
    process.stdout.write(
      `${task.name}: ${Math.round(r.throughput.mean).toLocaleString('en-US')} ops/s, median ${duration(r.latency.p50)}, p99 ${duration(r.latency.p99)} (±${r.latency.rme.toFixed(1)}%, ${r.latency.samplesCount} samples)\n`,
    );
  }
}
