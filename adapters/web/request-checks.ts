import type { IncomingMessage } from 'node:http';
import { isLoopbackHostHeader } from './loopback.js';

/**
 * What a request must show before the server looks at it. A page on another site can point a
 * browser at this server: DNS rebinding gives it a foreign Host name, and a plain cross-site form
 * or fetch carries the other site's Origin and `Sec-Fetch-Site: cross-site`.
 */

export interface Refusal {
  readonly status: number;
  readonly message: string;
}

const hostHeaders = (req: IncomingMessage): number => {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]?.toLowerCase() === 'host') count++;
  return count;
};

/** Safe methods read; every other one changes the session. */
const changesState = (method: string): boolean => method !== 'GET' && method !== 'HEAD';

export const refusal = (req: IncomingMessage): Refusal | undefined => {
  // Node keeps the first of several Host headers; a proxy may have used another: refuse both.
  if (hostHeaders(req) !== 1)
    return { status: 400, message: 'a request needs exactly one Host header' };
  const host = req.headers.host;
  if (!isLoopbackHostHeader(host))
    return {
      status: 403,
      message: 'this server answers only requests addressed to a loopback name',
    };
  if (!changesState(req.method ?? 'GET')) return undefined;
  // Browsers send Sec-Fetch-Site on every request (Fetch Metadata); "none" is the user's own
  // navigation. Clients without it (curl, scripts) send no Origin either, or the page's own.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { status: 403, message: `a ${site} request cannot change the session` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return {
      status: 403,
      message: `a request from ${origin} cannot change the session; only the page's own origin can`,
    };
  return undefined;
};
