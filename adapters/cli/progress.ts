import { createRequire } from 'node:module';
import { remainingStates } from '../../core/explore/estimate.js';
import type { ProgressDisplay, SearchProgress } from './io.js';

type CliProgress = typeof import('cli-progress');

/** A search shorter than this shows no display: it would only flicker. */
const SHOW_AFTER_MS = 1000;

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

/**
 * The line the display shows: states, states/s, elapsed time and the time still to run. The
 * remaining time comes from the levels' growth (core/explore/estimate.ts); while it cannot be
 * estimated the line says "unknown", with the state cap's bound at the current rate.
 */
export const progressLine = (p: SearchProgress, elapsedMs: number, limit: number): string => {
  const rate = elapsedMs > 0 ? (p.states * 1000) / elapsedMs : 0;
  const remaining = remainingStates(p.levels ?? [], p.frontier ?? 0);
  const toCap = Math.max(0, limit - p.states);
  // Fault by fault, the estimate is the budget's: the larger budgets after it are not known yet.
  const left = p.faults === undefined ? 'remaining' : 'remaining at this budget';
  const eta =
    rate === 0
      ? `${left}: unknown`
      : remaining !== null && remaining <= toCap
        ? `${left}: about ${duration((remaining * 1000) / rate)}`
        : `${left}: unknown (at most ${duration((toCap * 1000) / rate)} to the state cap)`;
  const where = [
    ...(p.depth === undefined ? [] : [`depth ${p.depth}`]),
    ...(p.frontier === undefined ? [] : [`frontier ${p.frontier.toLocaleString('en-US')}`]),
  ];
  const budget =
    p.faults === undefined ? '' : ` with at most ${p.faults} fault${p.faults === 1 ? '' : 's'}`;
  return `exploring${budget}: ${p.states.toLocaleString('en-US')} states, ${Math.round(rate).toLocaleString('en-US')} states/s, ${duration(elapsedMs)} elapsed, ${eta}${where.length === 0 ? '' : `; ${where.join(', ')}`}`;
};

/**
 * A cli-progress line on stderr for a search of at most `limit` states, shown only on a terminal
 * and only once the search has run for a second. No bar scaled to the cap: a search usually ends
 * far below it. cli-progress is loaded when the display first shows.
 */
export const terminalProgress = (limit: number): ProgressDisplay => {
  if (process.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let bar: InstanceType<CliProgress['SingleBar']> | undefined;
  return {
    update: (progress) => {
      const elapsed = Date.now() - started;
      if (bar === undefined) {
        if (elapsed < SHOW_AFTER_MS) return;
        const { SingleBar } = createRequire(import.meta.url)('cli-progress') as CliProgress;
        bar = new SingleBar({
          format: '{line}',
          clearOnComplete: true,
          hideCursor: true,
          stream: process.stderr,
        });
        bar.start(limit, progress.states, { line: progressLine(progress, elapsed, limit) });
      }
      bar.update(progress.states, { line: progressLine(progress, elapsed, limit) });
    },
    stop: () => bar?.stop(),
  };
};
