import { describe, expect, it } from 'vitest';
import { memoryStop, positionsToKeep } from './memory-stop.js';

const MIB = 2 ** 20;

describe('a search in bounded memory', () => {
  it('stops past four fifths of the heap limit less the young generation’s 64 MiB', () => {
    // --max-old-space-size=300 gives a 348 MiB limit: four fifths of 284 MiB is 227.2 MiB.
    expect(memoryStop({ usedBytes: 227 * MIB, limitBytes: 348 * MIB }, 10)).toBeUndefined();
    expect(memoryStop({ usedBytes: 228 * MIB, limitBytes: 348 * MIB }, 10)?.stop).toMatch(
      /^the search stopped at 10 states with 228 MiB of its 348 MiB heap in use/,
    );
  });

  it('keeps a third of the usable heap’s worth of a level as positions, at least 10,000', () => {
    expect(positionsToKeep({ usedBytes: 0, limitBytes: 348 * MIB })).toBe(193_877);
    expect(positionsToKeep({ usedBytes: 0, limitBytes: 4144 * MIB })).toBe(2_785_280);
    expect(positionsToKeep({ usedBytes: 0, limitBytes: 70 * MIB })).toBe(10_000);
  });
});
