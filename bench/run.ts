import type { Bench } from 'tinybench';
import { cliBench } from './cli.js';
import { clusterBench } from './cluster.js';

/**
 * Benchmarks (not tests): `npm run bench` builds and runs every suite and prints a table.
 * Run one suite with `npm run bench -- cluster`.
 */
const SUITES: Record<string, () => Promise<Bench>> = { cluster: clusterBench, cli: cliBench };

const selected = process.argv.slice(2).filter((a) => a in SUITES);
for (const name of selected.length > 0 ? selected : Object.keys(SUITES)) {
  process.stdout.write(`\n## ${name}\n`);
  const bench = await SUITES[name]!();
  for (const task of bench.tasks) {
    const r = task.result;
    if (r === undefined || r.state !== 'completed') {
      process.stdout.write(`${task.name}: ${r?.state ?? 'not run'}\n`);
      continue;
    }
    process.stdout.write(
      `${task.name}: ${Math.round(r.throughput.mean).toLocaleString('en-US')} ops/s, median ${(r.latency.p50 * 1000).toFixed(2)} µs (±${r.latency.rme.toFixed(1)}%, ${r.latency.samplesCount} samples)\n`,
    );
  }
}
