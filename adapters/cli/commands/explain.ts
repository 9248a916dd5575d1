import * as E from 'fp-ts/lib/Either.js';
import { explainConfig } from '../../../core/decide/explain.js';
import { isUnknownReason } from '../../../core/model/source.js';
import { badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadConfigs } from '../input/config.js';
import type { Io } from '../io.js';
import { explanationLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import {
  type ConfigCommandOptions,
  keepWrittenFindings,
  reportScriptErrors,
  scriptFields,
  scriptLines,
  withWrittenFindings,
} from './validate.js';

/**
 * `agstate explain <config>`: what each group guarantees before anything happens to it; for a
 * T-SQL script, every statement it could not read and every warning beside them.
 */
export const runExplain = async (
  io: Io,
  file: string,
  options: ConfigCommandOptions,
): Promise<ExitCode> => {
  const loaded = await loadConfigs(io, file, options.version, options.server);
  const input = inputOf(file, options);
  if (E.isLeft(loaded)) return reportBadInput(io, 'explain', loaded.left, options.json, input);
  const set = loaded.right;
  if (options.json && set.errors.length > 0)
    return reportBadInput(io, 'explain', badInput(file, ...set.errors), true, input);
  const explained = set.configs.map((config, i) => {
    const findings = set.groupFindings?.[i];
    const explanation = explainConfig(
      config,
      (findings ?? []).filter(isUnknownReason),
      set.unsettledMembers?.[i],
    );
    const violations = withWrittenFindings(explanation.violations, findings).filter(
      (r) => !isUnknownReason(r),
    );
    const unknown = keepWrittenFindings(explanation.unknown, findings);
    return { config, explanation: { ...explanation, violations, unknown } };
  });
  const [only] = explained;
  if (options.json) {
    const single =
      only !== undefined && explained.length === 1
        ? { group: only.config.name, explanation: only.explanation }
        : {};
    const script =
      set.kind === 'tsql'
        ? {
            groups: explained.map((x) => ({ group: x.config.name, explanation: x.explanation })),
            ...scriptFields(set),
          }
        : {};
    io.stdout(jsonResult(io, 'explain', input, { ...single, ...script }));
  } else {
    const style = styleFor(io.color);
    const lines = [
      ...scriptLines(style, file, set),
      ...explained.flatMap((x, i) => [
        ...(i > 0 ? [''] : []),
        ...explanationLines(style, x.config, x.explanation),
      ]),
    ];
    if (lines.length > 0) io.stdout(await terminalText(lines, io));
  }
  reportScriptErrors(io, 'explain', file, set);
  return set.errors.length > 0 ? EXIT.badInput : EXIT.ok;
};
