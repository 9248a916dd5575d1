import type { MachineTransition } from './types.js';

/**
 * The machine transitions of the current step, newest first, as a persistent list: recording one
 * shares everything recorded before, so a step that moves thousands of copies journals in linear
 * time (an array copied per transition would be quadratic).
 */
export type Journal = { readonly latest: MachineTransition; readonly earlier: Journal } | null;

export const EMPTY_JOURNAL: Journal = null;

export const record = (journal: Journal, transition: MachineTransition): Journal => ({
  latest: transition,
  earlier: journal,
});

/** The transitions in the order they were taken. */
export const journalEntries = (journal: Journal): readonly MachineTransition[] => {
  const newestFirst: MachineTransition[] = [];
  for (let j = journal; j !== null; j = j.earlier) newestFirst.push(j.latest);
  return newestFirst.reverse();
};

/** Whether a machine of this kind took a transition since `since` (an earlier state of the same journal). */
export const journalTouches = (
  journal: Journal,
  machine: MachineTransition['machine'],
  since: Journal = EMPTY_JOURNAL,
): boolean => {
  for (let j = journal; j !== since && j !== null; j = j.earlier)
    if (j.latest.machine === machine) return true;
  return false;
};

/**
 * The transitions recorded after `since` (an earlier state of the same journal), appended to
 * `before`, the entries up to `since`: a step's later passes extend its event's entries without
 * walking them again.
 */
export const journalEntriesAfter = (
  journal: Journal,
  since: Journal,
  before: readonly MachineTransition[],
): readonly MachineTransition[] => {
  if (journal === since) return before;
  const newestFirst: MachineTransition[] = [];
  for (let j = journal; j !== since && j !== null; j = j.earlier) newestFirst.push(j.latest);
  return [...before, ...newestFirst.reverse()];
};
