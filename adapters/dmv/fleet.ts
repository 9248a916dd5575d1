import * as E from 'fp-ts/lib/Either.js';
import { type DecideOptions, type Decisions, decide } from '../../core/decide/decide.js';
import type { DmvProblem } from './problem.js';
import { type SnapshotTextOptions, snapshotTextToFactsWithNotes } from './read.js';

/**
 * Decisions for a fleet of availability groups, one DMV snapshot each, straight from the
 * snapshots: each is read into facts and decided, with no cluster built or simulated. The
 * decisions come one group at a time, so a caller that keeps only what it needs holds one
 * group's decisions at once, however large the fleet.
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
      readonly decisions: Decisions;
      /** What was read but not used, each naming its view and column. */
      readonly notes: readonly DmvProblem[];
    }
  | { readonly source: string; readonly ok: false; readonly problems: readonly DmvProblem[] };

export type FleetOptions = SnapshotTextOptions & Pick<DecideOptions, 'backupType'>;

/** Every group's decisions, in the order of `snapshots`; a snapshot that cannot be read gives its problems. */
export function* decideFleet(
  snapshots: Iterable<FleetSnapshot>,
  options: FleetOptions = {},
): Generator<FleetDecision, void, undefined> {
  const { backupType, ...reading } = options;
  const asked: DecideOptions = backupType === undefined ? {} : { backupType };
  for (const { source, text } of snapshots) {
    const read = snapshotTextToFactsWithNotes(text, reading);
    yield E.isLeft(read)
      ? { source, ok: false, problems: read.left }
      : { source, ok: true, decisions: decide(read.right.facts, asked), notes: read.right.notes };
  }
}
