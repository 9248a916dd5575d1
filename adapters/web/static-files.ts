import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * The page's files, served from adapters/web/static as they are: no bundler, no CDN. Only the
 * files listed there at start-up are served, by exact name, so no path can leave the folder.
 */

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticFile {
  readonly contentType: string;
  readonly body: Buffer;
}

export type StaticFiles = (path: string) => StaticFile | undefined;

export const staticFiles = (dir: string): StaticFiles => {
  if (!existsSync(dir)) throw new Error(`agstate web: the page's files are missing: ${dir}`);
  const served = new Set(readdirSync(dir).filter((f) => TYPES[extname(f)] !== undefined));
  return (path) => {
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (!served.has(name)) return undefined;
    return { contentType: TYPES[extname(name)]!, body: readFileSync(join(dir, name)) };
  };
};
