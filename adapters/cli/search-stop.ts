import type { Io } from './io.js';

/**
 * What stops a long search besides its heap and --max-states, asked at each progress report:
 * Ctrl-C, or the time given with --max-seconds. Either way the search ends as at its state cap,
 * incomplete, and the command reports what it found, so a search too large to finish still
 * answers "yes" where it met one, with its trace.
 */
export interface SearchWatch {
  /** Why the search should stop now, or null. */
  readonly reason: () => string | null;
  /** Stop watching for Ctrl-C (the search has ended). */
  readonly release: () => void;
}

export const watchSearch = (io: Io, maxSeconds: number | undefined): SearchWatch => {
  const started = io.clock();
  const interrupts = io.interrupts();
  return {
    reason: () => {
      // No count in the reason: with --workers the search goes on to each worker's next report,
      // and the result's own count is the one to read.
      if (interrupts.interrupted()) return 'the search was interrupted (Ctrl-C)';
      if (maxSeconds !== undefined && io.clock() - started >= maxSeconds * 1000)
        return `the search reached its time limit (--max-seconds ${maxSeconds})`;
      return null;
    },
    release: interrupts.release,
  };
};
