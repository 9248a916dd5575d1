import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_STATES } from '../../../core/explore/explore.js';
import {
  combine,
  deal,
  firstLevels,
  type ParallelOptions,
  type Share,
  type WorkerOutcome,
} from '../../../core/explore/parallel.js';
import type { ExploreResult } from '../../../core/explore/result.js';
import { sharedTableBuffer } from '../../../core/explore/store/shared.js';
import type { Config } from '../../../core/model/config.js';
import { workerScript } from './scripts.js';

/**
 * `agstate check --workers N`: the first levels on this thread, then N worker threads, each
 * searching its share of the frontier over one shared visited table. Clusters never cross
 * threads: a worker gets action paths and replays them with the step. The worker threads are
 * kept for the next search of the process (the bench, the page's server, a test run).
 */

/** How many frontier positions per worker before the work is shared out. */
const SHARES_PER_WORKER = 32;

/** Search workers started by this process and waiting for work (they do not keep it alive). */
const idle: Worker[] = [];

/** Keep a worker for the next search; one that fails while it waits is dropped. */
const keep = (worker: Worker) => {
  worker.unref();
  worker.once('error', () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  idle.push(worker);
};

/** Stop the kept workers (the next search starts new ones): for measuring a cold start. */
export const stopSearchWorkers = async (): Promise<void> => {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
};

/** What a worker sends: positions it hands on to a waiting worker, then what its search found. */
type FromWorker =
  | { readonly kind: 'shares'; readonly shares: readonly Share[] }
  | { readonly kind: 'done'; readonly outcome: WorkerOutcome };

/**
 * The dealt shares on kept workers, or on new ones when none waits: a worker pays for loading the
 * modules and compiling the step once per process, not once per search. A worker whose search ends
 * while others still run waits for work: the next of them to finish a position hands it half of
 * the positions left at its level. The search ends when no worker is busy. Workers that fail are
 * dropped, not kept.
 */
const searchTogether = (
  script: URL,
  dealt: readonly (readonly Share[])[],
  job: (shares: readonly Share[]) => unknown,
  waitingCount: Int32Array,
  stopped: () => boolean,
): Promise<WorkerOutcome[]> =>
  new Promise((resolve, reject) => {
    const outcomes: WorkerOutcome[] = [];
    const waiting: Worker[] = [];
    const undelivered: (readonly Share[])[] = [];
    const workers = dealt.map(() => idle.pop() ?? new Worker(script));
    let busy = 0;
    if (dealt.length === 0) resolve(outcomes);
    const start = (worker: Worker, shares: readonly Share[]) => {
      busy++;
      worker.postMessage(job(shares));
    };
    const release = (kept: boolean) => {
      for (const w of workers) {
        w.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
        if (kept) keep(w);
        else void w.terminate();
      }
    };
    workers.forEach((worker, i) => {
      worker.on('message', (m: FromWorker) => {
        if (m.kind === 'shares') {
          // Handed on as the command said stop: the search is over, and no worker replays them.
          if (stopped()) return;
          const taker = waiting.pop();
          if (taker === undefined) undelivered.push(m.shares);
          else start(taker, m.shares);
          return;
        }
        busy--;
        outcomes.push(m.outcome);
        const more = stopped() ? undefined : undelivered.pop();
        if (more !== undefined) start(worker, more);
        else if (busy === 0) {
          release(true);
          resolve(outcomes);
        } else {
          waiting.push(worker);
          Atomics.add(waitingCount, 0, 1);
        }
      });
      worker.on('error', (e: Error) => {
        release(false);
        reject(e);
      });
      worker.on('exit', (code: number) => {
        release(false);
        reject(new Error(`a search worker stopped with exit code ${code}`));
      });
      worker.ref();
      start(worker, dealt[i]!);
    });
  });

/**
 * A V8 flag set while searches run: searches of one process (`agstate serve`) may overlap, and the
 * last one to end sets it back. V8 reads both flags below at each use, so they can be changed at
 * run time.
 */
const whileSearching = (during: string, after: string): (() => () => void) => {
  let searches = 0;
  return () => {
    if (searches++ === 0) setFlagsFromString(during);
    return () => {
      if (--searches === 0) setFlagsFromString(after);
    };
  };
};

const NOTHING_TO_RESTORE = () => {};

/**
 * When the workers take every core the process may use, a young-generation collection's helper
 * threads can only take a core from another worker, and the collecting worker waits for them:
 * while the search runs, each worker collects on its own thread (bench/README.md, "Each worker
 * collects alone").
 */
const collectAlone = whileSearching('--no-parallel-scavenge', '--parallel-scavenge');

const collectingAlone = (workers: number): (() => void) =>
  workers < availableParallelism() ? NOTHING_TO_RESTORE : collectAlone();

/**
 * Each worker compiles the step for itself when a search starts, on the cores the search runs on,
 * and a cold search is slower than a warm one by what the optimizing compiler takes. With a
 * quarter of V8's budget for code inlined into one optimized function, the step compiles sooner
 * and runs as fast once compiled (bench/README.md, "Weak maps keep young facts"). The budget goes
 * back to V8's own (920 in V8 11, Node 20) after; a budget the user gave Node is left alone.
 */
const INLINING_BUDGET = '--max-inlined-bytecode-size-cumulative';
const inliningGivenByUser = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes(INLINING_BUDGET),
);
const inlineLess = whileSearching(`${INLINING_BUDGET}=230`, `${INLINING_BUDGET}=920`);

const inliningLess = (): (() => void) => (inliningGivenByUser ? NOTHING_TO_RESTORE : inlineLess());

/**
 * The search on `workers` threads. `stopWhy` is asked with the states so far four times a second:
 * a reason (Ctrl-C, a time limit) stops every worker at its next progress report, and the result
 * is incomplete with that reason.
 */
export const parallelExplore = async (
  config: Config,
  options: ParallelOptions,
  workers: number,
  progress: (states: number) => void = () => {},
  stopWhy: (states: number) => string | null = () => null,
): Promise<ExploreResult> => {
  const script = await workerScript('worker');
  const restoreInlining = inliningLess();
  try {
    // Started before the first levels, so that their threads load the modules meanwhile.
    while (idle.length < workers) keep(new Worker(script));
    const buffer = sharedTableBuffer(options.maxStates ?? DEFAULT_MAX_STATES);
    const first = firstLevels(config, options, buffer, SHARES_PER_WORKER * workers);
    const count = new Int32Array(buffer, 0, 1);
    // Set to 1 when the search must stop: each worker reads it at its progress reports.
    const stop = new SharedArrayBuffer(4);
    let stoppedBecause: string | null = null;
    const timer = setInterval(() => {
      const states = Atomics.load(count, 0);
      progress(states);
      if (stoppedBecause !== null) return;
      stoppedBecause = stopWhy(states);
      if (stoppedBecause !== null) Atomics.store(new Int32Array(stop), 0, 1);
    }, 250);
    const restoreCollection = collectingAlone(workers);
    try {
      const waiting = new SharedArrayBuffer(4);
      const outcomes = await searchTogether(
        script,
        deal(first.frontier, workers).filter((shares) => shares.length > 0),
        (shares) => ({ task: { config, options, shares }, buffer, waiting, stop }),
        new Int32Array(waiting),
        () => stoppedBecause !== null,
      );
      const result = combine(first, outcomes, buffer, workers);
      // The workers stopped at the command's word: the result says why.
      return stoppedBecause === null || result.complete
        ? result
        : { ...result, stopped: stoppedBecause };
    } finally {
      clearInterval(timer);
      restoreCollection();
    }
  } finally {
    restoreInlining();
  }
};
