import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listExamples } from './examples.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

describe('the examples the page offers', () => {
  it('leave out the distributed availability group scenario, which only agstate simulate runs', () => {
    const names = listExamples(examples).map((e) => e.name);
    expect(names).toContain('scenarios/resync-walkthrough');
    expect(names).not.toContain('scenarios/dag-migration');
  });
});
