import { oneLine } from './bad-input.js';
import { type Command, CommanderError } from './commander.js';
import { EXIT, type ExitCode } from './exit.js';
import type { Io } from './io.js';
import { createProgram } from './program.js';

export type { Io, ServeRequest } from './io.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A commander usage error as one line, without commander's "error: " prefix. */
const usageLine = (program: Command, e: CommanderError): string =>
  // Commander shows help as an error when no command was named (`agstate --`, `help nonsense`).
  e.code === 'commander.help'
    ? `expected a command: ${program.commands.map((c) => c.name()).join(', ')}`
    : oneLine(e.message.replace(/^error: /, ''));

/**
 * The agstate command: runs `argv` (the arguments after the program name) with the given
 * capabilities and returns the exit code. Never throws, and every failure is on stderr, one line per problem.
 */
export const main = async (argv: readonly string[], io: Io): Promise<ExitCode> => {
  let exitCode: ExitCode = EXIT.ok;
  let command = '';
  try {
    const machineNames = argv.includes('chart')
      ? (await import('../../core/machines/registry.js')).MACHINE_NAMES
      : undefined;
    const program = createProgram(
      io,
      (code) => {
        exitCode = code;
      },
      machineNames,
    );
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    program.hook('preSubcommand', (_program, sub) => {
      command = sub.name();
    });
    try {
      await program.parseAsync([...argv], { from: 'user' });
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      // Help and --version end this way too, with exit code 0.
      if (e.exitCode === 0) return EXIT.ok;
      const name = command === '' ? 'agstate' : `agstate ${command}`;
      io.stderr(`${name}: ${usageLine(program, e)} (see ${name} --help)\n`);
      return EXIT.badInput;
    }
    return exitCode;
  } catch (e) {
    io.stderr(`agstate: internal error: ${oneLine(message(e))}\n`);
    return EXIT.internal;
  }
};
