/**
 * How many states a breadth-first search still has to find, from how its levels grew: when each
 * level is smaller than the one before by a steady ratio r < 1, the levels still to come hold
 * about last·r/(1−r) states (a geometric tail), less what the level being built already holds.
 * While the levels still grow, or with fewer than three levels, there is no such estimate: the
 * answer is null, and only the state cap bounds the rest.
 */
export const remainingStates = (levels: readonly number[], building: number): number | null => {
  if (levels.length < 3) return null;
  const last = levels[levels.length - 1]!;
  const before = levels[levels.length - 2]!;
  const earlier = levels[levels.length - 3]!;
  // The larger of the last two ratios: one shrinking level after a growing one is not yet a trend.
  const ratio = Math.max(last / before, before / earlier);
  if (!(ratio < 1)) return null;
  return Math.max(0, Math.round((last * ratio) / (1 - ratio)) - building);
};
