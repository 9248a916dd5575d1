import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Two builds of the command, run on the same cases, must print the same bytes on stdout and
 * stderr and exit with the same code: every example snapshot, T-SQL script, configuration and
 * scenario through `decide`, `decide --json` and `decide --target`, the other commands on the same
 * files, charts in every format, standard input, merged snapshots, `--each`, and bad input.
 *
 *   node dist/bench/cli-identical.js [reference] [candidate]
 *
 * By default the reference is the modules tsc emitted (dist/adapters/cli/bin.js) and the
 * candidate the package's bin (dist/adapters/cli/launch.cjs, the bundle); give another build's
 * bin.js as the reference to hold this one to it. Exits 1 when any case differs.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [reference = 'dist/adapters/cli/bin.js', candidate = 'dist/adapters/cli/launch.cjs'] =
  process.argv.slice(2);

interface Case {
  readonly args: readonly string[];
  readonly stdin?: string;
}

const filesIn = (folder: string, pattern: RegExp): string[] =>
  readdirSync(join(ROOT, folder))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${folder}/${f}`);

const snapshots = filesIn('examples/snapshots', /\.(json|csv|sql)$/);
const scripts = filesIn('examples/tsql', /\.sql$/);
const configs = filesIn('examples', /\.json$/);
const scenarios = filesIn('examples/scenarios', /\.json$/);

/** A replica the file names, so that --target picks one that is there. */
const REPLICAS = ['SQLNODE2', 'SQLDR1', 'ag2', 'server2', 'SQLSERVER-1', 'SQLNODE3'];
const targetIn = (file: string): string => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return REPLICAS.find((r) => text.includes(r)) ?? 'SQLNODE2';
};

const decideCases = (file: string): Case[] => [
  { args: ['decide', file] },
  { args: ['decide', '--json', file] },
  { args: ['decide', '--target', targetIn(file), file] },
  { args: ['decide', '--json', '--target', targetIn(file), file] },
];

const CASES: readonly Case[] = [
  ...[...snapshots, ...scripts, ...configs, ...scenarios].flatMap(decideCases),
  ...scripts.flatMap((f) => [
    { args: ['decide', '--sql-version', '2019', f] },
    { args: ['validate', '--sql-version', '2019', f] },
    { args: ['explain', '--sql-version', '2019', '--json', f] },
  ]),
  ...configs.flatMap((f) => [
    { args: ['validate', f] },
    { args: ['explain', f] },
    { args: ['check', '--faults', '1', '--max-states', '300', f] },
  ]),
  ...scenarios.flatMap((f) => [{ args: ['simulate', f] }, { args: ['simulate', '--json', f] }]),
  {
    args: ['decide', 'examples/snapshots/primary.json', 'examples/snapshots/secondary.csv'],
  },
  {
    args: [
      'decide',
      'examples/snapshots/dag-global-primary.json',
      'examples/snapshots/dag-forwarder.json',
    ],
  },
  { args: ['decide', '--each', ...snapshots.filter((f) => f.endsWith('.json'))] },
  { args: ['decide', '--each', '--json', ...snapshots.filter((f) => f.endsWith('.json'))] },
  { args: ['decide', '--color', 'examples/snapshots/primary.json'] },
  {
    args: [
      'decide',
      '--backup-type',
      'full',
      '--database',
      'SalesDB',
      'examples/snapshots/primary.csv',
    ],
  },
  {
    args: ['decide', '-'],
    stdin: readFileSync(join(ROOT, 'examples/snapshots/primary.csv'), 'utf8'),
  },
  { args: ['decide', '-'], stdin: '{"not": "a snapshot"' },
  ...['mermaid', 'dot', 'scxml', 'json', 'svg'].map((format) => ({
    args: ['chart', 'replica', '--format', format],
  })),
  { args: ['chart', '--json'] },
  { args: ['decide', 'examples/snapshots/missing.json'] },
  { args: ['decide', '--no-such-option', 'examples/snapshots/primary.json'] },
  { args: ['decide'] },
  { args: [] },
  { args: ['--help'] },
  { args: ['--version'] },
  { args: ['decide', '--help'] },
  { args: ['nonsense'] },
];

/** Colour settings are left out so that both builds see a pipe and no preference. */
const { CI: _ci, FORCE_COLOR: _force, NO_COLOR: _no, ...environment } = process.env;

const run = (bin: string, c: Case) =>
  spawnSync(process.execPath, [bin, ...c.args], {
    cwd: ROOT,
    env: environment,
    input: c.stdin ?? '',
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });

let differing = 0;
for (const c of CASES) {
  const a = run(reference, c);
  const b = run(candidate, c);
  const parts = (['status', 'stdout', 'stderr'] as const).filter((k) => a[k] !== b[k]);
  if (parts.length === 0) continue;
  differing += 1;
  process.stdout.write(`differs in ${parts.join(', ')}: agstate ${c.args.join(' ')}\n`);
  for (const k of parts)
    process.stdout.write(
      `  ${k}: ${JSON.stringify(a[k])?.slice(0, 300)}\n  vs ${JSON.stringify(b[k])?.slice(0, 300)}\n`,
    );
}
process.stdout.write(
  `${CASES.length} cases, ${differing} differing (${reference} against ${candidate})\n`,
);
process.exitCode = differing === 0 ? 0 : 1;
