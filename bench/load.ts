import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * A bounded load test of `agstate serve`, on loopback only: the server runs as its own process
 * (as a user starts it), 200 clients send a fixed number of requests between them and stop. The
 * mix is what the page does: its files, the view, progress, and stepping the trace back and
 * forth. Prints requests per second, latency percentiles, the server's peak memory and every
 * error (a non-2xx answer or a failed connection).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLIENTS = 200;
const REQUESTS = Number(process.env.AGSTATE_BENCH_REQUESTS ?? 20_000);

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

const MIX: readonly Call[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/app.js' },
  { method: 'GET', path: '/api/view' },
  { method: 'GET', path: '/api/progress' },
  { method: 'POST', path: '/api/cursor', body: '{"to":0}' },
  { method: 'GET', path: '/api/examples' },
];

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** The server's peak resident memory so far (VmHWM), in MiB. */
const peakMemory = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
};

const startServe = (): Promise<{ url: URL; pid: number; stop: () => Promise<number | null> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/adapters/cli/bin.js', 'serve', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (found !== null)
        resolve({
          url: new URL(found[0]),
          pid: child.pid ?? 0,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    child.on('error', reject);
    void exited.then(() => reject(new Error(`serve stopped before printing its URL: ${out}`)));
  });

export const loadBench = async (): Promise<null> => {
  const server = await startServe();
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const once = (call: Call): Promise<number> =>
    new Promise((resolve) => {
      const req = request(
        {
          agent,
          host: server.url.hostname,
          port: server.url.port,
          method: call.method,
          path: call.path,
          headers: call.body === undefined ? {} : { 'Content-Type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(call.body);
    });

  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let next = 0;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakMemory(server.pid));
  }, 200);
  const client = async (): Promise<void> => {
    while (next < REQUESTS) {
      const call = MIX[next++ % MIX.length]!;
      const started = performance.now();
      const status = await once(call);
      latencies.push(performance.now() - started);
      if (status < 200 || status > 299) {
        const key = `${call.method} ${call.path} → ${status === 0 ? 'connection failed' : status}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, peakMemory(server.pid));
  agent.destroy();
  const code = await server.stop();
  const sorted = latencies.sort((a, b) => a - b);
  const errorText =
    errors.size === 0 ? 'none' : [...errors].map(([k, n]) => `${k} ×${n}`).join(', ');
  process.stdout.write(
    `agstate serve under ${CLIENTS} concurrent clients, ${REQUESTS.toLocaleString('en-US')} requests (page, script, view, progress, cursor, examples): ${Math.round(REQUESTS / seconds).toLocaleString('en-US')} requests/s, latency median ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms; server peak memory ${peak.toFixed(0)} MiB; errors: ${errorText}; stopped by SIGTERM with exit ${code}\n`,
  );
  return null;
};
