import type { Replica } from '../model/config.js';
import type { FailoverForm } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';

/** The shape of a failover verdict, and of the checks that make one (core/failover/failover.ts). */

/**
 * allowed: nothing stands in the way; refused: at least one reason says no; unknown: nothing says
 * no, but at least one reason says the input does not tell (its `settledBy` names what would).
 */
export type VerdictStatus = 'allowed' | 'refused' | 'unknown';

/** The status that a list of reasons against a form amounts to. */
export const verdictStatus = (against: readonly Reason[]): VerdictStatus =>
  against.length === 0 ? 'allowed' : against.every(isUnknownReason) ? 'unknown' : 'refused';

export interface FailoverVerdict {
  readonly form: FailoverForm;
  readonly target: string;
  readonly status: VerdictStatus;
  /** status === 'allowed'. */
  readonly allowed: boolean;
  /**
   * Why it is refused (every reason); when allowed, the notes that qualify it; when unknown, what
   * the input does not say (reasons with `settledBy`), then any notes that qualify it were it allowed.
   */
  readonly reasons: readonly Reason[];
}

/** One condition of a failover form: the reasons it fails, none when it holds. */
export type Check = (facts: ClusterFacts, target: Replica) => readonly Reason[];
