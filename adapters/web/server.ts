import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Router from 'find-my-way';
import { jsonTooDeep } from '../json-nesting.js';
import { packageRoot } from '../package-root.js';
import { ROUTES } from './api.js';
import { toJson } from './json.js';
import { isLoopbackAddress, isLoopbackHost, loopbackRefusal } from './loopback.js';
import { refusal } from './request-checks.js';
import { staticFiles } from './static-files.js';
import { inlineWork, type SessionWork, workerScript, workerWork } from './work.js';

export interface ServerOptions {
  /** A loopback address or "localhost"; anything else is refused. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The bundled example loaded at start (default: resync-three-replicas); null loads nothing. */
  readonly example?: string | null;
  /**
   * 'worker' (the default when the built worker script is there): the session runs in a worker
   * thread with a time limit per request; 'inline': on the server's thread, without one.
   */
  readonly work?: 'worker' | 'inline';
  /** A request the session works on longer than this is stopped (default two minutes). */
  readonly timeLimitMs?: number;
}

export interface RunningServer {
  /** http://<address>:<port>/ */
  readonly url: string;
  readonly close: () => Promise<void>;
}

export const DEFAULT_EXAMPLE = 'resync-three-replicas';

/** Bodies are configurations and events; a megabyte is far beyond any real one. */
const MAX_BODY_BYTES = 1_000_000;

/** The page's scripts and styles come from its own files only, so injected markup cannot run. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const withSecurityHeaders = (res: ServerResponse): void => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
};

const sendJsonText = (res: ServerResponse, status: number, json: string): void => {
  withSecurityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(json);
};

const sendError = (res: ServerResponse, status: number, error: string): void =>
  sendJsonText(res, status, toJson({ error, problems: [] }));

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  // A JSON content type cannot be sent cross-origin without a preflight, which this server never
  // grants: other sites' pages cannot drive the session.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    throw new HttpError(415, 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'the body is larger than 1 MB');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'the body is larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const deep = jsonTooDeep(text);
  if (deep !== undefined)
    throw new HttpError(400, `the body at ${deep.line}:${deep.column}: ${deep.message}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
};

const listen = (server: ReturnType<typeof createServer>, host: string, port: number) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });

const startWork = async (options: ServerOptions, examplesDir: string): Promise<SessionWork> => {
  const example = options.example === undefined ? DEFAULT_EXAMPLE : options.example;
  const script = workerScript();
  const mode = options.work ?? (script === undefined ? 'inline' : 'worker');
  const settings = {
    examplesDir,
    example,
    timeLimitMs: options.timeLimitMs ?? 120_000,
    maxWaiting: 1000,
  };
  if (mode === 'inline') return inlineWork(settings);
  if (script === undefined)
    throw new Error('agstate web: the worker script is not built (npm run build)');
  return workerWork(script, settings);
};

/**
 * Serves the visualizer: the page and its JSON API, on a loopback address only. find-my-way
 * routes, sirv serves the page's files, and the session works in a worker thread so that a large
 * group never stalls the server.
 */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { host, port } = options;
  if (!isLoopbackHost(host)) throw new Error(loopbackRefusal(host));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`agstate web: the port must be a whole number from 0 to 65535, not ${port}`);

  const root = packageRoot();
  const files = staticFiles(join(root, 'adapters', 'web', 'static'));
  const work = await startWork(options, join(root, 'examples'));

  const notFound = (req: IncomingMessage, res: ServerResponse): void =>
    sendError(
      res,
      404,
      `no ${req.method ?? 'GET'} ${new URL(req.url ?? '/', 'http://loopback').pathname}`,
    );
  const router = Router({
    defaultRoute: notFound,
    onBadUrl: (path, _req, res) => sendError(res, 400, `not a path: ${path}`),
  });

  const api = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : undefined;
    const answer = await work.request(method, path, body);
    sendJsonText(res, answer.status, answer.json);
  };
  for (const route of Object.keys(ROUTES)) {
    const [method, path] = route.split(' ') as ['GET' | 'POST', string];
    router.on(method, path, (req, res) => api(req, res, path));
  }
  // What the session is working on, answered at once even while it works.
  router.on('GET', '/api/progress', (_req, res) => sendJsonText(res, 200, toJson(work.progress())));
  router.on(['GET', 'HEAD'], '/*', (req, res) => {
    withSecurityHeaders(res);
    files(req, res, () => notFound(req, res));
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = refusal(req);
    if (refused !== undefined) throw new HttpError(refused.status, refused.message);
    await router.lookup(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const error = e instanceof Error ? e.message : String(e);
      // The rest of a refused body is never read: the connection cannot carry another request.
      if (status === 413 && !res.headersSent) res.setHeader('Connection', 'close');
      if (!res.headersSent) sendError(res, status, error);
      else res.destroy();
    });
  });

  const address = await listen(server, host, port).catch(async (e: unknown) => {
    await work.close();
    throw e;
  });
  // "localhost" is resolved by the system; make sure it really gave a loopback address.
  if (!isLoopbackAddress(address.address)) {
    await new Promise((resolve) => server.close(resolve));
    await work.close();
    throw new Error(loopbackRefusal(`${host} (${address.address})`));
  }
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((e) => (e === undefined ? resolve() : reject(e)));
          server.closeAllConnections();
        }),
        work.close(),
      ]);
    },
  };
};
