import { describe, expect, it } from 'vitest';
import { json, linesOf, run } from './test-support.js';

describe('agstate serve', () => {
  it('starts the visualizer on loopback by default and returns when it stops', async () => {
    const r = await run(['serve']);
    expect(r.code).toBe(0);
    expect(r.served).toEqual([{ host: '127.0.0.1' }]);
    expect(r.stdout).toBe('agstate: the visualizer is at http://127.0.0.1:0/ (Ctrl-C stops it)\n');
  });

  it('prints its address as one JSON document with --json', async () => {
    const r = await run(['serve', '--port', '8080', '--json']);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({
      command: 'serve',
      input: { host: '127.0.0.1', port: 8080 },
      result: { url: 'http://127.0.0.1:8080/' },
      error: null,
    });
  });

  it('passes the port, host and example on', async () => {
    const r = await run([
      'serve',
      '--port',
      '8080',
      '--host',
      'localhost',
      '--example',
      'scenarios/resync-walkthrough',
    ]);
    expect(r.code).toBe(0);
    expect(r.served).toEqual([
      { port: 8080, host: 'localhost', example: 'scenarios/resync-walkthrough' },
    ]);
  });

  it('refuses a port that is not one, before starting anything', async () => {
    const r = await run(['serve', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.served).toEqual([]);
    expect(r.stderr).toBe(
      "agstate serve: option '--port <n>' argument '70000' is invalid. expected a port number from 0 to 65535 (0: any free port) (see agstate serve --help)\n",
    );
  });

  it('reports a server that cannot start on one line, exit 2', async () => {
    const inUse = Object.assign(
      new Error('listen EADDRINUSE: address already in use 127.0.0.1:8080'),
      {
        code: 'EADDRINUSE',
      },
    );
    const busy = await run(['serve', '--port', '8080'], { serve: () => Promise.reject(inUse) });
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe('agstate serve: 127.0.0.1:8080 is already in use\n');
    const refused = await run(['serve', '--host', '0.0.0.0'], {
      serve: () =>
        Promise.reject(new Error('agstate web: refusing to listen on "0.0.0.0":\nloopback only')),
    });
    expect(refused.code).toBe(2);
    expect(linesOf(refused.stderr)).toEqual([
      'agstate serve: refusing to listen on "0.0.0.0": loopback only',
    ]);
  });
});
