import { Worker } from 'node:worker_threads';
import type { FleetVerdict } from '../../../core/decide/fleet.js';
import type { DmvProblem } from '../../dmv/problem.js';
import type { SnapshotRequest } from '../input/snapshot.js';
import { workerScript } from './scripts.js';

/**
 * A fleet decided on worker threads: this thread reads each snapshot's bytes and hands them to a
 * worker, which decodes, reads and decides them; the answers come back in the snapshots' order.
 * Each worker holds at most two snapshots at once, so memory stays that of a few snapshots and
 * the answers not yet handed out, however large the fleet.
 */

/**
 * One snapshot: where it comes from, and its bytes; null when it goes to `decide` as it is. The
 * bytes are handed over: when they fill their buffer, it moves to the worker and is empty here.
 */
export interface FleetInput {
  readonly source: string;
  readonly bytes: Uint8Array | null;
}

export type FleetOutcome =
  | {
      readonly kind: 'verdict';
      readonly verdict: FleetVerdict;
      /** What was read but not used, each naming its view and column. */
      readonly notes: readonly DmvProblem[];
    }
  /** Not one group's readable snapshot (a distributed group, bad input): `decide` answers. */
  | { readonly kind: 'decide' };

export interface FleetDecided {
  readonly source: string;
  readonly outcome: FleetOutcome;
}

export interface ToFleetWorker {
  readonly index: number;
  readonly source: string;
  readonly bytes: Uint8Array;
}

interface FromFleetWorker {
  readonly index: number;
  readonly outcome: FleetOutcome;
}

export interface FleetPool {
  /** Every input's outcome, in the inputs' order. One call at a time. */
  readonly decide: (inputs: AsyncIterable<FleetInput>) => AsyncGenerator<FleetDecided>;
  readonly close: () => Promise<void>;
}

/** Snapshots a worker holds at once: one decided while the next waits. */
const HELD_PER_WORKER = 2;

/** The bytes handed over without a copy when they own their buffer, else copied. */
const transferable = (bytes: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } =>
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength &&
  bytes.buffer instanceof ArrayBuffer
    ? { bytes, transfer: [bytes.buffer] }
    : (() => {
        const own = new Uint8Array(bytes);
        return { bytes: own, transfer: [own.buffer] };
      })();

const END = Symbol('end');

export const startFleetPool = async (
  count: number,
  request: SnapshotRequest,
): Promise<FleetPool> => {
  const script = await workerScript('fleet-worker');
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: request }));

  async function* decide(inputs: AsyncIterable<FleetInput>): AsyncGenerator<FleetDecided> {
    const iterator = inputs[Symbol.asyncIterator]();
    const sources: string[] = [];
    const outcomes = new Map<number, FleetOutcome>();
    const waiting = new Map<number, (o: FleetOutcome | typeof END) => void>();
    let read = 0;
    let total: number | null = null;
    let failure: Error | null = null;
    const fail = (e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
      for (const [, wake] of waiting) wake(END);
      waiting.clear();
    };
    const settle = (index: number, outcome: FleetOutcome) => {
      const wake = waiting.get(index);
      if (wake === undefined) outcomes.set(index, outcome);
      else {
        waiting.delete(index);
        wake(outcome);
      }
    };
    // Inputs are taken one at a time: an async iterator's next calls must not overlap.
    let taking: Promise<void> = Promise.resolve();
    const handTo = (worker: Worker) => {
      taking = taking
        .then(async () => {
          while (total === null && failure === null) {
            const next = await iterator.next();
            if (next.done === true) {
              total = read;
              for (const [index, wake] of waiting) if (index >= read) wake(END);
              return;
            }
            const index = read++;
            const { source, bytes } = next.value;
            sources[index] = source;
            if (bytes === null) {
              settle(index, { kind: 'decide' });
              continue;
            }
            const handed = transferable(bytes);
            worker.postMessage(
              { index, source, bytes: handed.bytes } satisfies ToFleetWorker,
              handed.transfer,
            );
            return;
          }
        })
        .catch(fail);
    };
    const listeners = workers.map((worker) => {
      const onMessage = ({ index, outcome }: FromFleetWorker) => {
        settle(index, outcome);
        handTo(worker);
      };
      const onError = (e: Error) => fail(e);
      const onExit = (code: number) =>
        fail(new Error(`a fleet worker stopped with exit code ${code}`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      for (let k = 0; k < HELD_PER_WORKER; k++) handTo(worker);
      return () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    });
    try {
      for (let index = 0; ; index++) {
        const known = outcomes.get(index);
        const outcome =
          known ??
          (failure !== null || (total !== null && index >= total)
            ? END
            : await new Promise<FleetOutcome | typeof END>((wake) => waiting.set(index, wake)));
        if (failure !== null) throw failure;
        if (outcome === END) return;
        outcomes.delete(index);
        yield { source: sources[index]!, outcome };
      }
    } finally {
      for (const stop of listeners) stop();
    }
  }

  return {
    decide,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
};
