import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

describe('the progress line', () => {
  it('shows states/s, elapsed time and the time still to run', () => {
    const line = progressLine(
      { states: 20_000, depth: 4, frontier: 0, levels: [1, 8000, 4000, 2000] },
      10_000,
      2_000_000,
    );
    // 2,000 states/s; about 2,000 states to come: about 1 s.
    expect(line).toBe(
      'exploring: 20,000 states, 2,000 states/s, 10 s elapsed, remaining: about 1 s; depth 4, frontier 0',
    );
  });

  it('says "unknown" while the levels grow, bounded by the state cap, and never stops at a share of it', () => {
    const line = progressLine(
      { states: 300_000, depth: 5, frontier: 90_000, levels: [1, 10, 100, 1000] },
      120_000,
      2_000_000,
    );
    expect(line).toContain('2,500 states/s, 2 min 0 s elapsed');
    expect(line).toContain('remaining: unknown (at most 11 min 20 s to the state cap)');
  });

  it('leaves out what the search cannot say: the workers give no depth, a depth-first run no frontier', () => {
    expect(progressLine({ states: 10_000 }, 5_000, 2_000_000)).toBe(
      'exploring: 10,000 states, 2,000 states/s, 5 s elapsed, remaining: unknown (at most 16 min 35 s to the state cap)',
    );
    expect(progressLine({ states: 10_000, depth: 31 }, 5_000, 2_000_000)).toMatch(/; depth 31$/);
  });

  it('names the budget being searched when the run goes fault by fault', () => {
    expect(progressLine({ states: 10_000, faults: 1 }, 5_000, 2_000_000)).toMatch(
      /^exploring with at most 1 fault: 10,000 states, .*, remaining at this budget: unknown/,
    );
    expect(progressLine({ states: 10_000, faults: 0 }, 5_000, 2_000_000)).toMatch(
      /^exploring with at most 0 faults: /,
    );
  });
});
