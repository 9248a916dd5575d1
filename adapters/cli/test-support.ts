import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaProblems } from '../schema/test-support.js';
import { tooLarge } from './input/limits.js';
import type { Io, SearchProgress, ServeRequest } from './io.js';
import { main } from './main.js';

/** Helpers shared by this folder's tests: `main` in-process with captured output. */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What `serve` was asked for, when it was. */
  readonly served: readonly ServeRequest[];
  /** The progress a search reported, and whether its display was stopped. */
  readonly progress: { readonly updates: readonly SearchProgress[]; readonly stopped: boolean };
  /** Files the command wrote, by path. */
  readonly written: Readonly<Record<string, string>>;
}

export interface FakeWorld {
  /** Files that exist only in the test, by path; they shadow the repository's files. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly color?: boolean;
  /** The terminal's width; absent: stdout is not a terminal, and nothing is wrapped. */
  readonly width?: number;
  /** Replaces the captured stdout, to make writing fail. */
  readonly stdout?: (text: string) => void;
  /** What the visualizer does: by default it prints its address and stops at once. */
  readonly serve?: Io['serve'];
  /** The heap a search sees at each progress report: by default nearly empty. */
  readonly heap?: Io['heap'];
  /** The clock a search reads: by default it stands still. */
  readonly clock?: Io['clock'];
  /** The seed `check --random` draws when given none. */
  readonly randomSeed?: number;
  /** Whether Ctrl-C was pressed, asked at each progress report: by default never. */
  readonly interrupted?: () => boolean;
}

const bytes = (content: string | Uint8Array): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;

/** Files of the repository are read relative to its root, as the command run from there would. */
const readRepoFile = (path: string): Promise<Uint8Array> =>
  readFile(isAbsolute(path) ? path : join(ROOT, path));

export const run = async (argv: readonly string[], world: FakeWorld = {}): Promise<Run> => {
  let stdout = '';
  let stderr = '';
  const served: ServeRequest[] = [];
  const updates: SearchProgress[] = [];
  let stopped = false;
  const written: Record<string, string> = {};
  const io: Io = {
    stdout:
      world.stdout ??
      ((s) => {
        stdout += s;
      }),
    stderr: (s) => {
      stderr += s;
    },
    color: world.color ?? false,
    version: '0.0.0-test',
    columns: 100,
    width: world.width ?? null,
    writeFile: async (path, text) => {
      written[path] = text;
    },
    progress: () => ({
      update: (p) => {
        updates.push(p);
      },
      stop: () => {
        stopped = true;
      },
    }),
    heap: world.heap ?? (() => ({ usedBytes: 0, limitBytes: 4 * 2 ** 30 })),
    clock: world.clock ?? (() => 0),
    randomSeed: () => world.randomSeed ?? 42,
    interrupts: () => ({ interrupted: world.interrupted ?? (() => false), release: () => {} }),
    readFile: async (path, limits) => {
      const own = world.files?.[path];
      const content = own === undefined ? await readRepoFile(path) : bytes(own);
      if (content.length > limits.maxBytes) throw tooLarge(limits);
      return content;
    },
    serve: async (request, out) => {
      served.push(request);
      if (world.serve !== undefined) return world.serve(request, out);
      out(`http://127.0.0.1:${request.port ?? 0}/`);
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, served, progress: { updates, stopped }, written };
};

/** The lines of a text, without the empty one after the last newline. */
export const linesOf = (text: string): string[] => text.split('\n').slice(0, -1);

/**
 * The one JSON document of a --json run: the envelope every command shares. Every document a test
 * reads this way is checked against the shipped schema of its command first.
 */
export const json = (r: Run): Record<string, unknown> => {
  const document = JSON.parse(r.stdout) as Record<string, unknown>;
  expectConforming(document);
  return document;
};

/** A --json document is an envelope and conforms to the schema of the command it names. */
export const expectConforming = (document: unknown): void => {
  const command = (document as { command?: unknown }).command;
  if (typeof command !== 'string') throw new Error('a --json document without its "command"');
  const problems = schemaProblems(`cli-${command}.schema.json`, document);
  if (problems.length > 0)
    throw new Error(`agstate ${command} --json breaks its schema: ${problems.join('; ')}`);
};

/** The answer inside a --json run's envelope. */
export const result = (r: Run): Record<string, unknown> =>
  json(r).result as Record<string, unknown>;

export const readExample = (path: string): Promise<string> => readFile(join(ROOT, path), 'utf8');
