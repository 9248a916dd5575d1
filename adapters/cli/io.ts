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
  /** Absent when the search cannot say (workers each at their own depth). */
  readonly depth?: number;
  /** States waiting at the level being built; absent for a depth-first run or the workers. */
  readonly frontier?: number;
  /** New states per finished level, from the start, when the search is breadth-first. */
  readonly levels?: readonly number[];
  /** The budget being searched, when the run goes fault by fault (--fault-by-fault). */
  readonly faults?: number;
}

export interface ProgressDisplay {
  readonly update: (progress: SearchProgress) => void;
  /** Clear the display, before the answer is printed. */
  readonly stop: () => void;
}

/**
 * Ctrl-C while a search runs: the first asks the search to stop and report what it has found
 * (`interrupted` turns true); the next ends the process, as Ctrl-C does. `release` stops watching.
 */
export interface Interrupts {
  readonly interrupted: () => boolean;
  readonly release: () => void;
}

/** The JavaScript heap in use and the most Node lets it grow to, in bytes. */
export interface HeapUse {
  readonly usedBytes: number;
  readonly limitBytes: number;
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Whether text output is coloured: picocolors' own detection (FORCE_COLOR, NO_COLOR, TERM=dumb,
   * a terminal); a command's --color or --no-color overrides it.
   */
  readonly color: boolean;
  /** agstate's own version, for `agstate --version`. */
  readonly version: string;
  /** The width help text wraps to. */
  readonly columns: number;
  /** The width text output wraps to: the terminal's, or null when stdout is not a terminal. */
  readonly width: number | null;
  /**
   * The bytes of a file; `-` is standard input. Rejects with a Node-style error (`code`), or with
   * an InputLimitError when the input outgrows `limits.maxBytes` or stays silent for `idleMs`.
   */
  readonly readFile: (path: string, limits: ReadLimits) => Promise<Uint8Array>;
  /** A progress display for a search of at most `limit` states (shown on long runs, on a terminal). */
  readonly progress: (limit: number) => ProgressDisplay;
  /** The heap now: a long search stops before it runs out (`check`). */
  readonly heap: () => HeapUse;
  /** Milliseconds on a clock that only moves forward: how long a search has run (`check --max-seconds`). */
  readonly clock: () => number;
  /** A fresh seed for random walks when none is given (`check --random`), printed for replay. */
  readonly randomSeed: () => number;
  /** Ctrl-C watched while a search runs (`check`). */
  readonly interrupts: () => Interrupts;
  /** Write a text file, creating its folder if needed (`chart --out`). */
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Start the visualizer, tell its address to `listening`, and settle when it has stopped. */
  readonly serve: (request: ServeRequest, listening: (url: string) => void) => Promise<void>;
}
