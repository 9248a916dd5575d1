import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { packageRoot } from '../chart/generate.js';
import { createApi, isApiPath } from './api.js';
import { toJson } from './json.js';
import { loadSession } from './load.js';
import {
  isLoopbackAddress,
  isLoopbackHost,
  isLoopbackHostHeader,
  loopbackRefusal,
} from './loopback.js';
import { staticFiles } from './static-files.js';

export interface ServerOptions {
  /** A loopback address or "localhost"; anything else is refused. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The bundled example loaded at start (default: resync-three-replicas); null loads nothing. */
  readonly example?: string | null;
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

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  res.end(body);
};

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', toJson(body));

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  // A JSON content type cannot be sent cross-origin without a preflight, which this server never
  // grants: other sites' pages cannot drive the session.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    throw new HttpError(415, 'send the body as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'the body is larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
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

/**
 * Serves the visualizer: the page and its JSON API, on a loopback address only. node:http, no
 * framework; one session per server.
 */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { host, port } = options;
  if (!isLoopbackHost(host)) throw new Error(loopbackRefusal(host));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`agstate web: the port must be a whole number from 0 to 65535, not ${port}`);

  const root = packageRoot();
  const examplesDir = join(root, 'examples');
  const files = staticFiles(join(root, 'adapters', 'web', 'static'));
  const example = options.example === undefined ? DEFAULT_EXAMPLE : options.example;
  let initial = null;
  if (example !== null) {
    const loaded = loadSession({ example }, examplesDir);
    if (E.isLeft(loaded))
      throw new Error(`agstate web: ${loaded.left.message} ${loaded.left.problems.join('; ')}`);
    initial = loaded.right;
  }
  const api = createApi(examplesDir, initial);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopbackHostHeader(req.headers.host))
      throw new HttpError(403, 'this server answers only requests addressed to a loopback name');
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    const method = req.method ?? 'GET';
    if (isApiPath(path)) {
      const body = method === 'POST' ? await readBody(req) : undefined;
      const answer = await api.handle(method, path, body);
      sendJson(res, answer.status, answer.body);
      return;
    }
    const file = method === 'GET' || method === 'HEAD' ? files(path) : undefined;
    if (file === undefined) throw new HttpError(404, `no ${method} ${path}`);
    send(res, 200, file.contentType, method === 'HEAD' ? '' : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const error = e instanceof Error ? e.message : String(e);
      if (!res.headersSent) sendJson(res, status, { error, problems: [] });
      else res.destroy();
    });
  });

  const address = await listen(server, host, port);
  // "localhost" is resolved by the system; make sure it really gave a loopback address.
  if (!isLoopbackAddress(address.address)) {
    await new Promise((resolve) => server.close(resolve));
    throw new Error(loopbackRefusal(`${host} (${address.address})`));
  }
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeAllConnections();
      }),
  };
};
