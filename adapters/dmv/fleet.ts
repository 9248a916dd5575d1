import * as E from 'fp-ts/lib/Either.js';
import { type FleetVerdict, fleetVerdict } from '../../core/decide/fleet.js';
import { plainGroupNames } from './distributed.js';
import type { DmvProblem } from './problem.js';
import { readSnapshot, type SnapshotTextOptions, snapshotTextToFactsWithNotes } from './read.js';

/**
 * A fleet of availability groups, one DMV snapshot each, decided straight from the snapshots:
 * each is read into facts and summarized by `fleetVerdict` (a writable primary, commits, each
 * secondary's failover forms and what holds them back, the unknowns), with no cluster built or
 * simulated. The verdicts come one group at a time, so a caller that keeps only what it needs
 * holds one group at once, however large the fleet; `decide` on one group's facts gives the rest.
 * A snapshot of an instance hosting several groups (with no `group` option) gives each its verdict.
 */

/** One group's snapshot: where it was read from (a file name, say) and its text. */
export interface FleetSnapshot {
  readonly source: string;
  readonly text: string;
}

export type FleetDecision =
  | {
      readonly source: string;
      readonly ok: true;
      readonly verdict: FleetVerdict;
      /** What was read but not used, each naming its view and column. */
      readonly notes: readonly DmvProblem[];
    }
  | { readonly source: string; readonly ok: false; readonly problems: readonly DmvProblem[] };

export type FleetOptions = SnapshotTextOptions;

/** Every group's verdict, in the order of `snapshots`; a snapshot that cannot be read gives its problems. */
export function* decideFleet(
  snapshots: Iterable<FleetSnapshot>,
  options: FleetOptions = {},
): Generator<FleetDecision, void, undefined> {
  for (const { source, text } of snapshots) {
    const read = snapshotTextToFactsWithNotes(text, options);
    const groups = E.isLeft(read) && options.group === undefined ? groupsOf(text) : [];
    if (groups.length > 1)
      for (const group of groups)
        yield decisionOf(source, snapshotTextToFactsWithNotes(text, { ...options, group }));
    else yield decisionOf(source, read);
  }
}

/** The plain groups of an instance hosting several, each a group of the fleet. */
const groupsOf = (text: string): readonly string[] => {
  const snapshot = readSnapshot(text);
  return E.isLeft(snapshot) ? [] : plainGroupNames(snapshot.right);
};

const decisionOf = (
  source: string,
  read: ReturnType<typeof snapshotTextToFactsWithNotes>,
): FleetDecision =>
  E.isLeft(read)
    ? { source, ok: false, problems: read.left }
    : { source, ok: true, verdict: fleetVerdict(read.right.facts), notes: read.right.notes };
