import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listExamples } from './examples.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

describe('the examples the page offers', () => {
  it('mark the distributed availability group scenario, which loads into its own session', () => {
    const kinds = Object.fromEntries(listExamples(examples).map((e) => [e.name, e.kind]));
    expect(kinds['scenarios/resync-walkthrough']).toBe('scenario');
    expect(kinds['scenarios/dag-migration']).toBe('distributed');
  });
});
