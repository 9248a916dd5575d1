import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this module with agstate's package.json. Its own
 * module, because the chart generator (which uses it too) is not shipped in the package while the
 * visualizer's server, which needs it at run time, is.
 */
export const packageRoot = (from: string = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"agstate"/.test(readFileSync(manifest, 'utf8'))) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no agstate package.json above ${from}`);
  }
};
