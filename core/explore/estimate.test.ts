import { describe, expect, it } from 'vitest';
import { remainingStates } from './estimate.js';

describe('the estimate of the states still to find', () => {
  it('sums the geometric tail of shrinking levels, less the level being built', () => {
    // Levels halve: 800, 400, 200 → 100 + 50 + … ≈ 200 still to come.
    expect(remainingStates([1, 800, 400, 200], 0)).toBe(200);
    expect(remainingStates([1, 800, 400, 200], 60)).toBe(140);
  });

  it('has no estimate while levels grow, or too few are known', () => {
    expect(remainingStates([1, 4, 16], 3)).toBeNull();
    expect(remainingStates([1, 40, 30, 35], 3)).toBeNull();
    expect(remainingStates([1, 4], 0)).toBeNull();
  });
});
