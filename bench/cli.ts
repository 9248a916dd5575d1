import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

/**
 * `agstate decide examples/snapshots/primary.json` as a whole process, the way a monitoring job
 * or an orchestrator calls it: Node's start, loading the code, reading the snapshot, deciding
 * and printing. Reports the median and the 95th percentile of the wall time in milliseconds, for
 * the package's bin (the bundle with its code cache) and for the separate modules tsc emitted.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DECIDE = ['decide', 'examples/snapshots/primary.json'];
const BUNDLED = ['dist/adapters/cli/launch.cjs', ...DECIDE];
const MODULES = ['dist/adapters/cli/bin.js', ...DECIDE];
const RUNS = 40;
/** The goal for the whole process. */
const GOAL_MS = 200;

/** The p-th percentile of sorted samples, interpolated between the two nearest. */
const percentile = (sorted: readonly number[], p: number): number => {
  const at = (sorted.length - 1) * p;
  const low = sorted[Math.floor(at)] ?? 0;
  const high = sorted[Math.ceil(at)] ?? low;
  return low + (high - low) * (at - Math.floor(at));
};

export const cliBench = async (): Promise<Bench> => {
  const bench = new Bench({
    iterations: RUNS,
    time: 0,
    warmupIterations: 3,
    warmupTime: 0,
    retainSamples: true,
  });
  for (const args of [BUNDLED, MODULES])
    bench.add(`node ${args.join(' ')}`, () => {
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`agstate decide exited ${r.status}: ${r.stderr}`);
    });
  // Node's own start on this machine, so that agstate's share of the figure can be read off.
  bench.add('node -e 0 (for comparison)', () => {
    spawnSync(process.execPath, ['-e', '0']);
  });
  await bench.run();
  const medians: number[] = [];
  for (const task of bench.tasks) {
    const samples = task.result?.state === 'completed' ? task.result.latency.samples : undefined;
    if (samples === undefined) continue;
    const sorted = [...samples].sort((a, b) => a - b);
    medians.push(percentile(sorted, 0.5));
    process.stdout.write(
      `${task.name}: median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms (${sorted.length} processes)\n`,
    );
  }
  // On a loaded machine both figures grow together; the ratio is the part agstate controls.
  const [decide, modules, node] = medians;
  if (decide !== undefined && modules !== undefined && node !== undefined)
    process.stdout.write(
      `agstate decide: ${(decide / node).toFixed(1)}× node -e 0 (the separate modules: ${(modules / node).toFixed(1)}×); goal ≤ ${GOAL_MS} ms: ${decide <= GOAL_MS ? 'met' : 'not met'} on this run\n`,
    );
  return bench;
};
