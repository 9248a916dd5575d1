import { parentPort } from 'node:worker_threads';
import { type WorkerTask, workerSearch } from '../../../core/explore/parallel.js';

/**
 * One worker of `agstate check --workers N`, kept for every search of the process: each message is
 * a share of a frontier and the shared table, each answer what the share found. A worker started
 * once compiles the step once, so a second search runs on warm code.
 */
const port = parentPort;
if (port === null) throw new Error('agstate check: the search worker runs only as a worker thread');
port.on('message', ({ task, buffer }: { task: WorkerTask; buffer: SharedArrayBuffer }) => {
  port.postMessage(workerSearch(task, buffer));
});
