import { parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { createApi } from './api.js';
import { toJson } from './json.js';
import { loadSession } from './load.js';
import type { Session } from './session.js';
import type { FromWorker, ToWorker, WorkerStart } from './work.js';

/**
 * The page's session in a worker thread: loading, stepping and building views happen here, so the
 * server's own thread keeps answering (the page's files, progress, other requests, SIGTERM) while
 * a large group is worked on.
 */
const port = parentPort;
if (port === null) throw new Error('agstate web: session-worker runs only as a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);

const { examplesDir, example } = workerData as WorkerStart;
let initial: Session | null = null;
if (example !== null) {
  const loaded = loadSession({ example }, examplesDir);
  if (E.isLeft(loaded)) {
    post({
      type: 'failed',
      message: `${loaded.left.message} ${loaded.left.problems.join('; ')}`.trim(),
    });
    process.exit(0);
  }
  initial = loaded.right;
}
const api = createApi(examplesDir, initial, (task, done, total) =>
  post({ type: 'progress', task, done, total }),
);
post({ type: 'ready' });

// The same view object comes back for the same step (api.ts keeps them): serialise it once.
const serialised = new WeakMap<object, string>();
const json = (body: unknown): string => {
  if (typeof body !== 'object' || body === null) return toJson(body);
  const known = serialised.get(body);
  if (known !== undefined) return known;
  const text = toJson(body);
  serialised.set(body, text);
  return text;
};

port.on('message', (message: ToWorker) => {
  void api.handle(message.method, message.path, message.body).then(
    (answer) =>
      post({ type: 'answer', id: message.id, status: answer.status, json: json(answer.body) }),
    (e: unknown) =>
      post({
        type: 'answer',
        id: message.id,
        status: 500,
        json: toJson({ error: e instanceof Error ? e.message : String(e), problems: [] }),
      }),
  );
});
