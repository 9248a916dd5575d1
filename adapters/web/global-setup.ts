import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Before the tests: bundles the page's TypeScript into adapters/web/static/app.js, as `npm run
 * build` does, and the search worker of `check --workers` into one folder every test process
 * shares (AGSTATE_WORKER_SCRIPT), removed when the run ends.
 */
export default async function bundleForTests(): Promise<() => void> {
  execFileSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit' });
  const folder = mkdtempSync(join(tmpdir(), 'agstate-worker-'));
  const outfile = join(folder, 'worker.mjs');
  await build({
    entryPoints: ['adapters/cli/parallel/worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  process.env.AGSTATE_WORKER_SCRIPT = outfile;
  return () => rmSync(folder, { recursive: true, force: true });
}
