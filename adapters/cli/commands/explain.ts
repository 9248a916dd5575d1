import * as E from 'fp-ts/lib/Either.js';
import { explainConfig } from '../../../core/decide/explain.js';
import { reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadConfig } from '../input/config.js';
import type { Io } from '../io.js';
import { explanationLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import type { ConfigCommandOptions } from './validate.js';

/** `agstate explain <config>`: what the configuration guarantees before anything happens to it. */
export const runExplain = async (
  io: Io,
  file: string,
  options: ConfigCommandOptions,
): Promise<ExitCode> => {
  const config = await loadConfig(io, file, options.version);
  const input = inputOf(file, options);
  if (E.isLeft(config)) return reportBadInput(io, 'explain', config.left, options.json, input);
  const explanation = explainConfig(config.right);
  if (options.json)
    io.stdout(jsonResult(io, 'explain', input, { group: config.right.name, explanation }));
  else io.stdout(terminalText(explanationLines(styleFor(io.color), config.right, explanation), io));
  return EXIT.ok;
};
