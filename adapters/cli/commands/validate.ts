import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../../core/model/config.js';
import { isUnknownReason, type Reason } from '../../../core/model/source.js';
import { judgeConfig } from '../../../core/validation/validate.js';
import { badInput, failureLines, oneLine, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { type ConfigSet, loadConfigs } from '../input/config.js';
import type { Io } from '../io.js';
import type { VersionArg } from '../options.js';
import { configSummary, violationsLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { reasonsLines, type Style, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';

export interface ConfigCommandOptions {
  readonly json: boolean;
  readonly version?: VersionArg;
  /** The instance a T-SQL script without `:Connect` runs on. */
  readonly server?: string;
}

/**
 * A script with errors is bad input (exit 2): stderr has one line per error, as every failure
 * has, and the report on stdout lists them beside the groups, each at its place.
 */
export const reportScriptErrors = (io: Io, command: string, file: string, set: ConfigSet): void => {
  if (set.errors.length > 0) io.stderr(failureLines(command, file, set.errors));
};

const FEATURE_CODES = new Set(['FEATURE_NOT_IN_VERSION', 'FEATURE_BUILD_UNKNOWN']);

/**
 * A T-SQL group's reasons with its version findings as written (one per option, at its place)
 * in place of the configuration's FEATURE_* reasons, which judge only the values it ends with.
 */
export const withWrittenFindings = (
  reasons: readonly Reason[],
  findings: readonly Reason[] | undefined,
): readonly Reason[] =>
  findings === undefined
    ? reasons
    : [...reasons.filter((r) => !FEATURE_CODES.has(r.code)), ...findings];

/**
 * A T-SQL group's reasons where its version findings are already among them (explain's unknowns):
 * the configuration's own FEATURE_* reasons left out, the findings kept.
 */
export const keepWrittenFindings = (
  reasons: readonly Reason[],
  findings: readonly Reason[] | undefined,
): readonly Reason[] =>
  findings === undefined
    ? reasons
    : reasons.filter((r) => !FEATURE_CODES.has(r.code) || findings.includes(r));

const split = (reasons: readonly Reason[]) => ({
  violations: reasons.filter((r) => !isUnknownReason(r)),
  unknown: reasons.filter(isUnknownReason),
});

/** Findings of statements on groups the script does not create: violations, and unknowns. */
const ungroupedOf = (set: ConfigSet) => split(set.ungrouped ?? []);

/** Lines for a script's errors and warnings and, when it holds no group, what was read. */
export const scriptLines = (style: Style, file: string, set: ConfigSet): string[] => {
  const { violations, unknown } = ungroupedOf(set);
  const count = violations.length;
  return [
    ...set.errors.map((e) => style.bad(oneLine(`${file}:${e}`))),
    ...set.warnings.map((w) => style.warn(oneLine(`${file}:${w}`))),
    ...(set.kind === 'tsql' && set.configs.length === 0 && set.errors.length === 0
      ? [
          `${file}: no CREATE AVAILABILITY GROUP: ${set.statements} statement${set.statements === 1 ? '' : 's'} read, every option checked${count === 0 ? '' : `: ${style.bad(`${count} violation${count === 1 ? '' : 's'}`)}`}`,
        ]
      : []),
    ...(count === 0 ? [] : violationsLines(style, violations)),
    ...reasonsLines(style, unknown, '  ').map((l) => (l.startsWith('  - ') ? style.warn(l) : l)),
  ];
};

/** For T-SQL, the script's errors and warnings beside the result, each at its place. */
export const scriptFields = (set: ConfigSet): Readonly<Record<string, unknown>> =>
  set.kind === 'tsql'
    ? { errors: set.errors, warnings: set.warnings, ungrouped: ungroupedOf(set) }
    : {};

interface GroupVerdict {
  readonly group: string;
  readonly valid: boolean;
  readonly violations: readonly Reason[];
  /** What the input does not say, each naming what would settle it. */
  readonly unknown: readonly Reason[];
}

const verdictOf = (config: Config, findings: readonly Reason[] | undefined): GroupVerdict => {
  const judged = judgeConfig(config);
  const { violations, unknown } = split(
    withWrittenFindings([...judged.violations, ...judged.unknown], findings),
  );
  return { group: config.name, valid: violations.length === 0, violations, unknown };
};

const verdictLines = (style: Style, file: string, config: Config, v: GroupVerdict): string[] => {
  const count = v.violations.length;
  const verdict = v.valid
    ? style.good('valid')
    : style.bad(`${count} violation${count === 1 ? '' : 's'}`);
  const unknown = v.unknown.length === 0 ? '' : style.warn(` (${v.unknown.length} unknown)`);
  return [
    `${file}: ${verdict}${unknown}: ${configSummary(config)}`,
    ...(v.valid ? [] : violationsLines(style, v.violations)),
    ...reasonsLines(style, v.unknown, '  ').map((l) => (l.startsWith('  - ') ? style.warn(l) : l)),
  ];
};

/**
 * `agstate validate <config>`: every documented rule each group breaks, or "valid"; for a T-SQL
 * script, every statement it could not read and every warning beside them.
 */
export const runValidate = async (
  io: Io,
  file: string,
  options: ConfigCommandOptions,
): Promise<ExitCode> => {
  const loaded = await loadConfigs(io, file, options.version, options.server);
  const input = inputOf(file, options);
  if (E.isLeft(loaded)) return reportBadInput(io, 'validate', loaded.left, options.json, input);
  const set = loaded.right;
  // With --json a script with errors is bad input like any other: the envelope's error lists
  // every one (the text report still shows every group beside them).
  if (options.json && set.errors.length > 0)
    return reportBadInput(io, 'validate', badInput(file, ...set.errors), true, input);
  const verdicts = set.configs.map((c, i) => verdictOf(c, set.groupFindings?.[i]));
  const [only] = verdicts;
  if (options.json) {
    // One group: its verdict as before; a T-SQL script adds every group, errors and warnings.
    const single =
      only !== undefined && verdicts.length === 1
        ? { group: only.group, valid: only.valid, violations: only.violations }
        : {};
    const unknown = only !== undefined && only.unknown.length > 0 ? { unknown: only.unknown } : {};
    const script = set.kind === 'tsql' ? { groups: verdicts, ...scriptFields(set) } : unknown;
    io.stdout(jsonResult(io, 'validate', input, { ...single, ...script }));
  } else {
    const style = styleFor(io.color);
    const lines = [
      ...scriptLines(style, file, set),
      ...set.configs.flatMap((c, i) => verdictLines(style, file, c, verdicts[i]!)),
    ];
    if (lines.length > 0) io.stdout(await terminalText(lines, io));
  }
  reportScriptErrors(io, 'validate', file, set);
  if (set.errors.length > 0) return EXIT.badInput;
  const valid = verdicts.every((v) => v.valid) && ungroupedOf(set).violations.length === 0;
  return valid ? EXIT.ok : EXIT.no;
};
