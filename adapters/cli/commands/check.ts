import * as E from 'fp-ts/lib/Either.js';
import type { FailoverProcedure } from '../../../core/explore/distributed/index.js';
import {
  combineByFaults,
  DEFAULT_MAX_STATES,
  type ExploreOptions,
  type ExploreResult,
  exploreDepthFirstIterator,
  exploreIterator,
  QUESTION_IDS,
  type StoreOptions,
} from '../../../core/explore/index.js';
import { mergeProblem, mergeSwarm } from '../../../core/explore/merge.js';
import { swarmIterator } from '../../../core/explore/swarm.js';
import { RSSTC_LEFT_OUT_UNKNOWN } from '../../../core/lifecycle/pacemaker-rsstc.js';
import { type Config, initialPrimary } from '../../../core/model/config.js';
import { validateConfig } from '../../../core/validation/validate.js';
import { sequenceDiagram } from '../../report/explore.js';
import { type BadInput, badInput, oneLine, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode, searchExit } from '../exit.js';
import { unaskedQuestion } from '../fail-on.js';
import { searchBudgets } from '../fault-by-fault.js';
import { documentKind, loadConfigAndUnknowns } from '../input/config.js';
import {
  type DistributedScenario,
  distributedScenarioFrom,
  isDistributedScenarioDocument,
} from '../input/distributed-scenario.js';
import { readText } from '../input/read.js';
import { readScenarioDocument } from '../input/scenario.js';
import { readSwarmRun, type SwarmRunRead } from '../input/swarm-run.js';
import type { Io } from '../io.js';
import { positionsToKeep } from '../memory-stop.js';
import type { VersionArg } from '../options.js';
import { pick } from '../options.js';
import { blockedNotes, checkLines } from '../render/check.js';
import { configSummary, violationsLines } from '../render/config.js';
import { inputOf, jsonResult } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { drive, type SearchWatch, watchSearch } from '../search-stop.js';
import { agentRsstcWalkNote, withAgentRsstc } from './check-agent-rsstc.js';
import { withRunsUnsettled } from './check-merge-unsettled.js';
import { unsettledAsked, withoutDatabases } from './check-no-database.js';
import { withUnplacedCreate } from './check-unplaced-create.js';

export interface CheckCommandOptions {
  readonly json: boolean;
  readonly faults: number;
  readonly commits?: number;
  readonly maxStates?: number;
  readonly forcedFailover?: ExploreOptions['forcedFailover'];
  readonly version?: VersionArg;
  /** The instance a T-SQL script without `:Connect` runs on. */
  readonly server?: string;
  readonly store?: StoreOptions;
  /** One randomized depth-first run over a bitstate store (--swarm-seed). */
  readonly swarmSeed?: number;
  /** The one-thread search depth-first: less memory, faster, ways rather than shortest traces (--depth-first). */
  readonly depthFirst?: boolean;
  /** Swarm runs' JSON files to merge instead of searching (--merge). */
  readonly merge?: readonly string[];
  /** Worker threads sharing one hash-compaction table (--workers; 1: the one-thread search). */
  readonly workers?: number;
  /** A distributed group: in which order the failover statements may run (--procedure). */
  readonly procedure?: FailoverProcedure;
  /** A distributed group: whether an operator may fail over inside a member (--no-member-failovers). */
  readonly memberFailovers?: boolean;
  /** Sleep sets in the one-thread search (default on; --no-partial-order-reduction). */
  readonly partialOrderReduction?: boolean;
  /** A move mirrored on a twin replica taken once (default on; --no-twins). */
  readonly twins?: boolean;
  /** Stop the search after this many seconds and report what it found (--max-seconds). */
  readonly maxSeconds?: number;
  /** Search at 0 faults, then 1, … up to `faults`, each to its end (--fault-by-fault). */
  readonly faultByFault?: boolean;
  /** The questions whose "yes" makes the exit status 1 (--fail-on); by default, every one. */
  readonly failOn?: readonly string[];
  /** Property-based random walks instead of the search: how many per question (--random). */
  readonly random?: number;
  /** With --random: the most moves a walk takes (--moves). */
  readonly moves?: number;
  /** With --random: the seed of the walks (--seed), drawn and printed when not given. */
  readonly seed?: number;
  /** With --random and --seed: fast-check's path of one finding, replayed alone (--path). */
  readonly path?: string;
}

