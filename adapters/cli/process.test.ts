import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedUrl } from './serve-test-support.js';
import { ROOT } from './test-support.js';

/** The real process, built afresh: what a shell sees (stdout, stderr, exit status). */

const execFileAsync = promisify(execFile);

/** The environment without what picocolors reads, so each test says what it sets. */
const { CI: _ci, FORCE_COLOR: _force, NO_COLOR: _no, ...withoutColourSettings } = process.env;
const BIN = join(ROOT, 'dist', 'adapters', 'cli', 'bin.js');

interface Finished {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const agstate = async (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> => {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...withoutColourSettings, ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

/** Run with `input` on standard input. */
const agstateWithInput = (args: readonly string[], input: string): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });

let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'agstate-cli-'));
  // The emitted JavaScript is what `npm start` and the `agstate` bin run; compile it now so the
  // test never runs a stale build. Type errors elsewhere in the tree do not stop the emit.
  await execFileAsync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    {
      cwd: ROOT,
    },
  ).catch((e: { stdout?: string }) => e);
}, 180_000);

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the agstate process', () => {
  it('exits 0 with the decisions for a snapshot', async () => {
    const r = await agstate(['decide', 'examples/snapshots/primary.json', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toHaveProperty('result.decisions.group.primary', 'SQLNODE1');
  });

  it('prints one line and exits 2 for a missing file, bad JSON and an unknown option', async () => {
    const missing = await agstate(['validate', 'no-such-file.json']);
    expect(missing).toEqual({
      status: 2,
      stdout: '',
      stderr: 'agstate validate: no-such-file.json: no such file\n',
    });
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{\n  "name": "AG",\n  "replicas": [\n}\n');
    expect(await agstate(['validate', broken])).toEqual({
      status: 2,
      stdout: '',
      stderr: `agstate validate: ${broken}:4:1: invalid JSON: expected a value\n`,
    });
    const option = await agstate(['decide', 'x.json', '--nope']);
    expect(option).toEqual({
      status: 2,
      stdout: '',
      stderr: "agstate decide: unknown option '--nope' (see agstate decide --help)\n",
    });
  });

  it('exits 1 when the configuration breaks documented rules', async () => {
    const config = JSON.parse(
      await readFile(join(ROOT, 'examples', 'resync-three-replicas.json'), 'utf8'),
    ) as {
      replicas: { backupPriority?: number }[];
    };
    config.replicas[0]!.backupPriority = 500;
    const file = join(scratch, 'priority.json');
    await writeFile(file, JSON.stringify(config));
    const r = await agstate(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[BACKUP_PRIORITY_OUT_OF_RANGE]');
  });

  it('check --workers 2 runs the built search worker and answers as one thread', async () => {
    const args = ['check', 'examples/resync-three-replicas.json', '--commits', '1', '--json'];
    const one = await agstate(args);
    const two = await agstate([...args, '--workers', '2']);
    expect(two.stderr).toBe('');
    expect(two.status).toBe(one.status);
    type Checked = {
      result: { result: { search: unknown; answers: Record<string, { answer: boolean }> } };
    };
    const answers = (r: Finished) =>
      Object.fromEntries(
        Object.entries((JSON.parse(r.stdout) as Checked).result.result.answers).map(([id, a]) => [
          id,
          a.answer,
        ]),
      );
    expect(answers(two)).toEqual(answers(one));
    expect((JSON.parse(two.stdout) as Checked).result.result.search).toMatchObject({
      kind: 'parallel',
      workers: 2,
    });
  });

  it('reads a snapshot from standard input', async () => {
    const csv = await readFile(join(ROOT, 'examples', 'snapshots', 'primary.csv'), 'utf8');
    const r = await agstateWithInput(['decide', '-', '--json'], csv);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('input.file', '-');
    const garbage = await agstateWithInput(['decide', '-'], 'not a snapshot\n');
    expect(garbage.status).toBe(2);
    expect(garbage.stderr.split('\n')).toHaveLength(2);
  });

  it('stops reading an endless device at the size cap: exit 2, one line, no hang', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const r = await agstate(['decide', device]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `agstate decide: ${device}: the input is larger than 64 MiB; agstate reads at most that much (a snapshot of nine replicas and thousands of databases is far smaller)\n`,
      );
    }
  });

  it('serve keeps answering while its worker loads a large group, and SIGTERM stops it midway', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await servedUrl(child);
    // Nine replicas (the documented maximum) and 400 databases: seconds of work for the session.
    const group = {
      name: 'AGBIG',
      version: 2022,
      databases: Array.from({ length: 400 }, (_, i) => `DB${i + 1}`),
      replicas: Array.from({ length: 9 }, (_, i) => ({
        name: `SQL${i + 1}`,
        endpointUrl: `TCP://sql${i + 1}.contoso.com:5022`,
        availabilityMode: i < 3 ? 'SYNCHRONOUS_COMMIT' : 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
      })),
    };
    let loadStatus: number | 'not answered' | 'connection closed' = 'not answered';
    const loading = fetch(new URL('/api/load', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ json: JSON.stringify(group) }),
    }).then(
      (r) => {
        loadStatus = r.status;
      },
      () => {
        loadStatus = 'connection closed';
      },
    );
    // Wait until the worker has taken the load, then ask the server's own thread.
    let progress = { busy: false, task: '' };
    while (!progress.busy && loadStatus === 'not answered')
      progress = (await (await fetch(new URL('/api/progress', url))).json()) as typeof progress;
    expect(progress.task).toMatch(/^POST \/api\/load/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<!doctype html>/i);
    expect(loadStatus).toBe('not answered');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await loading;
    expect(loadStatus).not.toBe(200);
  });

  it('check stops at Ctrl-C, and at --max-seconds, and prints what the search found', async () => {
    // Five replicas and two databases at 2 faults: a search of minutes.
    const replica = (i: number) => ({
      name: `R${i}`,
      endpointUrl: `TCP://r${i}:5022`,
      availabilityMode: i <= 3 ? 'SYNCHRONOUS_COMMIT' : 'ASYNCHRONOUS_COMMIT',
      failoverMode: i <= 3 ? 'AUTOMATIC' : 'MANUAL',
    });
    const file = join(scratch, 'five.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'FIVE',
        version: 2019,
        databases: ['DB1', 'DB2'],
        replicas: [1, 2, 3, 4, 5].map(replica),
      }),
    );
    const child = spawn(process.execPath, [BIN, 'check', file, '--faults', '2', '--json'], {
      cwd: ROOT,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    child.kill('SIGINT');
    // The command's own exit (1 once the search has found a "yes", 4 before: unknown), not Ctrl-C's.
    expect([1, 4]).toContain(await exited);
    const interrupted = JSON.parse(stdout) as {
      result: { result: { complete: boolean; stopped: string; statesExplored: number } };
    };
    expect(interrupted.result.result.complete).toBe(false);
    expect(interrupted.result.result.stopped).toMatch(/^the search was interrupted \(Ctrl-C\)$/);
    const started = Date.now();
    const timed = await agstate(['check', file, '--faults', '2', '--max-seconds', '1']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect([1, 4]).toContain(timed.status);
    expect(timed.stdout).toMatch(
      /the search reached its time limit \(--max-seconds 1\): what it did not find is unknown, not "no"/,
    );
  });

  it('runs the bundled example as npm start does, without colour when piped', async () => {
    const r = await agstate(['simulate', 'examples/scenarios/resync-walkthrough.json']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('SEED004 resynchronization walk-through\n')).toBe(true);
    expect(r.stdout).toContain('Decisions after the last step');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours as picocolors detects it: FORCE_COLOR and --color force it, NO_COLOR and --no-color win', async () => {
    // https://force-color.org and https://no-color.org: the conventions picocolors reads.
    const example = ['validate', 'examples/resync-three-replicas.json'];
    const green = '\u001b[32mvalid\u001b[39m';
    expect((await agstate(example, { FORCE_COLOR: '1' })).stdout).toContain(green);
    expect((await agstate([...example, '--color'])).stdout).toContain(green);
    expect((await agstate(example, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain(
      '\u001b[',
    );
    expect((await agstate([...example, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain(
      '\u001b[',
    );
  });
});

/**
 * The modules a process resolves, recorded by a resolve hook (node:module register): decide's
 * start is mostly module loading (bench/README.md, CLI), so what it must not load is asserted.
 */
const resolvedBy = async (name: string, args: readonly string[]): Promise<readonly string[]> => {
  const log = join(scratch, `${name}.txt`);
  const hook = join(scratch, `${name}-hook.mjs`);
  const register = join(scratch, `${name}-register.mjs`);
  await writeFile(
    hook,
    `import { appendFileSync } from 'node:fs';
export const resolve = async (specifier, context, next) => {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
};
`,
  );
  await writeFile(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
  );
  await writeFile(log, '');
  await execFileAsync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
    cwd: ROOT,
    env: withoutColourSettings,
  });
  return (await readFile(log, 'utf8')).split('\n').filter((u) => u !== '');
};

/** What deciding on an ordinary group's snapshot needs none of. */
const NOT_FOR_A_SNAPSHOT = [
  '/node_modules/xstate/',
  '/node_modules/chevrotain/',
  '/node_modules/csv-parse/',
  '/node_modules/wrap-ansi/',
  '/core/machines/',
  '/core/kernel/',
  '/core/cluster/step.js',
  '/core/distributed/step.js',
  '/adapters/tsql/script.js',
  '/adapters/web/',
];

describe('what decide loads', () => {
  it('judges a JSON snapshot without the model group, the T-SQL reader, csv-parse or wrap-ansi', async () => {
    const loaded = await resolvedBy('json', ['decide', 'examples/snapshots/primary.json']);
    expect(loaded.some((u) => u.endsWith('/adapters/cli/commands/decide.js'))).toBe(true);
    expect(loaded.filter((u) => NOT_FOR_A_SNAPSHOT.some((m) => u.includes(m)))).toEqual([]);
  });

  it('loads csv-parse for a CSV snapshot, and the model group for a distributed scenario', async () => {
    const csv = await resolvedBy('csv', ['decide', 'examples/snapshots/primary.csv']);
    expect(csv.some((u) => u.includes('/node_modules/csv-parse/'))).toBe(true);
    expect(csv.some((u) => u.includes('/core/machines/'))).toBe(false);
    const scenario = await resolvedBy('scenario', [
      'decide',
      'examples/scenarios/dag-migration.json',
    ]);
    expect(scenario.some((u) => u.includes('/core/distributed/step.js'))).toBe(true);
  });
});
