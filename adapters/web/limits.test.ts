import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_DATABASES } from './load.js';
import { type RunningServer, startServer } from './server.js';

/**
 * What the server refuses before any work: requests from other sites, ambiguous Host headers,
 * oversized or absurdly nested bodies, and groups beyond the documented maxima.
 */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0, work: 'inline' });
});
afterAll(() => server.close());

interface Reply {
  readonly status: number;
  readonly body: { readonly error?: string; readonly problems?: readonly string[] };
}

/** A raw request, so that Host, Origin and Sec-Fetch-Site are exactly what a test says. */
const raw = (
  method: string,
  path: string,
  headers: readonly [string, string][],
  body?: string,
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(server.url);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: headers.flat(),
        setHost: false,
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => {
          const isJson = /json/.test(res.headers['content-type'] ?? '');
          resolve({ status: res.statusCode ?? 0, body: isJson ? JSON.parse(text) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const host = (): [string, string] => ['Host', new URL(server.url).host];
const json: [string, string] = ['Content-Type', 'application/json'];
const loadBody = JSON.stringify({ example: 'resync-three-replicas' });

describe('state-changing requests come from the page itself', () => {
  it('takes a POST from the page (same-origin) and from a client without Fetch Metadata', async () => {
    const origin = `http://${new URL(server.url).host}`;
    expect(
      (
        await raw(
          'POST',
          '/api/load',
          [host(), json, ['Origin', origin], ['Sec-Fetch-Site', 'same-origin']],
          loadBody,
        )
      ).status,
    ).toBe(200);
    expect((await raw('POST', '/api/load', [host(), json], loadBody)).status).toBe(200);
  });

  it('refuses a POST another site makes a browser send (Sec-Fetch-Site: cross-site or same-site)', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await raw('POST', '/api/event', [host(), json, ['Sec-Fetch-Site', site]], '{}');
      expect(r.status).toBe(403);
      expect(r.body.error).toBe(`a ${site} request cannot change the session`);
    }
  });

  it('refuses a POST whose Origin is another site, even without Fetch Metadata', async () => {
    const r = await raw(
      'POST',
      '/api/load',
      [host(), json, ['Origin', 'http://attacker.example']],
      loadBody,
    );
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(
      /^a request from http:\/\/attacker\.example cannot change the session/,
    );
  });

  it('still answers reads from a cross-site navigation with the page', async () => {
    expect((await raw('GET', '/', [host(), ['Sec-Fetch-Site', 'cross-site']])).status).toBe(200);
  });
});

describe('the Host header', () => {
  it('refuses two Host headers, even when both are loopback names', async () => {
    const r = await raw('GET', '/api/view', [host(), host()]);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('a request needs exactly one Host header');
  });

  it('refuses a request without a Host header', async () => {
    expect((await raw('GET', '/api/view', [])).status).toBe(400);
  });
});

describe('bodies', () => {
  it('refuses a body over 1 MB with 413, by its declared length or by what arrives', async () => {
    const big = JSON.stringify({ json: ' '.repeat(1_100_000) });
    expect((await raw('POST', '/api/load', [host(), json], big)).status).toBe(413);
  });

  it('refuses thousands of nested brackets with their place, not a stack overflow or a 500', async () => {
    const deep = `{"event": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const r = await raw('POST', '/api/event', [host(), json], deep);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^the body at 1:\d+: the JSON is nested too deeply/);
  });

  it('refuses pasted JSON nested thousands deep with its line and column, 422', async () => {
    const pasted = `{\n "name": ${'['.repeat(5000)}`;
    const r = await raw('POST', '/api/load', [host(), json], JSON.stringify({ json: pasted }));
    expect(r.status).toBe(422);
    expect(r.body.problems?.[0]).toMatch(/^2:\d+: the JSON is nested too deeply/);
  });
});

describe('groups beyond the documented maxima', () => {
  const group = (replicas: number, databases: number) => ({
    name: 'AGBIG',
    version: 2022,
    databases: Array.from({ length: databases }, (_, i) => `DB${i + 1}`),
    replicas: Array.from({ length: replicas }, (_, i) => ({
      name: `SQL${i + 1}`,
      endpointUrl: `TCP://sql${i + 1}.contoso.com:5022`,
      availabilityMode: 'ASYNCHRONOUS_COMMIT',
      failoverMode: 'MANUAL',
    })),
  });
  const load = (doc: unknown) =>
    raw('POST', '/api/load', [host(), json], JSON.stringify({ json: JSON.stringify(doc) }));

  it('refuses ten replicas: a primary and at most eight secondaries (SQL Server 2014 and later)', async () => {
    const r = await load(group(10, 1));
    expect(r.status).toBe(422);
    expect(r.body.problems?.join(' ')).toMatch(/TOO_MANY_REPLICAS/);
  });

  it(`refuses more than ${MAX_PAGE_DATABASES} databases, naming the documented count`, async () => {
    const r = await load(group(2, MAX_PAGE_DATABASES + 1));
    expect(r.status).toBe(422);
    expect(r.body.error).toBe(
      `pasted JSON: the group has ${MAX_PAGE_DATABASES + 1} databases; the page shows at most ${MAX_PAGE_DATABASES}`,
    );
    expect(r.body.problems?.[0]).toMatch(/Microsoft tested 100 per machine/);
  });
});
