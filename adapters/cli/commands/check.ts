import * as E from 'fp-ts/lib/Either.js';
import {
  DEFAULT_MAX_STATES,
  type ExploreOptions,
  type ExploreResult,
  exploreIterator,
  type StoreOptions,
} from '../../../core/explore/index.js';
import type { Config } from '../../../core/model/config.js';
import type { SqlServerVersion } from '../../../core/model/enums.js';
import { validateConfig } from '../../../core/validation/validate.js';
import { sequenceDiagram } from '../../report/explore.js';
import { oneLine, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadConfig } from '../input/config.js';
import type { Io } from '../io.js';
import { checkLines } from '../render/check.js';
import { configSummary, violationsLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';

export interface CheckCommandOptions {
  readonly json: boolean;
  readonly faults: number;
  readonly commits?: number;
  readonly maxStates?: number;
  readonly forcedFailover?: ExploreOptions['forcedFailover'];
  readonly version?: SqlServerVersion;
  /** The instance a T-SQL script without `:Connect` runs on. */
  readonly server?: string;
  readonly store?: StoreOptions;
}

export { DEFAULT_MAX_STATES };

/** Often enough for a display that moves, rarely enough to cost nothing. */
const PROGRESS_EVERY = 1000;

/** The search, giving the event loop a turn between progress reports so the display can draw. */
const search = async (io: Io, config: Config, options: ExploreOptions): Promise<ExploreResult> => {
  const display = io.progress(options.maxStates ?? DEFAULT_MAX_STATES);
  try {
    const it = exploreIterator(config, { progressEvery: PROGRESS_EVERY, ...options });
    for (;;) {
      const next = it.next();
      if (next.done === true) return next.value;
      display.update({
        states: next.value.statesExplored,
        depth: next.value.depth,
        frontier: next.value.frontier,
        levels: next.value.levels,
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    display.stop();
  }
};

/** `agstate check <config>`: can k faults lose acknowledged commits or stop commits? */
export const runCheck = async (
  io: Io,
  file: string,
  options: CheckCommandOptions,
): Promise<ExitCode> => {
  const config = await loadConfig(io, file, options.version, options.server);
  const input = inputOf(file, options);
  if (E.isLeft(config)) return reportBadInput(io, 'check', config.left, options.json, input);
  const style = styleFor(io.color);
  const violations = validateConfig(config.right);
  if (violations.length > 0) {
    if (options.json) io.stdout(jsonResult(io, 'check', input, { checked: false, violations }));
    else
      io.stdout(
        terminalText(
          [
            `${file}: not checked: the configuration breaks documented rules: ${configSummary(config.right)}`,
            ...violationsLines(style, violations),
          ],
          io,
        ),
      );
    return EXIT.no;
  }
  const result = await search(io, config.right, {
    faults: options.faults,
    ...(options.commits === undefined ? {} : { commits: options.commits }),
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    ...(options.forcedFailover === undefined ? {} : { forcedFailover: options.forcedFailover }),
    ...(options.store === undefined ? {} : { store: options.store }),
  });
  const replicas = config.right.replicas.map((r) => r.name);
  const mermaid = Object.fromEntries(
    Object.entries(result.answers).flatMap(([id, a]) =>
      a.trace === null ? [] : [[id, sequenceDiagram(a.trace, replicas)]],
    ),
  );
  if (options.json) io.stdout(jsonResult(io, 'check', input, { checked: true, result, mermaid }));
  else io.stdout(terminalText(checkLines(style, result, replicas), io));
  const [broken] = result.violations;
  if (broken !== undefined) {
    io.stderr(
      `agstate check: internal error: the model broke its invariant ${oneLine(broken.violation.invariant)} (the output shows how)\n`,
    );
    return EXIT.internal;
  }
  return Object.values(result.answers).some((a) => a.answer) ? EXIT.no : EXIT.ok;
};
