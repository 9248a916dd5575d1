import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/**
 * The page's files, served from adapters/web/static as they are (no bundler, no CDN) by sirv:
 * its production mode lists the folder once at start-up and serves only those files, by exact
 * name, so no path can leave the folder; it also answers HEAD, ETag revalidation and ranges, and
 * takes content types from a maintained table (mrmime) instead of a hand-kept one.
 */
export type StaticFiles = (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void;

export const staticFiles = (dir: string): StaticFiles => {
  if (!existsSync(dir)) throw new Error(`agstate web: the page's files are missing: ${dir}`);
  const serve = sirv(dir, { dev: false, etag: true, dotfiles: false, extensions: ['html'] });
  return (req, res, notFound) => serve(req, res, notFound);
};
