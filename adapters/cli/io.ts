import type { ReadLimits } from './input/limits.js';

/**
 * What the command may do to the world, passed in so that `main` runs the same in a test as in a
 * shell: write to stdout and stderr, read a file, and start the visualizer.
 */

export interface ServeRequest {
  readonly host?: string;
  readonly port?: number;
  readonly example?: string;
}

/** How far a long search has got. */
export interface SearchProgress {
  readonly states: number;
  readonly depth: number;
  readonly frontier: number;
}

export interface ProgressDisplay {
  readonly update: (progress: SearchProgress) => void;
  /** Clear the display, before the answer is printed. */
  readonly stop: () => void;
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout takes colour: a terminal, with NO_COLOR unset. */
  readonly color: boolean;
  /** agstate's own version, for `agstate --version`. */
  readonly version: string;
  /** The width help text wraps to. */
  readonly columns: number;
  /**
   * The bytes of a file; `-` is standard input. Rejects with a Node-style error (`code`), or with
   * an InputLimitError when the input outgrows `limits.maxBytes` or stays silent for `idleMs`.
   */
  readonly readFile: (path: string, limits: ReadLimits) => Promise<Uint8Array>;
  /** A progress display for a search of at most `limit` states (shown on long runs, on a terminal). */
  readonly progress: (limit: number) => ProgressDisplay;
  /** Start the visualizer, print its address, and settle when it has stopped. */
  readonly serve: (request: ServeRequest, stdout: (text: string) => void) => Promise<void>;
}
