import { constants, createReadStream, open } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { type ReadLimits, tooLarge, tooQuiet } from './input/limits.js';

/** A stream's bytes, up to the size cap, refused when it stays silent for the idle limit. */
export const collect = (stream: Readable, limits: ReadLimits): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = (e: Error): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      reject(e);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => stop(tooQuiet(limits)), limits.idleMs);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return stop(tooLarge(limits));
      chunks.push(chunk);
      arm();
    });
    stream.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    stream.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    arm();
  });

const isDirectory = (path: string): Error =>
  Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });

/**
 * A file's bytes within the limits; `-` is standard input. A FIFO is opened without blocking, so
 * one that no program writes to runs into the idle limit instead of hanging the command; devices
 * such as /dev/zero run into the size cap.
 */
export const readBounded = async (path: string, limits: ReadLimits): Promise<Uint8Array> => {
  if (path === '-') return collect(process.stdin, limits);
  const info = await stat(path);
  if (info.isDirectory()) throw isDirectory(path);
  if (info.isFile()) {
    if (info.size > limits.maxBytes) throw tooLarge(limits);
    // A regular file is read whole, without the stream machinery (node:net and the streams cost
    // every command's start a few milliseconds); one that grew past the cap since is refused.
    const bytes = await readFile(path);
    if (bytes.length > limits.maxBytes) throw tooLarge(limits);
    return bytes;
  }
  if (info.isFIFO()) {
    const { Socket } = await import('node:net');
    // A plain descriptor, not a FileHandle: the socket owns it and closes it.
    const fd = await promisify(open)(path, constants.O_RDONLY | constants.O_NONBLOCK);
    return collect(new Socket({ fd, readable: true, writable: false }), limits);
  }
  return collect(createReadStream(path, { highWaterMark: 1024 * 1024 }), limits);
};