export { DEFAULT_MAX_STATES };

/** Often enough for a display that moves, rarely enough to cost nothing. */
const PROGRESS_EVERY = 1000;

/** Which budget the progress line names: only a fault-by-fault run searches several. */
const budgetShown = (options: CheckCommandOptions) =>
  options.faultByFault === true ? { faults: options.faults } : {};

const budget = (options: CheckCommandOptions) => ({
  faults: options.faults,
  ...(options.commits === undefined ? {} : { commits: options.commits }),
  ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
  ...(options.forcedFailover === undefined ? {} : { forcedFailover: options.forcedFailover }),
  ...(options.partialOrderReduction === false ? { partialOrderReduction: false } : {}),
  ...(options.twins === false ? { twins: false } : {}),
  progressEvery: PROGRESS_EVERY,
});

const parallel = async (
  io: Io,
  config: Config,
  options: CheckCommandOptions,
  workers: number,
  watch: SearchWatch,
) => {
  const display = io.progress(options.maxStates ?? DEFAULT_MAX_STATES);
  try {
    const { parallelExplore } = await import('../parallel/run.js');
    return await parallelExplore(
      config,
      budget(options),
      workers,
      (states) => display.update({ states, ...budgetShown(options) }),
      watch.reason,
    );
  } finally {
    display.stop();
  }
};

/**
 * The search the options ask for, under one time limit and one Ctrl-C watch. Fault by fault, the
 * budgets 0, 1, … `faults` in turn (core/explore/by-faults.ts), under one state cap for the whole
 * run: a limit that stops it leaves the budgets finished before proved.
 */
const search = async (
  io: Io,
  config: Config,
  options: CheckCommandOptions,
): Promise<ExploreResult> => {
  const watch = watchSearch(io, options.maxSeconds);
  try {
    if (options.faultByFault !== true) return await searchWatched(io, config, options, watch);
    const run = await searchBudgets(
      options.faults,
      options.maxStates ?? DEFAULT_MAX_STATES,
      (faults, maxStates) => searchWatched(io, config, { ...options, faults, maxStates }, watch),
      watch.reason,
    );
    return combineByFaults(run.results, options.faults, run.stoppedBefore);
  } finally {
    watch.release();
  }
};

const searchWatched = (
  io: Io,
  config: Config,
  options: CheckCommandOptions,
  watch: SearchWatch,
): Promise<ExploreResult> => {
  const limit = options.maxStates ?? DEFAULT_MAX_STATES;
  if (options.workers !== undefined && options.workers > 1)
    return parallel(io, config, options, options.workers, watch);
  if (options.swarmSeed !== undefined) {
    const store = options.store?.kind === 'bitstate' ? options.store : undefined;
    return drive(
      io,
      limit,
      budgetShown(options),
      watch,
      swarmIterator(config, {
        ...budget(options),
        seed: options.swarmSeed,
        ...(store === undefined ? {} : { mebibytes: store.mebibytes }),
        ...(store?.hashes === undefined ? {} : { hashes: store.hashes }),
      }),
      (p) => ({ states: p.statesExplored, depth: p.depth }),
    );
  }
  if (options.depthFirst === true)
    return drive(
      io,
      limit,
      budgetShown(options),
      watch,
      exploreDepthFirstIterator(config, {
        ...budget(options),
        ...(options.store === undefined ? {} : { store: options.store }),
      }),
      (p) => ({ states: p.statesExplored, depth: p.depth }),
    );
  return drive(
    io,
    limit,
    budgetShown(options),
    watch,
    exploreIterator(config, {
      ...budget(options),
      keepPositionsUpTo: positionsToKeep(io.heap()),
      ...(options.store === undefined ? {} : { store: options.store }),
    }),
    (p) => ({ states: p.statesExplored, depth: p.depth, frontier: p.frontier, levels: p.levels }),
  );
};

const readRuns = async (io: Io, files: readonly string[]) => {
  const runs: SwarmRunRead[] = [];
  for (const file of files) {
    const run = await readSwarmRun(io, file);
    if (E.isLeft(run)) return run;
    runs.push(run.right);
  }
  return E.right(runs);
};

