import { createRequire } from 'node:module';

/**
 * commander, loaded with require rather than import. Importing a CommonJS package from an ES
 * module makes Node 20 scan its source for export names (cjs-module-lexer, run in JavaScript) and
 * wrap it as a module: about 6 ms of every command's start for commander (bench/README.md, CLI).
 */
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

export const { Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Command = import('commander').Command;
export type CommanderError = import('commander').CommanderError;
export type Option = import('commander').Option;
