import * as E from 'fp-ts/lib/Either.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { InputLimitError, READ_LIMITS, type ReadLimits } from './limits.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory; expected a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder on the path is a file',
  ENAMETOOLONG: 'the name is too long',
};

const codeOf = (e: unknown): string | undefined => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** A file's bytes, or why it cannot be read (missing, too large, a stream that sends nothing). */
export const readBytes = async (
  io: Io,
  path: string,
  limits: ReadLimits = READ_LIMITS,
): Promise<E.Either<BadInput, Uint8Array>> => {
  if (path === '') return E.left(badInput('(no file name)', 'expected the path of a file'));
  if (path.includes('\0')) return E.left(badInput(JSON.stringify(path), 'not a file name'));
  try {
    return E.right(await io.readFile(path, limits));
  } catch (e) {
    if (e instanceof InputLimitError) return E.left(badInput(path, e.message));
    const code = codeOf(e);
    const why =
      (code === undefined ? undefined : REASONS[code]) ?? `cannot be read (${code ?? String(e)})`;
    return E.left(badInput(path, why));
  }
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const hasUtf16Bom = (b: Uint8Array): boolean =>
  (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/**
 * A file's text as Windows tools save it: UTF-8 (with or without a byte-order mark) directly;
 * UTF-16 (PowerShell's Out-File, `sqlcmd -u`) and ANSI files through the T-SQL adapter's reader,
 * loaded only then so that the common case starts fast.
 */
export const decodeText = async (bytes: Uint8Array): Promise<string> => {
  if (!hasUtf16Bom(bytes)) {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // Not UTF-8: fall through to the code-page reading.
    }
  }
  const { decodeScriptBytes } = await import('../../tsql/index.js');
  return decodeScriptBytes(bytes);
};

export const readText = async (io: Io, path: string): Promise<E.Either<BadInput, string>> => {
  const bytes = await readBytes(io, path);
  return E.isLeft(bytes) ? bytes : E.right(await decodeText(bytes.right));
};
