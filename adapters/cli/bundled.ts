import type { ExitCode } from './exit.js';
import { main } from './main.js';
import { nodeIo } from './node-io.js';

/** The bundle's entry (build-bundle.ts): the command, for launch.cts to run. */
export const run = (argv: readonly string[]): Promise<ExitCode> => main(argv, nodeIo());
