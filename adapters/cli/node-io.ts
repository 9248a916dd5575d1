import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exit.js';
import type { Io } from './io.js';
import { threadHeap } from './memory-stop.js';
import { readBounded } from './node-read.js';
import { terminalProgress } from './progress.js';
import { pc } from './render/style.js';

/** The version in agstate's package.json, found above this module (in the sources or in dist). */
const packageVersion = (): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'agstate' && typeof manifest.version === 'string')
        return manifest.version;
    } catch {
      // No readable package.json here: look one folder up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
};

/**
 * A reader that stops early (`agstate decide … | head`) closes the pipe; what is left to write is
 * dropped quietly instead of surfacing as an unhandled stream error with a stack trace.
 */
const quietOnClosedPipe = (stream: NodeJS.WriteStream): void => {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    if (stream !== process.stderr)
      process.stderr.write(`agstate: cannot write the output: ${e.code ?? e.message}\n`);
    process.exitCode = EXIT.internal;
  });
};

/** The real capabilities of a Node process. The web adapter loads only when `serve` runs. */
export const nodeIo = (): Io => {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // picocolors reads FORCE_COLOR, NO_COLOR, TERM=dumb, CI, --color and --no-color itself.
    color: pc.isColorSupported,
    version: packageVersion(),
    columns: process.stdout.columns ?? 80,
    width: process.stdout.isTTY === true ? (process.stdout.columns ?? 80) : null,
    progress: terminalProgress,
    heap: threadHeap,
    clock: () => performance.now(),
    randomSeed: () => randomInt(2 ** 31 - 1),
    interrupts: () => {
      let seen = false;
      const interrupted = () => {
        seen = true;
      };
      // Once: while this listener is on, Ctrl-C does not end the process; the next one does.
      process.once('SIGINT', interrupted);
      return {
        interrupted: () => seen,
        release: () => {
          process.removeListener('SIGINT', interrupted);
        },
      };
    },
    readFile: readBounded,
    writeFile: async (path, text) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
    serve: async (request, listening) => {
      const { serve } = await import('../web/index.js');
      // The command prints the address itself, as text or as JSON.
      const serving = await serve(request, { stdout: () => {} });
      listening(serving.url);
      await serving.closed;
    },
  };
};
