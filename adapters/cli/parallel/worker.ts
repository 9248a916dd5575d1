import { parentPort } from 'node:worker_threads';
import { sharingThrough, type WorkerTask, workerSearch } from '../../../core/explore/parallel.js';
import { memoryStop, positionsToKeep, threadHeap } from '../memory-stop.js';

/**
 * One worker of `agstate check --workers N`, kept for every search of the process: each message is
 * a share of a frontier, the shared table and the count of workers waiting for work; it answers
 * with the positions it hands on to them, then what its search found. A worker started once
 * compiles the step once, so a second search runs on warm code.
 */
const port = parentPort;
if (port === null) throw new Error('agstate check: the search worker runs only as a worker thread');
port.on(
  'message',
  ({
    task,
    buffer,
    waiting,
    stop,
  }: {
    task: WorkerTask;
    buffer: SharedArrayBuffer;
    waiting: SharedArrayBuffer;
    stop: SharedArrayBuffer;
  }) => {
    const stopped = new Int32Array(stop);
    // Half of what waits at the current level goes to a worker that ran out of work.
    const sharing = sharingThrough(
      new Int32Array(waiting),
      (shares) => port.postMessage({ kind: 'shares', shares }),
      stopped,
    );
    // Each worker has a heap of its own: it stops its part of the search before that heap is full,
    // or when the command says so (Ctrl-C, a time limit: the command gives the reason).
    const watch = (p: { readonly statesExplored: number }) =>
      Atomics.load(stopped, 0) !== 0
        ? { stop: 'stopped by the command' }
        : memoryStop(threadHeap(), p.statesExplored, 'a search worker');
    // It keeps as many waiting states as whole positions as its own heap allows.
    const sized: WorkerTask = {
      ...task,
      options: { ...task.options, keepPositionsUpTo: positionsToKeep(threadHeap()) },
    };
    port.postMessage({ kind: 'done', outcome: workerSearch(sized, buffer, sharing, watch) });
  },
);
