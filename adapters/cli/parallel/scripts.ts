import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FLEET_WORKER_BUNDLE, WORKER_BUNDLE } from './worker-bundle.js';

/**
 * Where a worker thread's script is: the search worker of `check --workers` or the fleet worker
 * of `decide --each --workers`. The build's one-module bundle beside this module, or the built
 * module, or, when this module runs from its TypeScript source, the one the test run bundled
 * (adapters/web/global-setup.ts), or else the worker bundled once with esbuild into a temporary
 * folder in the package's node_modules.
 */
export type WorkerKind = 'worker' | 'fleet-worker';

const BUNDLES: Readonly<Record<WorkerKind, string>> = {
  worker: WORKER_BUNDLE,
  'fleet-worker': FLEET_WORKER_BUNDLE,
};

/** The variable the test run names each bundled worker in. */
export const PREPARED: Readonly<Record<WorkerKind, string>> = {
  worker: 'AGSTATE_WORKER_SCRIPT',
  'fleet-worker': 'AGSTATE_FLEET_WORKER_SCRIPT',
};

const bundled = new Map<WorkerKind, Promise<URL>>();

export const workerScript = (kind: WorkerKind): Promise<URL> => {
  const fromBuild = import.meta.url.endsWith('.js');
  // The build's one-module bundle of the worker loads faster than its separate modules.
  const bundle = new URL(`./${BUNDLES[kind]}`, import.meta.url);
  if (fromBuild && existsSync(fileURLToPath(bundle))) return Promise.resolve(bundle);
  const built = new URL(`./${kind}.js`, import.meta.url);
  if (fromBuild && existsSync(fileURLToPath(built))) return Promise.resolve(built);
  const prepared = process.env[PREPARED[kind]];
  if (prepared !== undefined && existsSync(prepared))
    return Promise.resolve(pathToFileURL(prepared));
  const known = bundled.get(kind);
  if (known !== undefined) return known;
  const made = (async () => {
    const { build } = await import('esbuild');
    // Inside the package's node_modules, where what the worker requires at run time resolves.
    const cache = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));
    await mkdir(cache, { recursive: true });
    const folder = await mkdtemp(join(cache, 'agstate-worker-'));
    // The bundle serves this process only: it goes when the process does.
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const outfile = join(folder, `${kind}.mjs`);
    await build({
      entryPoints: [fileURLToPath(new URL(`./${kind}.ts`, import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'warning',
    });
    return pathToFileURL(outfile);
  })();
  bundled.set(kind, made);
  return made;
};
