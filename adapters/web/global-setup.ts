import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PREPARED } from '../cli/parallel/scripts.js';

/**
 * Before the tests: bundles the page's TypeScript into adapters/web/static/app.js, as `npm run
 * build` does, and the workers of `check --workers` and `decide --each --workers` into one folder
 * every test process shares (AGSTATE_WORKER_SCRIPT, AGSTATE_FLEET_WORKER_SCRIPT), removed when
 * the run ends.
 */
export default async function bundleForTests(): Promise<() => void> {
  execFileSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit' });
  const folder = mkdtempSync(join(tmpdir(), 'agstate-worker-'));
  for (const [kind, variable] of Object.entries(PREPARED)) {
    const outfile = join(folder, `${kind}.mjs`);
    await build({
      entryPoints: [`adapters/cli/parallel/${kind}.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'warning',
    });
    process.env[variable] = outfile;
  }
  return () => rmSync(folder, { recursive: true, force: true });
}
