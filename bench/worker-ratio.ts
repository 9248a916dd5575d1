import { parallelExplore, stopSearchWorkers } from '../adapters/cli/parallel/run.js';
import type { ExploreResult } from '../core/explore/result.js';
import { threeReplicas } from './topology.js';

/**
 * One side of the bench's worker ratio in a process of its own, so that the parent can confine it
 * to one CPU (`taskset -c 0`) or give V8 flags to it alone: `node worker-ratio.js WORKERS FAULTS
 * COMMITS [RUNS]` searches the bench's group once cold (workers started for it, as `agstate check`
 * starts them), then RUNS − 1 times (default 2) on the same workers kept warm, and prints one JSON
 * line per search.
 */

export interface RatioRun {
  readonly states: number;
  readonly seconds: number;
  /** User plus system CPU of the whole process (every thread) during the search. */
  readonly cpu: number;
  readonly complete: boolean;
  readonly answers: string;
}

const answersOf = (r: ExploreResult) =>
  Object.entries(r.answers)
    .map(([k, a]) => `${k}=${a.answer ? 'yes' : 'no'}`)
    .join(' ');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const [workers, faults, commits, runs = 3] = process.argv.slice(2).map(Number);
if (workers === undefined || faults === undefined || commits === undefined)
  throw new Error('usage: worker-ratio.js WORKERS FAULTS COMMITS [RUNS]');

const config = threeReplicas('BENCH3', ['DB1']);
for (let run = 0; run < runs; run++) {
  const c = cpu();
  const t = performance.now();
  const result = await parallelExplore(config, { faults, commits }, workers);
  const measured: RatioRun = {
    states: result.statesExplored,
    seconds: (performance.now() - t) / 1000,
    cpu: cpu() - c,
    complete: result.complete,
    answers: answersOf(result),
  };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}
await stopSearchWorkers();
