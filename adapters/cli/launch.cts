#!/usr/bin/env node
/**
 * The `agstate` command as installed: runs the CLI bundled into one CommonJS script
 * (dist/cli/agstate.cjs, built by build-bundle.ts) through V8 with the code cache written beside
 * it at build time. A process then neither resolves and links some eighty ES modules nor lexes
 * fp-ts and io-ts as CommonJS, and skips compiling the code `decide` runs (bench/README.md,
 * "`agstate decide` as a whole process"). CommonJS itself: Node starts a CommonJS entry without
 * its ES module loader, 5 % sooner.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

/** What the bundle exports: the command, run on the arguments after the program name. */
interface Bundle {
  readonly run: (argv: readonly string[]) => Promise<number>;
}

const BUNDLE = path.join(__dirname, '..', '..', 'cli', 'agstate.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

const readCodeCache = (): Buffer | undefined => {
  try {
    return fs.readFileSync(CODE_CACHE);
  } catch {
    // No cache (or an unreadable one): V8 compiles the script itself, only slower.
    return undefined;
  }
};

/**
 * Compiles and runs the bundle as Node runs a CommonJS module (the build wrapped it in Node's
 * module function already). V8 refuses a cache written by another V8 version or under other flags
 * (`script.cachedDataRejected`) and compiles instead.
 */
const loadBundle = (cachedData: Buffer | undefined): { script: vm.Script; bundle: Bundle } => {
  let source: string;
  try {
    // The bundle is ASCII (the build checks): read as Latin-1, without UTF-8's decoding, 2 ms.
    source = fs.readFileSync(BUNDLE, 'latin1');
  } catch {
    // A build that stopped before bundling: a defect of the installation, exit code 3 (exit.ts).
    process.stderr.write(
      `agstate: internal error: ${BUNDLE} is missing (npm run build makes it)\n`,
    );
    process.exit(3);
  }
  const script = new vm.Script(source, {
    filename: BUNDLE,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const loaded = { exports: {} };
  wrapper.call(
    loaded.exports,
    loaded.exports,
    nodeModule.createRequire(BUNDLE),
    loaded,
    BUNDLE,
    path.dirname(BUNDLE),
  );
  return { script, bundle: loaded.exports as Bundle };
};

/**
 * The build's last step: runs `argv` without a cache and, once it has finished, writes V8's code
 * for every function it compiled on the way, so that a later process with the same arguments
 * compiles almost nothing.
 */
const writeCodeCache = async (argv: readonly string[]): Promise<void> => {
  const { script, bundle } = loadBundle(undefined);
  process.exitCode = await bundle.run(argv);
  fs.writeFileSync(CODE_CACHE, script.createCachedData());
};

if (require.main === module) {
  const { bundle } = loadBundle(readCodeCache());
  bundle.run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

export = { writeCodeCache };
