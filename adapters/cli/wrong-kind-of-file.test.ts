import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heldKindOfText, wrongKindProblem } from './input/held-kind.js';
import { run } from './test-support.js';

/*
 * Each command reads one kind of file: validate, explain and check a configuration, decide a DMV
 * snapshot, simulate a scenario. Given another kind, each printed a line per key it did not expect
 * (validate on a snapshot: eleven "unknown key" lines, one per view, and never that the file is a
 * snapshot); validate on a sqlcmd CSV snapshot read it as T-SQL and asked for --sql-version. Now
 * the one problem names the kind the file holds and the command that reads it.
 */
const SNAPSHOT_JSON = 'examples/snapshots/primary.json';
const SNAPSHOT_CSV = 'examples/snapshots/primary.csv';
const CONFIGURATION = 'examples/resync-three-replicas.json';
const SCENARIO = 'examples/scenarios/resync-walkthrough.json';

const stderrOf = async (argv: readonly string[]) => {
  const r = await run(argv);
  return { code: r.code, lines: r.stderr.trim().split('\n') };
};

describe('a command given a file of another kind', () => {
  it('tells the three kinds apart by their keys or their marker line', () => {
    const kind = (path: string) => heldKindOfText(readFileSync(path, 'utf8'));
    expect([SNAPSHOT_JSON, SNAPSHOT_CSV, CONFIGURATION, SCENARIO].map(kind)).toEqual([
      'snapshot',
      'snapshot',
      'configuration',
      'scenario',
    ]);
    // A distributed group's scenario names its members, as a distributed configuration does.
    expect(kind('examples/scenarios/dag-migration.json')).toBe('scenario');
    expect(heldKindOfText('CREATE AVAILABILITY GROUP [ag] ...')).toBeUndefined();
    expect(heldKindOfText('{"name": "ag"')).toBeUndefined();
    expect(wrongKindProblem('snapshot', 'snapshot')).toBeUndefined();
  });

  it.each(['validate', 'explain', 'check'])(
    '%s names a snapshot, JSON or CSV, and decide',
    async (command) => {
      for (const file of [SNAPSHOT_JSON, SNAPSHOT_CSV]) {
        const { code, lines } = await stderrOf([command, file]);
        expect(code).toBe(2);
        expect(lines).toEqual([
          `agstate ${command}: ${file}: this file is a DMV snapshot (result sets named by their views, sys.availability_groups and the rest, docs/dmv-snapshot.md), not an availability group configuration: \`agstate decide <file>\` reads a snapshot (docs/dmv-snapshot.md gives the query that takes one on a replica)`,
        ]);
      }
    },
  );

  it('validate names a scenario, simulate, and where its configuration is', async () => {
    const { lines } = await stderrOf(['validate', SCENARIO]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('this file is a scenario ("config" and "steps", docs/scenarios.md)');
    expect(lines[0]).toContain('`agstate simulate <file>` runs a scenario');
    expect(lines[0]).toContain('the value of its "config" is a configuration');
  });

  it('decide names a configuration or a scenario, and the commands that read them', async () => {
    const configuration = await stderrOf(['decide', CONFIGURATION]);
    expect(configuration.code).toBe(2);
    expect(configuration.lines).toEqual([
      `agstate decide: ${CONFIGURATION}: this file is an availability group configuration ("name" and "replicas" or "members", docs/model.md), not a DMV snapshot: \`agstate validate\`, \`agstate explain\` and \`agstate check\` read a configuration, JSON or T-SQL`,
    ]);
    const scenario = await stderrOf(['decide', SCENARIO]);
    expect(scenario.lines).toHaveLength(1);
    expect(scenario.lines[0]).toContain('`agstate simulate <file>` runs a scenario');
  });

  it('simulate names a configuration and how a scenario holds it, or a snapshot', async () => {
    const configuration = await stderrOf(['simulate', CONFIGURATION]);
    expect(configuration.lines).toHaveLength(1);
    expect(configuration.lines[0]).toContain(
      'a scenario holds a configuration as its "config", beside the "steps" to run: {"config": <this file>, "steps": []}',
    );
    for (const file of [SNAPSHOT_JSON, SNAPSHOT_CSV]) {
      const { lines } = await stderrOf(['simulate', file]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('this file is a DMV snapshot');
    }
  });

  it('leaves a file of the right kind, even a broken one, to its own reader', async () => {
    const { lines } = await stderrOf(['decide', 'snap.json']);
    expect(lines.join('\n')).not.toContain('this file is');
    const broken = await run(['validate', 'ag.json'], {
      files: { 'ag.json': '{"name": "ag", "version": 2019, "replicas": [], "extra": 1}' },
    });
    expect(broken.stderr).toContain('unknown key "extra"');
    expect(broken.stderr).not.toContain('this file is');
  });
});