/** The options given that only a single group's search has. */
const singleGroupOptions = (options: CheckCommandOptions): readonly string[] => [
  ...(options.workers !== undefined && options.workers > 1 ? ['--workers'] : []),
  ...(options.swarmSeed === undefined ? [] : ['--swarm-seed']),
  ...(options.depthFirst === true ? ['--depth-first'] : []),
  ...(options.merge === undefined ? [] : ['--merge']),
  ...(options.store !== undefined && options.store.kind !== 'exact' ? ['--store'] : []),
  ...(options.forcedFailover === undefined ? [] : ['--forced-failover']),
  ...(options.partialOrderReduction === false ? ['--no-partial-order-reduction'] : []),
  ...(options.twins === false ? ['--no-twins'] : []),
  ...(options.random === undefined ? [] : ['--random']),
];

/**
 * A distributed group to search: a scenario naming `distributed` and its `members`, or a T-SQL
 * script that creates one (from where its statements leave it). Null for anything else, which
 * the single-group path reads and, if need be, refuses.
 */
const distributedScenarioOf = async (
  io: Io,
  file: string,
  options: CheckCommandOptions,
): Promise<E.Either<BadInput, DistributedScenario> | null> => {
  if (file.toLowerCase().endsWith('.json')) {
    const document = await readScenarioDocument(io, file);
    return E.isRight(document) && isDistributedScenarioDocument(document.right)
      ? distributedScenarioFrom(file, document.right)
      : null;
  }
  const text = await readText(io, file);
  // Without --sql-version the single-group path says what is missing.
  if (E.isLeft(text) || documentKind(file, text.right) !== 'tsql' || options.version === undefined)
    return null;
  const { scriptScenario } = await import('./decide-distributed-model.js');
  const scenario = scriptScenario(file, text.right, {
    json: options.json,
    version: options.version,
    ...(options.server === undefined ? {} : { server: options.server }),
  });
  if (E.isLeft(scenario)) return scenario;
  return scenario.right === null ? null : E.right(scenario.right);
};

