import * as E from 'fp-ts/lib/Either.js';
import {
  combineDistributedByFaults,
  DISTRIBUTED_QUESTION_IDS,
  type DistributedExploreResult,
  exploreDistributedIterator,
  type FailoverProcedure,
} from '../../../core/explore/distributed/index.js';
import { DEFAULT_MAX_STATES } from '../../../core/explore/index.js';
import { badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode, searchExit } from '../exit.js';
import { unaskedQuestion } from '../fail-on.js';
import { searchBudgets } from '../fault-by-fault.js';
import type { DistributedScenario } from '../input/distributed-scenario.js';
import type { Io } from '../io.js';
import { positionsToKeep } from '../memory-stop.js';
import {
  answerVerdict,
  budgetLines,
  budgetsOf,
  faultByFaultHint,
  figure,
} from '../render/check.js';
import { configSummary, violationsLines } from '../render/config.js';
import { jsonResult } from '../render/json.js';
import { type Style, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { drive, watchSearch } from '../search-stop.js';
import { distributedObservationLines } from './simulate-distributed.js';

/**
 * `agstate check` of a distributed availability group (a scenario file naming `distributed` and
 * its two `members`): the explorer searches from the scenario's start, its steps unused.
 */

export interface DistributedCheckOptions {
  readonly json: boolean;
  readonly faults: number;
  readonly commits?: number;
  readonly maxStates?: number;
  readonly procedure?: FailoverProcedure;
  readonly memberFailovers?: boolean;
  /** Stop the search after this many seconds and report what it found (--max-seconds). */
  readonly maxSeconds?: number;
  /** Search at 0 faults, then 1, … up to `faults`, each to its end (--fault-by-fault). */
  readonly faultByFault?: boolean;
  /** The questions whose "yes" makes the exit status 1 (--fail-on); by default, every one. */
  readonly failOn?: readonly string[];
  /** Options of the single-group search that a distributed search does not have. */
  readonly unsupported: readonly string[];
}

const resultLines = (style: Style, file: string, r: DistributedExploreResult): string[] => [
  `${file}: distributed group ${style.name(r.group)} (${r.members.join(', ')}), ${r.faults} fault(s), ${r.commits} commit(s), failover statements in ${r.procedure === 'documented' ? 'the documented order' : 'any order'}${r.memberFailovers ? '' : ', no operator failover inside a member'}${budgetsOf(r) === undefined ? '' : ', fault by fault'}`,
  `  ${figure(r.statesExplored)} states, ${figure(r.transitions)} transitions, depth ${r.depth}${r.complete ? '' : ` (${r.stopped ?? 'stopped at --max-states'}: what it did not find is unknown, not "no")`}`,
  ...faultByFaultHint(r),
  ...budgetLines(r),
  ...Object.values(r.answers).flatMap((a) => [
    `${a.question} ${answerVerdict(style, a, r)}`,
    ...(a.trace === null
      ? []
      : [
          a.fewestFaults === undefined
            ? '  the shortest way:'
            : '  the shortest way with that many faults:',
          ...a.trace.flatMap((s, i) => [
            `    ${i + 1}. ${style.name(s.label)}`,
            ...s.observations
              .filter((o) => o.type !== 'member' || o.observation.type !== 'replica.stateChanged')
              .flatMap((o) => distributedObservationLines(style, o, '       ')),
          ]),
        ]),
  ]),
];

export const runDistributedCheck = async (
  io: Io,
  file: string,
  scenario: DistributedScenario,
  options: DistributedCheckOptions,
  input: Readonly<Record<string, unknown>>,
): Promise<ExitCode> => {
  const [option] = options.unsupported;
  if (option !== undefined)
    return reportBadInput(
      io,
      'check',
      badInput(
        option,
        'a distributed availability group is searched breadth-first on one thread with the exact store, every move taken (no sleep sets, no twins)',
      ),
      options.json,
      input,
    );
  const unasked = unaskedQuestion(
    options.failOn,
    DISTRIBUTED_QUESTION_IDS,
    'a distributed availability group',
  );
  if (unasked !== null) return reportBadInput(io, 'check', unasked, options.json, input);
  const style = styleFor(io.color);
  if (E.isLeft(scenario.start)) {
    const violations = scenario.start.left;
    if (options.json) io.stdout(jsonResult(io, 'check', input, { checked: false, violations }));
    else
      io.stdout(
        await terminalText(
          [
            `${file}: not checked: the configuration breaks documented rules: ${configSummary(scenario.config)}`,
            ...violationsLines(style, violations),
          ],
          io,
        ),
      );
    return EXIT.no;
  }
  const start = scenario.start.right;
  const limit = options.maxStates ?? DEFAULT_MAX_STATES;
  const watch = watchSearch(io, options.maxSeconds);
  const searchAt = async (faults: number, maxStates: number): Promise<DistributedExploreResult> => {
    const it = exploreDistributedIterator(start, {
      faults,
      ...(options.commits === undefined ? {} : { commits: options.commits }),
      ...(options.procedure === undefined ? {} : { procedure: options.procedure }),
      ...(options.memberFailovers === undefined
        ? {}
        : { memberFailovers: options.memberFailovers }),
      maxStates,
      progressEvery: 1000,
      keepPositionsUpTo: positionsToKeep(io.heap()),
    });
    // Fault by fault, the progress line names the budget being searched.
    const budgetShown = options.faultByFault === true ? { faults } : {};
    return drive(io, maxStates, budgetShown, watch, it, (p) => ({
      states: p.statesExplored,
      depth: p.depth,
      frontier: p.frontier,
    }));
  };
  let result: DistributedExploreResult;
  try {
    if (options.faultByFault === true) {
      const run = await searchBudgets(options.faults, limit, searchAt, watch.reason);
      result = combineDistributedByFaults(run.results, options.faults, run.stoppedBefore);
    } else result = await searchAt(options.faults, limit);
  } finally {
    watch.release();
  }
  if (options.json)
    io.stdout(jsonResult(io, 'check', input, { checked: true, distributed: true, result }));
  else io.stdout(await terminalText(resultLines(style, file, result), io));
  return searchExit(result, options.failOn);
};
