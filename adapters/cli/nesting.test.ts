import { describe, expect, it } from 'vitest';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../json-nesting.js';
import { run } from './test-support.js';

/**
 * Thousands of brackets are bad input, placed at the bracket that goes too deep: never
 * "Maximum call stack size exceeded", never exit 3.
 */

const deepArrays = '['.repeat(20_000) + ']'.repeat(20_000);
const deepObjects = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;

describe('JSON nesting', () => {
  it('finds the first bracket past the limit, with its line and column', () => {
    expect(jsonTooDeep(`{\n  "x": ${'['.repeat(MAX_JSON_DEPTH + 5)}`)).toMatchObject({
      line: 2,
      column: 8 + MAX_JSON_DEPTH - 1,
    });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = `{"name": "${'[\\"'.repeat(1000)}"}`;
    expect(JSON.parse(inString)).toHaveProperty('name');
    expect(jsonTooDeep(inString)).toBeUndefined();
  });

  it('accepts a document exactly at the limit', () => {
    expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeUndefined();
  });

  for (const [command, file] of [
    ['validate', 'in.json'],
    ['explain', 'in.json'],
    ['simulate', 'in.json'],
    ['check', 'in.json'],
    ['decide', 'in.json'],
  ] as const) {
    it(`${command}: exit 2 with the place, for deep arrays and deep objects`, async () => {
      // A snapshot is told apart from CSV by its first character, '{'.
      const arrays =
        command === 'decide' ? `{"sys.availability_groups": ${deepArrays}}` : deepArrays;
      for (const text of [arrays, deepObjects]) {
        const r = await run([command, file], { files: { [file]: text } });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/nested too deeply \(more than 64 levels\)/);
        expect(r.stderr).toMatch(
          command === 'decide' ? /\(line 1, column \d+\)/ : /in\.json:1:\d+: /,
        );
        expect(r.stderr).not.toMatch(/call stack/);
      }
    });
  }
});
