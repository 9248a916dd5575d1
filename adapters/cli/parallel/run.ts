import { existsSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_STATES } from '../../../core/explore/explore.js';
import {
  combine,
  deal,
  firstLevels,
  type ParallelOptions,
  type WorkerOutcome,
} from '../../../core/explore/parallel.js';
import type { ExploreResult } from '../../../core/explore/result.js';
import { sharedTableBuffer } from '../../../core/explore/store/shared.js';
import type { Config } from '../../../core/model/config.js';

/**
 * `agstate check --workers N`: the first levels on this thread, then N worker threads, each
 * searching its share of the frontier over one shared visited table. Clusters never cross
 * threads: a worker gets action paths and replays them with the step. The worker threads are
 * kept for the next search of the process (the bench, the page's server, a test run).
 */

/** How many frontier positions per worker before the work is shared out. */
const SHARES_PER_WORKER = 32;

let bundled: Promise<URL> | undefined;

/**
 * The worker's script: the built one beside this module, or, when this module runs from its
 * TypeScript source, the one the test run bundled, or else the worker bundled once with esbuild into
 * a temporary folder.
 */
const workerScript = (): Promise<URL> => {
  const built = new URL('./worker.js', import.meta.url);
  if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(built)))
    return Promise.resolve(built);
  // The test run bundles the worker once for all its processes (adapters/web/global-setup.ts).
  const prepared = process.env.AGSTATE_WORKER_SCRIPT;
  if (prepared !== undefined && existsSync(prepared))
    return Promise.resolve(pathToFileURL(prepared));
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const folder = await mkdtemp(join(tmpdir(), 'agstate-worker-'));
    // The bundle serves this process only: it goes when the process does.
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const outfile = join(folder, 'worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'warning',
    });
    return pathToFileURL(outfile);
  })();
  return bundled;
};

/** Search workers started by this process and waiting for work (they do not keep it alive). */
const idle: Worker[] = [];

/**
 * One share on a kept worker, or on a new one when none waits: a worker pays for loading the
 * modules and compiling the step once per process, not once per search. A worker that fails is
 * dropped, not kept.
 */
const runWorker = (script: URL, job: unknown): Promise<WorkerOutcome> =>
  new Promise((resolve, reject) => {
    const worker = idle.pop() ?? new Worker(script);
    const onMessage = (m: WorkerOutcome) => {
      stop();
      worker.unref();
      idle.push(worker);
      resolve(m);
    };
    const onError = (e: Error) => {
      stop();
      void worker.terminate();
      reject(e);
    };
    const onExit = (code: number) => {
      stop();
      reject(new Error(`a search worker stopped with exit code ${code}`));
    };
    const stop = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.ref();
    worker.postMessage(job);
  });

export const parallelExplore = async (
  config: Config,
  options: ParallelOptions,
  workers: number,
  progress: (states: number) => void = () => {},
): Promise<ExploreResult> => {
  const buffer = sharedTableBuffer(options.maxStates ?? DEFAULT_MAX_STATES);
  const first = firstLevels(config, options, buffer, SHARES_PER_WORKER * workers);
  const count = new Int32Array(buffer, 0, 1);
  const timer = setInterval(() => progress(Atomics.load(count, 0)), 250);
  try {
    const script = await workerScript();
    const outcomes = await Promise.all(
      deal(first.frontier, workers)
        .filter((shares) => shares.length > 0)
        .map((shares) => runWorker(script, { task: { config, options, shares }, buffer })),
    );
    return combine(first, outcomes, buffer, workers);
  } finally {
    clearInterval(timer);
  }
};
