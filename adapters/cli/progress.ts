import { createRequire } from 'node:module';
import type { ProgressDisplay } from './io.js';

type CliProgress = typeof import('cli-progress');

/** A search shorter than this shows no bar: it would only flicker. */
const SHOW_AFTER_MS = 1000;

/**
 * A cli-progress bar on stderr for a search of at most `limit` states, shown only on a terminal
 * and only once the search has run for a second. cli-progress is loaded when the bar first shows.
 */
export const terminalProgress = (limit: number): ProgressDisplay => {
  if (process.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let bar: InstanceType<CliProgress['SingleBar']> | undefined;
  return {
    update: ({ states, depth, frontier }) => {
      if (bar === undefined) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        const { SingleBar, Presets } = createRequire(import.meta.url)(
          'cli-progress',
        ) as CliProgress;
        bar = new SingleBar(
          {
            format:
              'exploring |{bar}| {value} of at most {total} states, depth {depth}, frontier {frontier}',
            clearOnComplete: true,
            hideCursor: true,
            stream: process.stderr,
          },
          Presets.shades_classic,
        );
        bar.start(limit, states, { depth, frontier });
      }
      bar.update(states, { depth, frontier });
    },
    stop: () => bar?.stop(),
  };
};
