import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputLimitError, type ReadLimits } from './input/limits.js';
import { readBounded } from './node-read.js';

/** The reader behind every command's input, on real files, devices and FIFOs, with small limits. */

const SMALL: ReadLimits = { maxBytes: 1024 * 1024, idleMs: 300 };

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'agstate-read-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const limitOf = async (read: Promise<unknown>): Promise<string> => {
  try {
    await read;
    return 'none';
  } catch (e) {
    return e instanceof InputLimitError ? e.limit : `other: ${String(e)}`;
  }
};

const fifo = (name: string): string => {
  const path = join(scratch, name);
  execFileSync('mkfifo', [path]);
  return path;
};

describe('readBounded', () => {
  it('reads a regular file whole', async () => {
    const path = join(scratch, 'small.json');
    await writeFile(path, '{"name":"AG1"}');
    expect(Buffer.from(await readBounded(path, SMALL)).toString()).toBe('{"name":"AG1"}');
  });

  it('refuses a regular file larger than the cap before reading it', async () => {
    const path = join(scratch, 'big.json');
    await writeFile(path, Buffer.alloc(SMALL.maxBytes + 1, 32));
    expect(await limitOf(readBounded(path, SMALL))).toBe('size');
  });

  it('stops /dev/zero and /dev/urandom at the cap', async () => {
    expect(await limitOf(readBounded('/dev/zero', SMALL))).toBe('size');
    expect(await limitOf(readBounded('/dev/urandom', SMALL))).toBe('size');
  });

  it('gives up on a FIFO nobody writes to, after the idle limit', async () => {
    expect(await limitOf(readBounded(fifo('silent'), SMALL))).toBe('idle');
  });

  it('gives up on a FIFO whose writer keeps it open and sends nothing more', async () => {
    const path = fifo('open');
    const reading = readBounded(path, SMALL);
    // Opening for writing does not block once the reader has it open.
    await new Promise((r) => setTimeout(r, 50));
    const writer = openSync(path, 'w');
    writeSync(writer, '{"a":');
    try {
      expect(await limitOf(reading)).toBe('idle');
    } finally {
      closeSync(writer);
    }
  });

  it('reads a FIFO whose writer sends a document and closes it', async () => {
    const path = fifo('done');
    const reading = readBounded(path, SMALL);
    await new Promise((r) => setTimeout(r, 50));
    const writer = openSync(path, 'w');
    writeSync(writer, '{"name":"AG1"}');
    closeSync(writer);
    expect(Buffer.from(await reading).toString()).toBe('{"name":"AG1"}');
  });

  it('says a directory is one, as reading it would', async () => {
    await expect(readBounded(scratch, SMALL)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
