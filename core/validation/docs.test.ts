import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../model/defaults.js';
import { SQL_SERVER_VERSIONS } from '../model/enums.js';
import { DOCUMENTS } from '../model/source.js';
import { CONFIG_REASON_CODES } from './codes.js';
import { describeSince, FEATURE_TIMELINE, LIMITS } from './limits.js';

// docs/rules.md is written by hand; these checks keep it in step with the code.
const docs = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
const tableCell = (text: string): string => text.replaceAll('|', '\\|');

/** The trimmed cells of every table row (the formatter pads cells, so spacing is ignored). */
const rows: readonly (readonly string[])[] = docs
  .split('\n')
  .filter((l) => l.startsWith('|'))
  .map((l) =>
    l
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim()),
  );
const rowsStartingWith = (...first: readonly string[]): readonly (readonly string[])[] =>
  rows.filter((r) => first.every((cell, i) => r[i] === cell));

const here = new URL('.', import.meta.url);
const ruleSources = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(new URL(f, here), 'utf8'))
  .join('\n');
const codesUsed = new Set(
  [...ruleSources.matchAll(/violation\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1] ?? ''),
);

describe('docs/rules.md', () => {
  it('documents every reason code in a rule row', () => {
    for (const code of CONFIG_REASON_CODES) {
      expect(rowsStartingWith(`\`${code}\``), code).toHaveLength(1);
    }
  });

  it('lists exactly the codes the rules use', () => {
    expect([...codesUsed].sort()).toEqual([...CONFIG_REASON_CODES].sort());
  });

  it('documents every default with its value and source document', () => {
    for (const d of Object.values(DEFAULTS)) {
      const value = typeof d.value === 'string' ? d.value : JSON.stringify(d.value);
      const found = rowsStartingWith(tableCell(d.option), `\`${value}\``);
      expect(found, d.option).toHaveLength(1);
      expect(found[0]?.[2]).toContain(d.rule.document);
    }
  });

  it('renders the limits table as core/validation/limits.ts has it', () => {
    for (const v of SQL_SERVER_VERSIONS) {
      const l = LIMITS[v];
      const row = [
        v,
        l.maxReplicasIncludingPrimary.value,
        l.maxSecondaries.value,
        l.maxSynchronousCommitIncludingPrimary.value,
        l.maxAutomaticFailoverIncludingPrimary.value,
      ].map(String);
      expect(rowsStartingWith(...row), String(v)).toHaveLength(1);
    }
  });

  it('renders the feature timeline as core/validation/limits.ts has it', () => {
    for (const f of FEATURE_TIMELINE) {
      const found = rowsStartingWith(`\`${f.feature}\``);
      expect(found, f.feature).toHaveLength(1);
      expect(found[0]?.[2]).toBe(describeSince(f.since));
      expect(found[0]?.[3]).toContain(f.rule.section);
    }
  });

  it('lists every source document tag with its title', () => {
    for (const [tag, title] of Object.entries(DOCUMENTS)) {
      expect(rowsStartingWith(tag, tableCell(title)), tag).toHaveLength(1);
    }
  });
});
