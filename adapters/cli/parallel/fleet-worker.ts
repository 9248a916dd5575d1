import { parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { fleetVerdict } from '../../../core/decide/fleet.js';
import { decodeText } from '../input/read.js';
import { type SnapshotRequest, snapshotFactsOfText } from '../input/snapshot.js';
import type { FleetOutcome, ToFleetWorker } from './fleet.js';

/**
 * One worker of `agstate decide --each --workers N`: each message is one snapshot file's bytes,
 * read by the main thread; it answers with the group's fleet verdict, or says that the snapshot
 * is not one group's readable snapshot (the main thread then lets `decide` answer, as the
 * one-thread run does).
 */
const port = parentPort;
if (port === null) throw new Error('agstate decide: the fleet worker runs only as a worker thread');
const request = workerData as SnapshotRequest;
port.on('message', async ({ index, source, bytes }: ToFleetWorker) => {
  const read = await snapshotFactsOfText(await decodeText(bytes), source, request);
  const outcome: FleetOutcome = E.isLeft(read)
    ? { kind: 'decide' }
    : { kind: 'verdict', verdict: fleetVerdict(read.right.facts), notes: read.right.notes };
  port.postMessage({ index, outcome });
});
