/** One transition a machine instance took: which machine, which instance, the event, the active states before and after. */
export interface MachineTransition {
  readonly machine: 'availabilityGroup' | 'replica' | 'databaseReplica' | 'seeding';
  /** The replica name, `replica/database` for a copy, or the group name. */
  readonly instance: string;
  readonly event: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

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

const NO_ENTRIES: readonly MachineTransition[] = Object.freeze([]);

/** The transitions in the order they were taken. */
export const journalEntries = (journal: Journal): readonly MachineTransition[] => {
  if (journal === null) return NO_ENTRIES;
  const newestFirst: MachineTransition[] = [];
  for (let j: Journal = journal; j !== null; j = j.earlier) newestFirst.push(j.latest);
  return newestFirst.reverse();
};

/** Whether a machine of this kind took a transition in the journal (no array is built to tell). */
export const journalTouches = (
  journal: Journal,
  machine: MachineTransition['machine'],
): boolean => {
  for (let j = journal; j !== null; j = j.earlier) if (j.latest.machine === machine) return true;
  return false;
};
