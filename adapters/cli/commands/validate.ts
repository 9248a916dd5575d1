import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../../../core/model/enums.js';
import { validateConfig } from '../../../core/rules/validate.js';
import { reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadConfig } from '../input/config.js';
import type { Io } from '../io.js';
import { configSummary, violationsLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';

export interface ConfigCommandOptions {
  readonly json: boolean;
  readonly version?: SqlServerVersion;
}

/** `agstate validate <config>`: every documented rule the configuration breaks, or "valid". */
export const runValidate = async (
  io: Io,
  file: string,
  options: ConfigCommandOptions,
): Promise<ExitCode> => {
  const config = await loadConfig(io, file, options.version);
  const input = inputOf(file, options);
  if (E.isLeft(config)) return reportBadInput(io, 'validate', config.left, options.json, input);
  const violations = validateConfig(config.right);
  const valid = violations.length === 0;
  if (options.json) {
    io.stdout(jsonResult(io, 'validate', input, { group: config.right.name, valid, violations }));
  } else {
    const style = styleFor(io.color);
    const verdict = valid
      ? style.good('valid')
      : style.bad(`${violations.length} violation${violations.length === 1 ? '' : 's'}`);
    io.stdout(
      terminalText(
        [
          `${file}: ${verdict}: ${configSummary(config.right)}`,
          ...(valid ? [] : violationsLines(style, violations)),
        ],
        io,
      ),
    );
  }
  return valid ? EXIT.ok : EXIT.no;
};
