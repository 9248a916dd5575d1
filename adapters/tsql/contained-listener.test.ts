import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/*
 * 'What is a contained availability group?' (S42), Connect (contained environment): "You must
 * create a listener for the contained AG to effectively use a contained AG. If you connect to one
 * of the instances hosting the contained AG rather than directly to the contained AG through the
 * listener, you're in the environment of the instance, and not the contained AG." A blog post
 * (fixtures/blog-pena-contained-no-listener.sql) creates ContainedAG with no listener and then
 * makes a login "within the contained AG"; validate said "valid" without a word.
 */
const name = 'blog-pena-contained-no-listener.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warnings = (script: string) =>
  readScriptReport(script, { version: 2022, fileName: name })
    .script.warnings.map((w) => w.message)
    .filter((m) => m.includes('creates no listener'));
const createLine = text.split('\n').findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP')) + 1;

describe('a contained group the script gives no listener (a blog post)', () => {
  it('is a warning at the CREATE naming the group and its contained system databases', () => {
    const found = warnings(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^${name}:${createLine}:1: warning: ContainedAG is a contained availability group and the script creates no listener for it`,
      ),
    );
    expect(found[0]).toContain('"You must create a listener for the contained AG');
    expect(found[0]).toContain('not to ContainedAG_master and ContainedAG_msdb');
  });

  it('is no warning once the script adds a listener, or for a group that is not contained', () => {
    const listener =
      "\nGO\nALTER AVAILABILITY GROUP [ContainedAG] ADD LISTENER N'ContainedAG_Lsn' (WITH IP ((N'10.0.0.50', N'255.255.255.0')), PORT = 1433);\nGO\n";
    expect(warnings(`${text}${listener}`)).toEqual([]);
    expect(warnings(text.replace(/^\s*CONTAINED,$/m, ''))).toEqual([]);
  });
});