/** `agstate check <config>`: can k faults lose acknowledged commits or stop commits? */
export const runCheck = async (
  io: Io,
  file: string,
  options: CheckCommandOptions,
): Promise<ExitCode> => {
  const input = inputOf(file, options);
  const distributed = await distributedScenarioOf(io, file, options);
  if (distributed !== null) {
    if (E.isLeft(distributed))
      return reportBadInput(io, 'check', distributed.left, options.json, input);
    const { runDistributedCheck } = await import('./check-distributed.js');
    return runDistributedCheck(
      io,
      file,
      distributed.right,
      { ...options, unsupported: singleGroupOptions(options) },
      input,
    );
  }
  const unasked = unaskedQuestion(options.failOn, QUESTION_IDS, 'a single availability group');
  if (unasked !== null) return reportBadInput(io, 'check', unasked, options.json, input);
  if (options.procedure !== undefined || options.memberFailovers === false)
    return reportBadInput(
      io,
      'check',
      badInput(
        options.procedure !== undefined ? '--procedure' : '--no-member-failovers',
        'only a distributed availability group has failover statements between groups: give a scenario naming "distributed" and its "members", or a T-SQL script that creates one',
      ),
      options.json,
      input,
    );
  const loaded = await loadConfigAndUnknowns(io, file, options.version, options.server);
  if (E.isLeft(loaded)) return reportBadInput(io, 'check', loaded.left, options.json, input);
  const config = loaded.right.config;
  const style = styleFor(io.color);
  // What the script leaves to assumption, as validate says it: the search takes the group as read.
  const warned = loaded.right.warnings.map((w) => style.warn(oneLine(`${file}:${w}`)));
  const warnings = options.version === undefined ? {} : { warnings: loaded.right.warnings };
  // Statements SQL Server refuses: the group is searched as the script deploys it, without them
  // (sqlcmd goes on after an error unless told to stop, -b or :On Error exit), and named first.
  const { refused } = loaded.right;
  const refusedJson = refused.length === 0 ? {} : { refused };
  const refusedLines =
    refused.length === 0
      ? []
      : [
          `${file}: SQL Server refuses ${refused.length === 1 ? 'one statement' : `${refused.length} statements`} of this script (validate reports ${refused.length === 1 ? 'it' : 'them'}); the search below takes the group as the script leaves it without ${refused.length === 1 ? 'it' : 'them'}: ${configSummary(config)}`,
          ...violationsLines(style, refused),
        ];
  const violations = validateConfig(config);
  if (violations.length > 0) {
    if (options.json)
      io.stdout(jsonResult(io, 'check', input, { checked: false, violations, ...warnings }));
    else
      io.stdout(
        await terminalText(
          [
            ...warned,
            `${file}: not checked: the configuration breaks documented rules: ${configSummary(config)}`,
            ...violationsLines(style, violations),
          ],
          io,
        ),
      );
    return EXIT.no;
  }
  if (options.random !== undefined) {
    const { runRandomCheck } = await import('./check-random.js');
    // Only a script's value can be one Pacemaker replaces: a JSON configuration states the group's.
    const rsstcNote =
      options.version === undefined
        ? null
        : agentRsstcWalkNote(config, loaded.right.unknown.includes(RSSTC_LEFT_OUT_UNKNOWN));
    const randomExit = await runRandomCheck(
      io,
      file,
      config,
      {
        refused,
        refusedLines,
        json: options.json,
        faults: options.faults,
        runs: options.random,
        seed: options.seed ?? io.randomSeed(),
        ...(rsstcNote === null ? {} : { rsstcNote }),
        ...pick(
          options,
          'commits',
          'forcedFailover',
          'moves',
          'path',
          'failOn',
          'version',
          'server',
        ),
      },
      input,
    );
    return withRefusedExit(randomExit, refused);
  }
  let result: ExploreResult;
  if (options.merge !== undefined) {
    const runs = await readRuns(io, options.merge);
    if (E.isLeft(runs)) return reportBadInput(io, 'check', runs.left, options.json, input);
    const problem = mergeProblem(config, runs.right);
    if (problem !== null)
      return reportBadInput(io, 'check', badInput('--merge', problem), options.json, input);
    result = withRunsUnsettled(mergeSwarm(config, runs.right), runs.right);
  } else {
    result = await search(io, config, options);
    // Only a script's value can be one Pacemaker replaces: a JSON configuration states the group's.
    if (options.version !== undefined)
      result = await withAgentRsstc(
        config,
        result,
        (c) => search(io, c, options),
        loaded.right.unknown.includes(RSSTC_LEFT_OUT_UNKNOWN),
      );
    // A script's CREATE on no named replica: the primary it starts from is a guess.
    result = await withUnplacedCreate(config, result, (c) => search(io, c, options));
  }
  result = withoutDatabases(config, result);
  const replicas = config.replicas.map((r) => r.name);
  const primary = initialPrimary(config)?.name;
  const mermaid = Object.fromEntries(
    Object.entries(result.answers).flatMap(([id, a]) =>
      a.trace === null
        ? []
        : [[id, sequenceDiagram(a.trace, replicas, primary, blockedNotes(a.blocked ?? []))]],
    ),
  );
  if (options.json)
    io.stdout(
      jsonResult(io, 'check', input, {
        checked: true,
        result,
        mermaid,
        ...warnings,
        ...refusedJson,
      }),
    );
  else
    io.stdout(
      await terminalText(
        [...warned, ...refusedLines, ...checkLines(style, result, replicas, primary)],
        io,
      ),
    );
  const [broken] = result.violations;
  if (broken !== undefined) {
    io.stderr(
      `agstate check: internal error: the model broke its invariant ${oneLine(broken.violation.invariant)} (the output shows how)\n`,
    );
    return EXIT.internal;
  }
  const exit = searchExit(result, options.failOn);
  return withRefusedExit(
    exit === EXIT.ok && unsettledAsked(result, options.failOn) ? EXIT.unknown : exit,
    refused,
  );
};

/**
 * A script with a statement SQL Server refuses breaks documented rules, as validate says (exit 1),
 * whatever the search found; an internal error stays one.
 */
const withRefusedExit = (exit: ExitCode, refused: readonly unknown[]): ExitCode =>
  refused.length > 0 && exit !== EXIT.internal ? EXIT.no : exit;
