import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { createApi } from './api.js';
import { toJson } from './json.js';
import { loadSession } from './load.js';
import type { Session } from './session.js';

/**
 * Where the page's session lives and its work runs: in a worker thread (the default), so that a
 * large group never stalls the server, with a time limit per request; or on the server's own
 * thread ('inline'), which needs no built worker script (the tests of the API run from sources).
 */

export interface WorkAnswer {
  readonly status: number;
  /** The body, already JSON: serialising a large view is work too. */
  readonly json: string;
}

export interface WorkProgress {
  readonly busy: boolean;
  /** What the current request does, e.g. "POST /api/load: running the scenario". */
  readonly task: string | null;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Requests waiting behind the current one. */
  readonly waiting: number;
}

export interface SessionWork {
  readonly request: (method: string, path: string, body: unknown) => Promise<WorkAnswer>;
  readonly progress: () => WorkProgress;
  readonly close: () => Promise<void>;
}

export interface WorkOptions {
  readonly examplesDir: string;
  readonly example: string | null;
  /** A request that runs longer is stopped, and the session starts again empty. */
  readonly timeLimitMs: number;
  /** Requests that may wait behind the current one before new ones are turned away (503). */
  readonly maxWaiting: number;
}

/** Messages between the server and the worker. */
export interface WorkerStart {
  readonly examplesDir: string;
  readonly example: string | null;
}
export interface ToWorker {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | {
      readonly type: 'progress';
      readonly task: string;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'answer';
      readonly id: number;
      readonly status: number;
      readonly json: string;
    };

const answer = (status: number, error: string): WorkAnswer => ({
  status,
  json: toJson({ error, problems: [] }),
});

/** The built worker beside this module; absent when the module runs from its TypeScript source. */
export const workerScript = (): URL | undefined => {
  const url = new URL('./session-worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
};

const idle = (waiting: number): WorkProgress => ({
  busy: false,
  task: null,
  done: 0,
  total: 0,
  elapsedMs: 0,
  waiting,
});

/** The session on the server's own thread: no time limit, since nothing can stop it midway. */
export const inlineWork = (options: WorkOptions): SessionWork => {
  let initial: Session | null = null;
  if (options.example !== null) {
    const loaded = loadSession({ example: options.example }, options.examplesDir);
    if (E.isLeft(loaded))
      throw new Error(`agstate web: ${loaded.left.message} ${loaded.left.problems.join('; ')}`);
    initial = loaded.right;
  }
  const api = createApi(options.examplesDir, initial);
  return {
    request: async (method, path, body) => {
      const a = await api.handle(method, path, body);
      return { status: a.status, json: toJson(a.body) };
    },
    progress: () => idle(0),
    close: async () => {},
  };
};

interface Pending {
  readonly message: ToWorker;
  readonly resolve: (a: WorkAnswer) => void;
}

/** The session in a worker thread, one request at a time, each within the time limit. */
export const workerWork = async (script: URL, options: WorkOptions): Promise<SessionWork> => {
  const start = (example: string | null): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(script, {
        workerData: { examplesDir: options.examplesDir, example } satisfies WorkerStart,
      });
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          worker.off('message', onMessage);
          resolve(worker);
        } else if (m.type === 'failed') reject(new Error(`agstate web: ${m.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });

  let worker = await start(options.example);
  let nextId = 1;
  const queue: Pending[] = [];
  let current: (Pending & { readonly startedAt: number; timer: NodeJS.Timeout }) | undefined;
  let task: { task: string; done: number; total: number } | null = null;
  let closed = false;
  // While a stopped worker is replaced, requests wait instead of going to the old one.
  let restarting = false;

  const listen = (w: Worker): void => {
    w.on('message', (m: FromWorker) => {
      if (w !== worker) return;
      if (m.type === 'progress') task = { task: m.task, done: m.done, total: m.total };
      if (m.type === 'answer' && current?.message.id === m.id)
        finish({ status: m.status, json: m.json });
    });
    // A worker that dies (out of memory, a defect) answers its request with an error; the next
    // request gets a fresh, empty session.
    w.on('error', (e) => {
      if (w !== worker) return;
      void restart(answer(500, `the session failed: ${e.message}; load a configuration again`));
    });
  };

  const finish = (a: WorkAnswer): void => {
    const done = current;
    if (done === undefined) return;
    clearTimeout(done.timer);
    current = undefined;
    task = null;
    done.resolve(a);
    pump();
  };

  const restart = async (a: WorkAnswer): Promise<void> => {
    if (restarting) return;
    restarting = true;
    const old = worker;
    finish(a);
    await old.terminate();
    if (closed) return;
    try {
      worker = await start(null);
      listen(worker);
      restarting = false;
      pump();
    } catch (e) {
      const why = `the session cannot start again: ${e instanceof Error ? e.message : String(e)}`;
      for (const p of queue.splice(0)) p.resolve(answer(500, why));
    }
  };

  const pump = (): void => {
    if (current !== undefined || closed || restarting) return;
    const next = queue.shift();
    if (next === undefined) return;
    const timer = setTimeout(() => {
      void restart(
        answer(
          503,
          `${next.message.method} ${next.message.path} ran longer than ${options.timeLimitMs / 1000} s and was stopped; the session starts again empty: load a configuration`,
        ),
      );
    }, options.timeLimitMs);
    current = { ...next, startedAt: Date.now(), timer };
    worker.postMessage(next.message);
  };

  listen(worker);
  return {
    request: (method, path, body) =>
      new Promise((resolve) => {
        if (closed) return resolve(answer(503, 'the server is stopping'));
        if (queue.length >= options.maxWaiting)
          return resolve(answer(503, `the server is busy: ${queue.length} requests are waiting`));
        queue.push({ message: { id: nextId++, method, path, body }, resolve });
        pump();
      }),
    progress: () =>
      current === undefined
        ? idle(queue.length)
        : {
            busy: true,
            task: `${current.message.method} ${current.message.path}${task === null ? '' : `: ${task.task}`}`,
            done: task?.done ?? 0,
            total: task?.total ?? 0,
            elapsedMs: Date.now() - current.startedAt,
            waiting: queue.length,
          },
    close: async () => {
      closed = true;
      if (current !== undefined) finish(answer(503, 'the server is stopping'));
      for (const p of queue.splice(0)) p.resolve(answer(503, 'the server is stopping'));
      await worker.terminate();
    },
  };
};
