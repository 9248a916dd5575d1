import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
  // Inside the package's node_modules, so that what a worker loads with require at run time (the
  // packages kept outside its bundle) resolves as it does beside dist/; from the system's temporary
  // folder it did not.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const folder = mkdtempSync(join(cache, 'agstate-worker-'));
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
