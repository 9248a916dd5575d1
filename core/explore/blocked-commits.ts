import { stepFacts } from '../cluster/facts.js';
import { writablePrimaryCount } from '../cluster/select.js';
import { commitOutcome } from '../log/commit.js';
import type { Reason } from '../model/source.js';
import { move, offered, type SearchSpace, startPosition } from './search.js';

/** A database whose commits the primary refuses where a "commits blocked" trace ends, and why. */
export interface BlockedCommit {
  readonly database: string;
  readonly reasons: readonly Reason[];
}

/**
 * Why commits are blocked in the state a path of action numbers leads to: each database the
 * primary takes no commit on, with the reasons decide gives (REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET,
 * error 988; EXTERNAL_WRITE_MAJORITY_LOST). The trace's moves say what happened, not that the
 * state they end in refuses commits, nor which setting makes it refuse them.
 */
export const blockedCommitsAt = (
  space: SearchSpace,
  path: readonly number[],
): readonly BlockedCommit[] => {
  let p = startPosition(space);
  for (const n of path) {
    const action = offered(space, p)[n];
    const m = action === undefined ? null : move(p, action);
    if (action === undefined || m === null)
      throw new Error(`internal error: the path ${path.join('.')} does not replay at action ${n}`);
    p = m.position;
  }
  if (writablePrimaryCount(p.cluster) === 0) return [];
  const facts = stepFacts(p.cluster);
  return p.cluster.config.databases.flatMap((database) => {
    const outcome = commitOutcome(facts, database);
    return outcome.acknowledgement === 'blocked' ? [{ database, reasons: outcome.reasons }] : [];
  });
};
