import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * `agstate decide --each`: a fleet of groups, one snapshot each (the bundled snapshots, rows of
 * the documented query in docs/dmv-snapshot.md), each decided as `agstate decide` decides it alone.
 */

const FILES = [
  'examples/snapshots/primary.json',
  'examples/snapshots/secondary.csv',
  'examples/snapshots/sync-secondary-disconnected.json',
];

/** The documents of a stream of JSON documents, each starting with `{` at a line's start. */
const documents = (stdout: string): unknown[] =>
  stdout
    .split(/\n(?=\{)/)
    .filter((d) => d.trim() !== '')
    .map((d) => JSON.parse(d) as unknown);

describe('agstate decide --each', () => {
  it('gives each snapshot the JSON document it gets alone, in order', async () => {
    const fleet = await run(['decide', '--each', ...FILES, '--json', '--backup-type', 'FULL']);
    expect(fleet.code).toBe(0);
    const alone = await Promise.all(
      FILES.map(
        async (f) =>
          JSON.parse(
            (await run(['decide', f, '--json', '--backup-type', 'FULL'])).stdout,
          ) as unknown,
      ),
    );
    expect(documents(fleet.stdout)).toEqual(alone);
  });

  it('heads each text report with its file, and reports each as decide does alone', async () => {
    const fleet = await run(['decide', '--each', ...FILES]);
    expect(fleet.code).toBe(0);
    const reports = fleet.stdout.split(/\n?== (.*) ==\n\n/).slice(1);
    for (const [i, file] of FILES.entries()) {
      expect(reports[2 * i]).toBe(file);
      expect(reports[2 * i + 1]).toBe((await run(['decide', file])).stdout);
    }
  });

  it('reports a snapshot it cannot read and still decides the others, exit 2', async () => {
    const r = await run(['decide', '--each', 'missing.json', FILES[0]!, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('agstate decide: missing.json: no such file\n');
    const [bad, good] = documents(r.stdout) as { error: unknown; result: unknown }[];
    expect(bad?.error).not.toBeNull();
    expect(good?.result).not.toBeNull();
  });
});
