import { parentPort, workerData } from 'node:worker_threads';
import { type WorkerTask, workerSearch } from '../../../core/explore/parallel.js';

/** One worker of `agstate check --workers N`: its share of the frontier, over the shared table. */
const port = parentPort;
if (port === null) throw new Error('agstate check: the search worker runs only as a worker thread');
const { task, buffer } = workerData as { task: WorkerTask; buffer: SharedArrayBuffer };
port.postMessage(workerSearch(task, buffer));
