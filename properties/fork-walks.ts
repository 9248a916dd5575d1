import type { Action } from '../core/explore/alphabet.js';

/**
 * The moves that lead to where recovery forks part copies: losing and forcing quorum, forced
 * failovers, resumes, deliveries and commits. Uniform random walks seldom reach two forced
 * failovers from one LSN with copies resumed on both forks, where the key's fork counts and twins'
 * positions matter most.
 */
const FORK_MOVES = [
  'quorum lost',
  'force quorum',
  'forced failover',
  'resume',
  'deliver log',
  'commit',
];

/** The move `choice` picks: among the fork moves offered when `biased` and there are any. */
export const towardForks = (offers: readonly Action[], choice: number, biased: boolean): Action => {
  const near = biased ? offers.filter((a) => FORK_MOVES.some((m) => a.label.startsWith(m))) : [];
  const from = near.length > 0 ? near : offers;
  return from[choice % from.length]!;
};
