import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedUrl } from '../adapters/cli/serve-test-support.js';

/**
 * The package as a user receives it: packed, installed into a fresh project, its command run, and
 * the README's example (plus one for agstate/tsql) compiled under strict settings and run.
 */

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The README's embedded example: the first ```ts block under "The decision engine, embedded". */
const readmeExample = (readme: string): string => {
  const section = readme.slice(readme.indexOf('## The decision engine, embedded'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block?.[1] === undefined)
    throw new Error('README.md has no ```ts block in its embedding section');
  return block[1];
};

/** The README's verification example: the ```ts block under "## Verification", in a list item. */
const verificationExample = (readme: string): string => {
  const section = readme.slice(readme.indexOf('## Verification'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block?.[1] === undefined) throw new Error('README.md has no ```ts block under Verification');
  return block[1].replace(/^ {2}/gm, '');
};

const TSQL_EXAMPLE = `import { readFileSync } from 'node:fs';
import { explainConfig, validateConfig } from 'agstate';
import { readCreate } from 'agstate/tsql';

const read = readCreate(readFileSync('three-replica-wsfc.sql', 'utf8'), {
  version: 2019,
  fileName: 'three-replica-wsfc.sql',
});
if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('; '));
const config = read.value;
console.log(JSON.stringify({
  group: config.name,
  replicas: config.replicas.map((r) => r.name),
  violations: validateConfig(config).length,
  pairs: explainConfig(config).pairs.length,
}));
`;

const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    types: ['node'],
    outDir: 'out',
  },
  include: ['*.ts'],
};

/** What a run printed and how it ended, whether it succeeded or not. */
const outcome = (file: string, args: readonly string[], cwd: string) =>
  run(file, args, cwd).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    }),
  );

let stage = '';
let project = '';

const run = (file: string, args: readonly string[], cwd: string) =>
  exec(file, [...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 });

beforeAll(async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'agstate-pack-'));
  stage = join(scratch, 'stage');
  project = join(scratch, 'project');
  // What `prepack` does, into a copy: the repository's own dist/ is left to the other tests.
  await mkdir(stage);
  for (const f of [
    'package.json',
    'README.md',
    'LICENSE',
    'docs',
    'examples',
    'schemas',
    'adapters/web/static',
  ])
    await cp(join(ROOT, f), join(stage, f), { recursive: true });
  await run(
    process.execPath,
    [TSC, '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(stage, 'dist')],
    ROOT,
  );
  // The page's script, bundled as `npm run build:client` does.
  await run(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      'adapters/web/client/app.ts',
      '--bundle',
      '--format=esm',
      '--target=es2022',
      `--outfile=${join(stage, 'adapters', 'web', 'static', 'app.js')}`,
      '--log-level=warning',
    ],
    ROOT,
  );
  // The command's bundle and code cache, as `npm run build:cli` makes them; the bundler resolves
  // the dependencies through a link to the repository's node_modules, which npm pack leaves out.
  await symlink(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  await run(process.execPath, [join(stage, 'dist', 'adapters', 'cli', 'build-bundle.js')], stage);
  const { stdout } = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch],
    stage,
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'user', private: true, type: 'module' }),
  );
  const types = JSON.parse(
    await readFile(join(ROOT, 'node_modules/@types/node/package.json'), 'utf8'),
  ) as { version: string };
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(scratch, packed!.filename),
      `@types/node@${types.version}`,
    ],
    project,
  );
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
  await writeFile(
    join(project, 'readme.ts'),
    readmeExample(await readFile(join(ROOT, 'README.md'), 'utf8')),
  );
  await writeFile(join(project, 'tsql.ts'), TSQL_EXAMPLE);
  await writeFile(
    join(project, 'verification.ts'),
    verificationExample(await readFile(join(ROOT, 'README.md'), 'utf8')),
  );
  await cp(join(ROOT, 'examples/snapshots/primary.json'), join(project, 'snapshot.json'));
  await cp(join(ROOT, 'examples/resync-three-replicas.json'), join(project, 'config.json'));
  await cp(join(ROOT, 'examples/snapshots/secondary.csv'), join(project, 'secondary.csv'));
  // As PowerShell's Out-File writes it: UTF-16 with its byte-order mark, read by the T-SQL decoder.
  const primary = await readFile(join(ROOT, 'examples/snapshots/primary.json'), 'utf8');
  await writeFile(
    join(project, 'utf16.json'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(primary, 'utf16le')]),
  );
  await cp(
    join(ROOT, 'examples/tsql/three-replica-wsfc.sql'),
    join(project, 'three-replica-wsfc.sql'),
  );
}, 300_000);

afterAll(() =>
  stage === '' ? undefined : rm(join(stage, '..'), { recursive: true, force: true }),
);

