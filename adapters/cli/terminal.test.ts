import { describe, expect, it } from 'vitest';
import { escapeControls } from './render/terminal.js';
import { wrapLine } from './render/wrap.js';
import { json, linesOf, readExample, run } from './test-support.js';

/**
 * Names are data, never terminal control: an OSC sequence (ESC ] 0 ; … BEL) retitles an xterm, a
 * CR returns to the start of the line and overwrites it (ECMA-48 / the xterm control sequences).
 */
const HOSTILE = 'SQLDR1\u001b]0;owned\u0007\r';
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('text output on a terminal', () => {
  it('escapes every control character and keeps only its own colour codes', () => {
    expect(escapeControls(HOSTILE, false)).toBe('SQLDR1\\x1B]0;owned\\x07\\r');
    expect(escapeControls('\u001b[32mvalid\u001b[39m', true)).toBe('\u001b[32mvalid\u001b[39m');
    expect(escapeControls('\u001b[32mvalid\u001b[39m', false)).toBe('\\x1B[32mvalid\\x1B[39m');
    // A cursor move is not one of agstate's colours, even with colour on.
    expect(escapeControls('\u001b[2J', true)).toBe('\\x1B[2J');
    expect(escapeControls('a\u202eb', false)).toBe('a\\u202Eb');
  });

  it('refuses a hostile replica name from a DMV snapshot, and never writes it raw', async () => {
    // A server instance name is no sysname with control characters (docs/checks.md,
    // NAME_NOT_SYSNAME): the snapshot is refused, and the refusal shows the name escaped.
    const snapshot = (await readExample('examples/snapshots/primary.json')).replaceAll(
      'SQLDR1',
      JSON.stringify(HOSTILE).slice(1, -1),
    );
    const files = { 'hostile.json': snapshot };
    for (const color of [false, true]) {
      const r = await run(['decide', 'hostile.json'], { files, color });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('NAME_NOT_SYSNAME');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: agstate's own colours are removed
      expect(r.stderr.replace(/\u001b\[(?:1|2|22|31|32|33|36|39)m/g, '')).not.toMatch(RAW_CONTROL);
    }
    const asJson = await run(['decide', 'hostile.json', '--json'], { files });
    expect(asJson.code).toBe(2);
    expect(asJson.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(json(asJson))).toContain('NAME_NOT_SYSNAME');
  });

  it('never writes a hostile name raw from validate, whatever it decides', async () => {
    const config = (await readExample('examples/resync-three-replicas.json')).replaceAll(
      'SQLDR1',
      JSON.stringify(HOSTILE).slice(1, -1),
    );
    const r = await run(['validate', 'hostile.json'], { files: { 'hostile.json': config } });
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('wraps to the terminal width, continuation lines under the text of their item', async () => {
    const narrow = await run(['explain', 'examples/resync-three-replicas.json'], { width: 60 });
    const wide = await run(['explain', 'examples/resync-three-replicas.json']);
    expect(narrow.code).toBe(0);
    for (const line of linesOf(narrow.stdout)) expect(line.length).toBeLessThanOrEqual(60);
    const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    expect(wrapLine('    - one two three four five six seven eight nine ten eleven', 34)).toBe(
      '    - one two three four five six\n      seven eight nine ten eleven',
    );
  });
});

describe('--sql-version', () => {
  it('names the SQL Server version; --version stays as its alias', async () => {
    const tsql = 'examples/tsql/three-replica-wsfc.sql';
    const named = await run(['validate', tsql, '--sql-version', '2019', '--json']);
    const alias = await run(['validate', tsql, '--version', '2019', '--json']);
    expect(named.code).toBe(0);
    expect(json(named).result).toEqual(json(alias).result);
    const help = await run(['validate', '--help']);
    expect(help.stdout).toContain('--sql-version <year>');
    expect(help.stdout).not.toMatch(/^\s+--version <year>/m);
  });
});
