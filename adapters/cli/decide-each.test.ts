import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type FleetVerdict, fleetVerdict } from '../../core/decide/fleet.js';
import { snapshotTextToFactsWithNotes } from '../dmv/read.js';
import { fleetLines } from './render/fleet.js';
import { styleFor } from './render/style.js';
import { run } from './test-support.js';

/**
 * `agstate decide --each`: a fleet of groups, one snapshot each (the bundled snapshots, rows of
 * the documented query in docs/dmv-snapshot.md, on a primary, a secondary and with a disconnected
 * synchronous secondary), each summarized by its fleet verdict.
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

/** The verdict the library gives the file alone, as JSON carries it. */
const verdictOf = (file: string): unknown => {
  const read = snapshotTextToFactsWithNotes(readFileSync(file, 'utf8'), { origin: file });
  if (E.isLeft(read)) throw new Error(`${file} was not read`);
  return JSON.parse(JSON.stringify(fleetVerdict(read.right.facts)));
};

describe('agstate decide --each', () => {
  it('gives each snapshot its group’s fleet verdict as a JSON document, in order', async () => {
    const fleet = await run(['decide', '--each', ...FILES, '--json']);
    expect(fleet.code).toBe(0);
    const results = (documents(fleet.stdout) as { result: { verdict: unknown } }[]).map(
      (d) => d.result.verdict,
    );
    expect(results).toEqual(FILES.map(verdictOf));
  });

  it('heads each text report with its file and answers the fleet questions', async () => {
    const fleet = await run(['decide', '--each', ...FILES]);
    expect(fleet.code).toBe(0);
    const reports = fleet.stdout.split(/\n?== (.*) ==\n\n/).slice(1);
    expect(reports.filter((_, i) => i % 2 === 0)).toEqual(FILES);
    const [primary, secondary, disconnected] = reports.filter((_, i) => i % 2 === 1);
    // On the primary: SQLNODE2 is synchronous with automatic failover and SYNCHRONIZED; SQLDR1
    // runs asynchronous commit, so only a forced failover (S1, S2) can make it primary.
    expect(primary).toContain('primary SQLNODE1, quorum HEALTHY, a writable primary: yes');
    expect(primary).toContain('automatic failover would go to: SQLNODE2');
    expect(primary).toContain('SQLNODE2: automatic yes, planned yes, forced yes');
    expect(primary).toContain('SQLDR1: automatic no, planned no, forced yes');
    expect(primary).toContain('not SYNCHRONIZED on SQLDR1: SalesDB [DATABASE_NOT_SYNCHRONIZED]');
    // A snapshot taken on a secondary does not show the primary: unknown, not no.
    expect(secondary).toContain('a writable primary: unknown');
    expect(secondary).toContain('NO_PRIMARY_VIEW');
    // The synchronous secondary disconnected: no automatic target, commits acknowledged at once.
    expect(disconnected).toContain('automatic failover would go to: no replica');
    expect(disconnected).toContain('SalesDB: acknowledged at once');
    expect(disconnected).toContain('SQLNODE2 is DISCONNECTED from the primary');
  });

  // An instance hosting two groups, taken on SQL1, primary of both: AGOK healthy, AGBAD with SQL2
  // DISCONNECTED. "Availability replica is disconnected" (sql-docs, database-engine/
  // availability-groups/windows/availability-replica-is-disconnected.md): "The secondary replica is
  // not connected to the primary replica. The connected state is DISCONNECTED." A DBA who snapshots
  // each instance of a fleet gets one file per instance, so each group in it is a group of the fleet.
  const TWO_GROUPS = 'adapters/dmv/fixtures/docs-two-groups-one-instance.json';

  it('gives each group of an instance hosting several its own verdict, in the snapshot’s order', async () => {
    const fleet = await run(['decide', '--each', TWO_GROUPS, FILES[0]!]);
    expect(fleet.code).toBe(0);
    expect(fleet.stdout.match(/^== .* ==$/gm)).toEqual([
      `== ${TWO_GROUPS} ==`,
      `== ${FILES[0]} ==`,
    ]);
    const groups = [...fleet.stdout.matchAll(/^Availability group (\S+):/gm)].map((m) => m[1]);
    expect(groups).toEqual(['AGOK', 'AGBAD', 'AGSales']);
    const [, ok, bad] = fleet.stdout.split(/^Availability group /m);
    expect(ok).toContain('automatic failover would go to: SQL2');
    // A synchronous secondary that is not connected is not waited for (S1, "Availability modes").
    expect(bad).toContain('baddb: acknowledged at once');
    expect(bad).toContain('SQL2 is DISCONNECTED from the primary [TARGET_DISCONNECTED]');
    const json = await run(['decide', '--each', TWO_GROUPS, '--json']);
    const docs = documents(json.stdout) as {
      input: { group?: string };
      result: { verdict: { group: string } };
    }[];
    expect(docs.map((d) => [d.input.group, d.result.verdict.group])).toEqual([
      ['AGOK', 'AGOK'],
      ['AGBAD', 'AGBAD'],
    ]);
    // --group still picks one; a worker hands such a file back to this thread, which does the same.
    const one = await run(['decide', '--each', TWO_GROUPS, '--group', 'AGBAD']);
    expect(one.stdout.match(/^Availability group (\S+):/gm)).toEqual(['Availability group AGBAD:']);
    const workers = await run(['decide', '--each', TWO_GROUPS, FILES[0]!, '--workers', '2']);
    expect(workers).toMatchObject({ code: 0, stdout: fleet.stdout });
  });

  it('says who chooses among several qualifying replicas by the group’s cluster type', async () => {
    // A Pacemaker group (linux-external-three-sync.json): the verdict carries CLUSTER_TYPE, and
    // with two qualifying replicas the text names Pacemaker, not a WSFC role's preferred owners.
    const file = 'adapters/dmv/fixtures/linux-external-three-sync.json';
    const json = await run(['decide', '--each', file, '--json']);
    const [doc] = documents(json.stdout) as { result: { verdict: FleetVerdict } }[];
    expect(doc?.result.verdict.clusterType).toBe('EXTERNAL');
    const among = { ...doc!.result.verdict, automaticTarget: null, automaticAmong: ['n2', 'n3'] };
    const text = fleetLines(styleFor(false), among).join('\n');
    expect(text).toContain('n2, n3 qualify: Pacemaker chooses among them');
    expect(text).not.toContain('Get-ClusterOwnerNode');
  });

  it('with --target, gives each snapshot the report decide gives it alone', async () => {
    const files = [FILES[0]!, FILES[2]!];
    const fleet = await run(['decide', '--each', ...files, '--target', 'SQLDR1']);
    expect(fleet.code).toBe(0);
    const reports = fleet.stdout.split(/\n?== (.*) ==\n\n/).slice(1);
    for (const [i, file] of files.entries()) {
      expect(reports[2 * i]).toBe(file);
      expect(reports[2 * i + 1]).toBe((await run(['decide', file, '--target', 'SQLDR1'])).stdout);
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

  describe('on worker threads (--workers)', () => {
    // Every kind of file a fleet may hold: JSON and CSV snapshots, one that cannot be read, and a
    // distributed group's (which decide answers in full), in an order that mixes them.
    const MIXED = [
      FILES[0]!,
      'missing.json',
      FILES[1]!,
      'examples/snapshots/dag-global-primary.json',
      FILES[2]!,
      'examples/snapshots/outage-resolving-secondary.json',
    ];
    /** The JSON documents without the echo of --workers in their input. */
    const withoutWorkers = (stdout: string): unknown[] =>
      (documents(stdout) as { input: Record<string, unknown> }[]).map(({ input, ...rest }) => {
        const { workers: _, ...others } = input;
        return { input: others, ...rest };
      });

    it('prints what one thread prints, in the same order, with the same errors and exit code', async () => {
      const one = await run(['decide', '--each', ...MIXED]);
      const two = await run(['decide', '--each', ...MIXED, '--workers', '2']);
      expect(one.code).toBe(2);
      expect(two).toMatchObject({ code: one.code, stdout: one.stdout, stderr: one.stderr });
      expect(one.stdout.match(/^== .* ==$/gm)).toHaveLength(MIXED.length);
    });

    it('gives the same JSON documents, whose input says how many workers ran', async () => {
      const one = await run(['decide', '--each', ...MIXED, '--json']);
      const three = await run(['decide', '--each', ...MIXED, '--json', '--workers', '3']);
      expect(three.code).toBe(one.code);
      expect(withoutWorkers(three.stdout)).toEqual(documents(one.stdout));
      expect((documents(three.stdout) as { input: { workers?: number } }[])[0]?.input.workers).toBe(
        3,
      );
    });

    it('is refused without --each, and beside --target or --database', async () => {
      const alone = await run(['decide', FILES[0]!, '--workers', '2']);
      expect(alone.code).toBe(2);
      expect(alone.stderr).toContain('--workers decides the files of --each');
      const detailed = await run([
        'decide',
        '--each',
        ...FILES,
        '--workers',
        '2',
        '--target',
        'SQLDR1',
      ]);
      expect(detailed.code).toBe(2);
      expect(detailed.stderr).toMatch(/--workers.*cannot be used with option '--target/);
    });
  });
});
