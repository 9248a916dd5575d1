/** How far a long piece of the page's work has got: what it does, and how many of how many. */
export type Progress = (task: string, done: number, total: number) => void;

export const noProgress: Progress = () => {};

/** Report every `every`-th item and the last one: often enough to watch, rarely enough to be free. */
export const throttled =
  (progress: Progress, every: number): Progress =>
  (task, done, total) => {
    if (done % every === 0 || done === total) progress(task, done, total);
  };
