/**
 * How much agstate reads before it gives up on an input. The largest real input is a DMV
 * snapshot of one group at the documented maximum of nine replicas (docs/rules.md, replica
 * limits) with a few thousand databases: the bundled snapshot's rows take about 1 kB per database
 * copy as JSON (sys.dm_hadr_database_replica_states and _cluster_states), so 9 × 2,000 databases
 * is about 18 MB, less as CSV. A cap well above that stops `/dev/zero` or `/dev/urandom` before
 * memory does.
 */
export interface ReadLimits {
  /** Reading stops, and the input is refused, past this many bytes. */
  readonly maxBytes: number;
  /** A stream (standard input, a FIFO) that sends nothing for this long is refused. */
  readonly idleMs: number;
}

export const READ_LIMITS: ReadLimits = { maxBytes: 64 * 1024 * 1024, idleMs: 10_000 };

/** Why reading stopped: the input is too large, or it sent nothing for too long. */
export class InputLimitError extends Error {
  constructor(
    readonly limit: 'size' | 'idle',
    message: string,
  ) {
    super(message);
  }
}

const mebibytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;

export const tooLarge = (limits: ReadLimits): InputLimitError =>
  new InputLimitError(
    'size',
    `the input is larger than ${mebibytes(limits.maxBytes)}; agstate reads at most that much (a snapshot of nine replicas and thousands of databases is far smaller)`,
  );

export const tooQuiet = (limits: ReadLimits): InputLimitError =>
  new InputLimitError(
    'idle',
    `nothing arrived for ${limits.idleMs / 1000} s; expected the input to be sent and closed`,
  );