describe('the packed package', () => {
  it('ships the build, examples, docs and LICENSE, and no benchmark, property helper, chart generator or source map', async () => {
    const installed = join(project, 'node_modules', 'agstate');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.peerDependencies).toEqual({ xstate: expect.any(String) });
    expect(Object.keys(manifest.dependencies as object)).not.toContain('elkjs');
    // `check --random` walks and shrinks with fast-check at run time.
    expect(Object.keys(manifest.dependencies as object)).toContain('fast-check');
    expect((manifest.scripts as Record<string, string>).prepare).toBeUndefined();
    const { stdout } = await run('find', ['.', '-type', 'f'], installed);
    const files = stdout.split('\n').filter((f) => f !== '');
    expect(files).toContain('./LICENSE');
    expect(files).toContain('./dist/core/index.d.ts');
    expect(files).toContain('./examples/scenarios/resync-walkthrough.json');
    expect(files).toContain('./schemas/scenario.schema.json');
    expect(files).toContain('./adapters/web/static/app.js');
    expect(files).toContain('./schemas/cli-decide.schema.json');
    expect(files).toContain('./dist/cli/agstate.cjs');
    expect(files).toContain('./dist/cli/agstate.cjs.cache');
    expect(files).toContain('./dist/adapters/cli/parallel/worker.bundle.mjs');
    expect(files).toContain('./dist/adapters/cli/parallel/fleet-worker.bundle.mjs');
    expect(manifest.bin).toEqual({ agstate: 'dist/adapters/cli/launch.cjs' });
    expect(
      files.filter((f) =>
        /\.map$|^\.\/dist\/(bench|properties)\/|(chart|schema)\/generate\.|build-bundle|\.test\.|test-support/.test(
          f,
        ),
      ),
    ).toEqual([]);
  });

  it('runs `npx agstate --help` from the installed package', async () => {
    const { stdout } = await run('npx', ['--no-install', 'agstate', '--help'], project);
    expect(stdout).toMatch(/^Usage: agstate \[options\] \[command\]/);
    expect(stdout).toContain('decide');
  });

  it('runs the bundled `agstate` as the modules it was built from run', async () => {
    const cli = join('node_modules', 'agstate', 'dist', 'adapters', 'cli');
    for (const args of [
      ['decide', 'snapshot.json'],
      ['decide', '--json', '--target', 'SQLDR1', 'snapshot.json'],
      ['explain', '--sql-version', '2019', 'three-replica-wsfc.sql'],
      ['decide', 'missing.json'],
      // fast-check, outside the bundle, is required from the installed package's dependencies.
      ['check', '--random', '20', '--seed', '1', '--faults', '1', 'config.json'],
    ]) {
      const bundled = await outcome(process.execPath, [join(cli, 'launch.cjs'), ...args], project);
      const separate = await outcome(process.execPath, [join(cli, 'bin.js'), ...args], project);
      expect(bundled).toEqual(separate);
      expect(bundled.stdout + bundled.stderr).toMatch(/SQLNODE1|missing\.json|random walks/);
    }
    // The snapshot's decisions name its asynchronous disaster-recovery replica.
    const decided = await run(
      'npx',
      ['--no-install', 'agstate', 'decide', 'snapshot.json'],
      project,
    );
    expect(decided.stdout).toContain('SQLDR1');
  });

  it('runs a parallel search from the bundled `agstate` and from the separate modules, both on the bundled worker', async () => {
    const args = ['check', '--workers', '2', '--faults', '0', 'config.json'];
    // Which path a parallel search reports first varies; its answers do not.
    const answers = (text: string) => text.split('\n').filter((l) => l.startsWith('Can '));
    const bundled = await outcome('npx', ['--no-install', 'agstate', ...args], project);
    const separate = await outcome(
      process.execPath,
      [join('node_modules', 'agstate', 'dist', 'adapters', 'cli', 'bin.js'), ...args],
      project,
    );
    expect(bundled.stdout).toContain('search: parallel, 2 workers');
    expect(answers(bundled.stdout)).toHaveLength(5);
    expect(answers(bundled.stdout)).toEqual(answers(separate.stdout));
    expect(bundled.code).toBe(separate.code);
  });

  it('decides a fleet on the bundled fleet workers as on one thread', async () => {
    const files = ['snapshot.json', 'secondary.csv', 'missing.json', 'utf16.json'];
    const one = await outcome(
      'npx',
      ['--no-install', 'agstate', 'decide', '--each', ...files],
      project,
    );
    const two = await outcome(
      'npx',
      ['--no-install', 'agstate', 'decide', '--each', ...files, '--workers', '2'],
      project,
    );
    expect(one.code).toBe(2);
    expect(two).toEqual(one);
    expect(one.stdout.match(/^== .* ==$/gm)).toHaveLength(files.length);
    expect(two.stdout).toContain(
      '== utf16.json ==\n\nAvailability group AGSales: primary SQLNODE1',
    );
  });

  it('serves the visualizer from the bundled `agstate`: its page, its examples, and SIGTERM stops it', async () => {
    const bin = join(project, 'node_modules', 'agstate', 'dist', 'adapters', 'cli', 'launch.cjs');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: project });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await servedUrl(child);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/^<!doctype html>/i);
    const { examples } = (await (await fetch(new URL('/api/examples', url))).json()) as {
      examples: { name: string }[];
    };
    expect(examples.map((e) => e.name)).toContain('scenarios/resync-walkthrough');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('requires none of the packages left outside the bundle to decide on a snapshot', async () => {
    const bin = join(project, 'node_modules', 'agstate', 'dist', 'adapters', 'cli', 'launch.cjs');
    // Every name the bundle asks Node's CommonJS loader for, written when the process ends.
    const hook = join(project, 'requests.cjs');
    await writeFile(
      hook,
      `const Module = require('node:module');
const asked = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { asked.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.REQUESTS, [...asked].join('\\n')));
`,
    );
    const asked = async (args: readonly string[]) => {
      const log = join(project, `requests-${args[0]}.txt`);
      await exec(process.execPath, ['-r', hook, bin, ...args], {
        cwd: project,
        env: { ...process.env, REQUESTS: log },
      });
      return (await readFile(log, 'utf8')).split('\n');
    };
    const OUTSIDE = ['xstate', 'chevrotain', 'iconv-lite', '@viz-js/viz'];
    const decided = await asked(['decide', 'snapshot.json']);
    expect(decided).toContain('node:vm');
    expect(decided.filter((r) => OUTSIDE.includes(r))).toEqual([]);
    // The T-SQL reader is outside: explaining a script asks for its parser.
    expect(await asked(['explain', '--sql-version', '2019', 'three-replica-wsfc.sql'])).toContain(
      'chevrotain',
    );
  });

  it('runs the same without its code cache or with a damaged one, and says so when the bundle is missing', async () => {
    const cli = join(project, 'node_modules', 'agstate', 'dist', 'adapters', 'cli');
    const bundle = join(project, 'node_modules', 'agstate', 'dist', 'cli', 'agstate.cjs');
    const cache = `${bundle}.cache`;
    const args = ['decide', 'snapshot.json'];
    const expected = await outcome(process.execPath, [join(cli, 'bin.js'), ...args], project);
    const kept = await readFile(cache);
    try {
      // Half a cache: V8 refuses it (cachedDataRejected) and compiles the script itself.
      await writeFile(cache, kept.subarray(0, kept.length >> 1));
      expect(await outcome(process.execPath, [join(cli, 'launch.cjs'), ...args], project)).toEqual(
        expected,
      );
      await rm(cache);
      expect(await outcome(process.execPath, [join(cli, 'launch.cjs'), ...args], project)).toEqual(
        expected,
      );
      await rename(bundle, `${bundle}.moved`);
      const missing = await outcome(process.execPath, [join(cli, 'launch.cjs'), ...args], project);
      expect(missing).toEqual({
        code: 3,
        stdout: '',
        stderr: `agstate: internal error: ${bundle} is missing (npm run build makes it)\n`,
      });
    } finally {
      await rename(`${bundle}.moved`, bundle).catch(() => undefined);
      await writeFile(cache, kept);
    }
  });

  it("type-checks the README's examples and a T-SQL example under strict settings, then runs them", async () => {
    const checked = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], project).catch(
      (e: { stdout: string }) => e,
    );
    // Errors in agstate's own declarations or in the examples fail; other libraries' are theirs.
    const ours = checked.stdout
      .split('\n')
      .filter((l) => /^(readme|tsql|verification)\.ts|node_modules\/agstate\//.test(l));
    expect(ours).toEqual([]);
    const readme = await run(process.execPath, ['out/readme.js'], project);
    expect(readme.stdout).toContain('SQLDR1');
    const tsql = await run(process.execPath, ['out/tsql.js'], project);
    expect(JSON.parse(tsql.stdout)).toEqual({
      group: 'SalesAG',
      replicas: ['SQLNODE1', 'SQLNODE2', 'SQLNODE3'],
      violations: 0,
      pairs: 6,
    });
    // The resync example loses acknowledged commits with one fault (quorum lost, forced over to
    // its asynchronous replica): the script says so and fails, as a test suite's gate would.
    const verified = await outcome(process.execPath, ['out/verification.js'], project);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^acknowledgedLoss yes 1 \[/m);
    expect(verified.stdout).toMatch(/^commitsBlocked no undefined undefined$/m);
  });
});
