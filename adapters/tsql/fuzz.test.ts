import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import { readScript } from './script.js';

/** Every script read must come back as a value: Right, or Left with real reading errors. */
const readsAsAValue = (text: string): void => {
  const read = readScript(text, { version: 2022 });
  expect(E.isLeft(read) || E.isRight(read)).toBe(true);
  if (E.isLeft(read)) {
    expect(read.left.length).toBeGreaterThan(0);
    for (const e of read.left) {
      expect(e.message).not.toContain('internal error');
      expect(e.line).toBeGreaterThan(0);
      expect(e.column).toBeGreaterThan(0);
    }
  }
};

const folder = new URL('../../examples/tsql/', import.meta.url);
const scripts = [
  ...readdirSync(folder).map((name) => readFileSync(new URL(name, folder), 'utf8')),
  ...readdirSync(new URL('./fixtures/', import.meta.url)).map((name) =>
    readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
  ),
];

/** A script as tokens, each with the text before it (white space and comments). */
const pieces = (text: string): string[] => {
  let end = 0;
  const out: string[] = [];
  for (const t of tokenize(text).tokens) {
    out.push(text.slice(end, t.startOffset) + t.image);
    end = (t.endOffset ?? t.startOffset) + 1;
  }
  return out;
};

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number };

const mutate = (parts: readonly string[], mutations: readonly Mutation[]): string => {
  const out = [...parts];
  for (const m of mutations) {
    if (out.length === 0) break;
    const i = m.at % out.length;
    if (m.kind === 'swap') {
      const j = m.with % out.length;
      [out[i], out[j]] = [out[j]!, out[i]!];
    } else if (m.kind === 'delete') out.splice(i, 1);
    else out.splice(i, 0, out[i]!);
  }
  return out.join('');
};

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
);

const vocabulary = [
  'CREATE',
  'ALTER',
  'AVAILABILITY',
  'GROUP',
  'WITH',
  'FOR',
  'DATABASE',
  'REPLICA',
  'ON',
  'LISTENER',
  'ADD',
  'MODIFY',
  'REMOVE',
  'JOIN',
  'GRANT',
  'DENY',
  'ANY',
  'FAILOVER',
  'SET',
  'HADR',
  'BACKUP',
  'RESTORE',
  'LOG',
  'TO',
  'FROM',
  'DISK',
  '=',
  '(',
  ')',
  ',',
  ';',
  '\nGO\n',
  '\n:Connect SQL1\n',
  ':setvar',
  '$(x)',
  "N'a'",
  "'",
  '[',
  ']',
  '"',
  '/*',
  '*/',
  '--',
  '\n',
  ' ',
  '\u00a0',
  'ENDPOINT_URL',
  'AVAILABILITY_MODE',
  'SYNCHRONOUS_COMMIT',
  'FAILOVER_MODE',
  'AUTOMATIC',
  'SECONDARY_ROLE',
  'READ_ONLY_ROUTING_LIST',
  'NONE',
  '1',
  '-',
  'IP',
  'DHCP',
  'PORT',
  'BEGIN',
  'END',
  'IF',
  'SELECT',
  'CONTAINED',
  'ROLE',
  'SECONDARY',
];

describe('the reader never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), readsAsAValue), {
      numRuns: 400,
    });
  });

  it('on arbitrary sequences of T-SQL words', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 80 }), (words) =>
        readsAsAValue(words.join(' ')),
      ),
      { numRuns: 400 },
    );
  });

  it('on valid scripts with tokens deleted, duplicated or swapped', () => {
    const parsed = scripts.map(pieces);
    fc.assert(
      fc.property(
        fc.nat({ max: parsed.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        (which, mutations) => readsAsAValue(mutate(parsed[which]!, mutations)),
      ),
      { numRuns: 400 },
    );
  });

  it('on valid scripts cut short anywhere', () => {
    fc.assert(
      fc.property(fc.nat({ max: scripts.length - 1 }), fc.nat(), (which, at) => {
        const text = scripts[which]!;
        readsAsAValue(text.slice(0, at % (text.length + 1)));
      }),
      { numRuns: 300 },
    );
  });
});
