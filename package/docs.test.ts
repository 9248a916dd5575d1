import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** docs/ speaks to readers: internal rule tags appear only as links to the page explaining them. */

const folder = new URL('../docs/', import.meta.url);
const pages = readdirSync(folder).filter((f) => f.endsWith('.md') && f !== 'rule-tags.md');
const read = (page: string): string => readFileSync(new URL(page, folder), 'utf8');
const TAG = /ag-rules(?:\.md)? §[0-9]+(?:\.[0-9]+)?(?:[–-][0-9.]+)?|R-[A-Z]+-[0-9]+(?:\/[0-9]+)?/g;

/** Prose and tables, without fenced code. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```/gm, '');

describe('rule tags in docs/', () => {
  it('are links to docs/rule-tags.md wherever they appear', () => {
    const bare = pages.flatMap((page) =>
      prose(read(page))
        .split('\n')
        .flatMap((line, i) =>
          [...line.matchAll(TAG)]
            .filter((m) => !line.slice(m.index).startsWith(`${m[0]}](rule-tags.md#`))
            .map((m) => `${page}:${i + 1}: ${m[0]}`),
        ),
    );
    expect(bare).toEqual([]);
  });

  it('each have a row in docs/rule-tags.md', () => {
    const explained = read('rule-tags.md');
    const used = new Set(pages.flatMap((p) => prose(read(p)).match(/R-[A-Z]+-[0-9]+/g) ?? []));
    expect(used.size).toBeGreaterThan(0);
    for (const tag of used) expect(explained, tag).toContain(`| ${tag} `);
  });
});
