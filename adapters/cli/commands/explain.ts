import * as E from 'fp-ts/lib/Either.js';
import { explainConfig } from '../../../core/decide/explain.js';
import { reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadConfig } from '../input/config.js';
import type { Io } from '../io.js';
import { explanationLines } from '../render/config.js';
import { toJson } from '../render/json.js';
import { styleFor, text } from '../render/style.js';
import type { ConfigCommandOptions } from './validate.js';

/** `agstate explain <config>`: what the configuration guarantees before anything happens to it. */
export const runExplain = async (
  io: Io,
  file: string,
  options: ConfigCommandOptions,
): Promise<ExitCode> => {
  const config = await loadConfig(io, file, options.version);
  if (E.isLeft(config)) return reportBadInput(io, 'explain', config.left, options.json);
  const explanation = explainConfig(config.right);
  if (options.json)
    io.stdout(`${toJson({ config: file, group: config.right.name, explanation })}\n`);
  else io.stdout(text(explanationLines(styleFor(io.color), config.right, explanation)));
  return EXIT.ok;
};
