import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { FLEET_WORKER_BUNDLE, WORKER_BUNDLE } from './parallel/worker-bundle.js';

/**
 * The build's last step (`npm run build`, after tsc): bundles the emitted CLI into one script,
 * dist/cli/agstate.cjs, and writes V8's code cache for it beside it; launch.cts, the package's bin,
 * runs the two. The library entry points stay the separate modules tsc emitted. Why, and what each
 * part saves: bench/README.md, "`agstate decide` as a whole process".
 */

const DIST = fileURLToPath(new URL('../..', import.meta.url));
const ROOT = dirname(DIST.replace(/\/$/, ''));
const OUT = join(DIST, 'cli');
const BUNDLE = join(OUT, 'agstate.cjs');
/** Written by launch.cts's writeCodeCache, at the end. */
const CODE_CACHE = `${BUNDLE}.cache`;

/**
 * Modules that find files beside themselves through import.meta.url (the search workers of `check
 * --workers`, the fleet workers of `decide --each --workers`, the server's session worker and
 * page): inside the bundle that URL would be the bundle's own. They stay the ES modules tsc
 * emitted, required when their command runs.
 */
const OUTSIDE = [
  join(DIST, 'adapters', 'cli', 'parallel', 'run.js'),
  join(DIST, 'adapters', 'cli', 'parallel', 'fleet.js'),
  join(DIST, 'adapters', 'web', 'index.js'),
];

/**
 * Packages a snapshot's `decide` never loads (charts, the T-SQL parser and its decoder, the
 * model), required from node_modules when a command needs them: bundled, their 2.6 MB of source
 * cost every process about 9 ms to read and hand to V8. xstate is also a peer dependency: the
 * user's copy, not one of ours.
 */
const UNBUNDLED_PACKAGES = ['@viz-js/viz', 'chevrotain', 'fast-check', 'iconv-lite', 'xstate'];

const outside: Plugin = {
  name: 'outside',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      return OUTSIDE.includes(file) ? { path: `./${relative(OUT, file)}`, external: true } : null;
    });
  },
};

/**
 * fp-ts by its ES build: the same code as the CommonJS one core/ imports (`fp-ts/lib/Either.js`),
 * which Node 20 would otherwise lex for export names on every start. (io-ts and jsonc-parser
 * come by their ES builds through `mainFields`.)
 */
const fpTsEsBuild: Plugin = {
  name: 'fp-ts-es-build',
  setup(b) {
    b.onResolve({ filter: /^fp-ts\/lib\// }, (args) =>
      b.resolve(args.path.replace('/lib/', '/es6/'), {
        kind: args.kind,
        resolveDir: args.resolveDir,
      }),
    );
  },
};

/**
 * The CLI loads its CommonJS packages (commander, picocolors, jsonc-parser, cli-progress) with
 * `createRequire(import.meta.url)(name)`, which is faster than import for separate modules but
 * opaque to a bundler. Written as `require(name)`, they are bundled: 10 % of the process.
 */
const CREATE_REQUIRE = 'createRequire(import.meta.url)(';

const bundledRequires: Plugin = {
  name: 'bundled-requires',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(DIST)) return null;
      const text = await readFile(args.path, 'utf8');
      return text.includes(CREATE_REQUIRE)
        ? { contents: text.replaceAll(CREATE_REQUIRE, 'require('), loader: 'js' }
        : null;
    });
  },
};

// A cache left from an earlier bundle must never meet a new one: V8 checks the script's length,
// not its text, before running the code the cache holds.
await rm(CODE_CACHE, { force: true });

await build({
  entryPoints: [join(DIST, 'adapters', 'cli', 'bundled.js')],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: UNBUNDLED_PACKAGES,
  // import() of what stays outside becomes require() (Node 20.19 and later require ES modules):
  // a script compiled by node:vm has no import() of its own without an experimental flag.
  supported: { 'dynamic-import': false },
  // Every module's import.meta.url becomes the bundle's: what the modules left inside use it for
  // (the package's root and version) is found from there too.
  define: { 'import.meta.url': '__bundleUrl' },
  // Wrapped as Node wraps a CommonJS module, so that launch.cts compiles the file's text as it is
  // read, without a copy of it; strict, as the ES modules it was built from.
  banner: {
    js: [
      '(function (exports, require, module, __filename, __dirname) { "use strict";',
      "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
    ].join('\n'),
  },
  footer: { js: '});' },
  // Text outside ASCII written as escapes, and no comments (which may hold such text), so that
  // launch.cts can read the file as Latin-1. Names stay as they are.
  charset: 'ascii',
  minifyWhitespace: true,
  plugins: [outside, fpTsEsBuild, bundledRequires],
  logLevel: 'warning',
});

/** A worker thread's script as one ES module beside its source, for scripts.ts to find. */
const bundleWorker = (module: string, bundle: string, external: string[]) =>
  build({
    entryPoints: [join(DIST, 'adapters', 'cli', 'parallel', module)],
    outfile: join(DIST, 'adapters', 'cli', 'parallel', bundle),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external,
    plugins: [fpTsEsBuild],
    logLevel: 'warning',
  });

// The search worker of `check --workers`: a cold worker otherwise loads some eighty separate
// modules, about 0.2 s of each worker's start (bench/README.md, "Two cores against one"). xstate
// stays the user's copy.
await bundleWorker('worker.js', WORKER_BUNDLE, ['xstate']);
// The fleet worker of `decide --each --workers`: the packages a snapshot's reading loads only for a
// file in UTF-16 or a code page stay in node_modules, as in the CLI's bundle.
await bundleWorker('fleet-worker.js', FLEET_WORKER_BUNDLE, UNBUNDLED_PACKAGES);

const nonAscii = /[^\t\n\r\x20-\x7e]/.exec(await readFile(BUNDLE, 'latin1'));
if (nonAscii !== null)
  throw new Error(
    `${BUNDLE}: a byte outside ASCII at offset ${nonAscii.index}; launch.cts reads it as Latin-1`,
  );

// The cache holds what V8 compiled while deciding the bundled snapshot: the path the 200 ms goal
// is measured on. Run in its own process so that nothing else is compiled into it.
execFileSync(
  process.execPath,
  [
    '-e',
    'require(process.argv[1]).writeCodeCache(process.argv.slice(2))',
    join(DIST, 'adapters', 'cli', 'launch.cjs'),
    'decide',
    join(ROOT, 'examples', 'snapshots', 'primary.json'),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
