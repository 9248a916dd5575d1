import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every reason code the core can give appears in docs/, where its source is stated. A code added
 * without documentation fails here.
 */
const root = new URL('..', import.meta.url).pathname;

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('test-support') ? [p] : [];
  });

const CODE = /\b(?:reason|r|violation|because|unknownReason)\(\s*'([A-Z][A-Z0-9_]+)'/g;

describe('reason codes are documented', () => {
  const codes = new Map<string, string>();
  for (const file of sources(join(root, 'core'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(CODE)) {
      if (!codes.has(m[1]!)) codes.set(m[1]!, file.slice(root.length));
    }
  }
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(root, 'docs', f), 'utf8'))
    .join('\n');

  it('finds the codes', () => {
    expect(codes.size).toBeGreaterThan(100);
  });

  it('documents every one of them in docs/', () => {
    const missing = [...codes].filter(([code]) => !new RegExp(`\\b${code}\\b`).test(docs));
    expect(missing.map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });
});
