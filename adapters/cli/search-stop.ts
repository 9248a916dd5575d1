import type { SearchCommand } from '../../core/explore/index.js';
import type { Io, SearchProgress } from './io.js';
import { memoryStop } from './memory-stop.js';

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

/**
 * Drive a search, giving the event loop a turn between progress reports so the display can draw
 * (and Ctrl-C be seen), and stopping it before the heap runs out, at its time limit or at Ctrl-C.
 * `budgetShown` names the budget on the progress line when a run searches several.
 */
export const drive = async <P, R>(
  io: Io,
  limit: number,
  budgetShown: { readonly faults?: number },
  watch: SearchWatch,
  it: Generator<P, R, SearchCommand | undefined>,
  show: (p: P) => SearchProgress,
): Promise<R> => {
  const display = io.progress(limit);
  try {
    let command: SearchCommand | undefined;
    for (;;) {
      const next = it.next(command);
      if (next.done === true) return next.value;
      const progress = { ...show(next.value), ...budgetShown };
      display.update(progress);
      const reason = watch.reason();
      command = reason === null ? memoryStop(io.heap(), progress.states) : { stop: reason };
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    display.stop();
  }
};
