import fc from 'fast-check';
import { type BlockedCommit, blockedCommitsAt } from '../../../core/explore/blocked-commits.js';
import { QUESTION_IDS, QUESTIONS } from '../../../core/explore/questions.js';
import { replay, type TraceStep } from '../../../core/explore/search.js';
import { type WalkTarget, walk, walkSpace } from '../../../core/explore/walk.js';
import { type Config, initialPrimary } from '../../../core/model/config.js';
import type { Reason } from '../../../core/model/source.js';
import { sequenceDiagram } from '../../report/explore.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { type VersionArg, versionText } from '../options.js';
import { blockedLines, blockedNotes, traceStepLines } from '../render/check.js';
import { jsonResult } from '../render/json.js';
import { type Style, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { guessedPrimary, unplacedSettledBy } from './check-unplaced-create.js';

/**
 * `agstate check <config> --random <runs>`: property-based testing of the user's own group. For
 * each question (and the model's invariants), fast-check draws sequences of choices that steer a
 * walk through the explorer's space (core/explore/walk.ts), and shrinks the first walk that
 * answers yes to the fewest, simplest moves. Every finding names the seed and fast-check's path,
 * which replay it exactly; a question no walk answered is "not found", never "no".
 */

export interface RandomCheckOptions {
  readonly json: boolean;
  readonly faults: number;
  readonly commits?: number;
  readonly forcedFailover?: 'withoutPrimary' | 'always' | 'never';
  /** Walks per question. */
  readonly runs: number;
  /** The most moves a walk takes. */
  readonly moves?: number;
  readonly seed: number;
  /** fast-check's replay path of one finding (--path), with --fail-on naming its question. */
  readonly path?: string;
  readonly failOn?: readonly string[];
  /** A T-SQL script's --sql-version and --server, which the replay command must repeat. */
  readonly version?: VersionArg;
  readonly server?: string;
  /** The script leaves the group's REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT open: what a yes holds with. */
  readonly rsstcNote?: string;
  /** Statements of the script SQL Server refuses, left out of the group walked (check.ts). */
  readonly refused?: readonly Reason[];
  /** The same, as the lines the text output starts with. */
  readonly refusedLines?: readonly string[];
}

export const DEFAULT_WALK_MOVES = 60;

const INVARIANTS_QUESTION = "Can any of the model's own invariants break?";

interface Finding {
  /** fast-check's run that failed first, counted from 1. */
  readonly run: number;
  readonly shrinks: number;
  /** fast-check's path of the shrunk case, which --path replays. */
  readonly replayPath: string;
  /** The action numbers the shrunk walk took, as `check --merge` paths are. */
  readonly path: readonly number[];
  readonly trace: readonly TraceStep[];
  readonly invariant?: string;
  /** Commits blocked: each database refused where the walk ends, and why. */
  readonly blocked?: readonly BlockedCommit[];
}

interface TargetResult {
  readonly target: WalkTarget;
  readonly question: string;
  /** unknown: a walk found it, from a primary the script does not name (`unsettled` says so). */
  readonly verdict: 'yes' | 'notFound' | 'unknown';
  readonly unsettled?: string;
  readonly runs: number;
  readonly finding: Finding | null;
}

const questionOf = (target: WalkTarget): string =>
  target === 'invariants' ? INVARIANTS_QUESTION : QUESTIONS[target];

const searchTarget = (
  config: Config,
  options: RandomCheckOptions,
  target: WalkTarget,
): TargetResult => {
  const space = walkSpace(config, {
    faults: options.faults,
    ...(options.commits === undefined ? {} : { commits: options.commits }),
    ...(options.forcedFailover === undefined ? {} : { forcedFailover: options.forcedFailover }),
  });
  const choices = fc.array(fc.nat({ max: 1_000_000 }), {
    maxLength: options.moves ?? DEFAULT_WALK_MOVES,
  });
  const details = fc.check(
    fc.property(choices, (c) => walk(space, c, target) === null),
    {
      seed: options.seed,
      numRuns: options.runs,
      ...(options.path === undefined ? {} : { path: options.path }),
    },
  );
  const question = questionOf(target);
  const counterexample = details.counterexample?.[0];
  if (!details.failed || counterexample === undefined || details.counterexamplePath === null)
    return { target, question, verdict: 'notFound', runs: details.numRuns, finding: null };
  const found = walk(space, counterexample, target);
  if (found === null)
    throw new Error(`internal error: the shrunk walk for ${target} no longer finds it`);
  return {
    target,
    question,
    verdict: 'yes',
    runs: details.numRuns,
    finding: {
      run: details.numRuns,
      shrinks: details.numShrinks,
      replayPath: details.counterexamplePath,
      path: found.path,
      trace: replay(space, found.path),
      ...(found.invariant === undefined ? {} : { invariant: found.invariant }),
      ...(target === 'commitsBlocked' ? { blocked: blockedCommitsAt(space, found.path) } : {}),
    },
  };
};

const moves = (n: number) => `${n} move${n === 1 ? '' : 's'}`;

/** A word the shell passes as it is, or the word in single quotes (a path with a space, SQL1\INST). */
const shellWord = (word: string): string =>
  /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The command that replays a finding: every option that shapes the walks' space, a script's
 * --sql-version and --server too (without the version the command refuses the script, and another
 * instance running CREATE starts the walks from another primary).
 */
const replayHint = (file: string, options: RandomCheckOptions, r: TargetResult): string =>
  [
    `agstate check ${shellWord(file)}`,
    ...(options.version === undefined ? [] : [`--sql-version ${versionText(options.version)}`]),
    ...(options.server === undefined ? [] : [`--server ${shellWord(options.server)}`]),
    `--random ${options.runs} --seed ${options.seed} --path ${r.finding?.replayPath} --fail-on ${r.target}`,
    ...(options.moves === undefined ? [] : [`--moves ${options.moves}`]),
    `--faults ${options.faults}`,
    ...(options.commits === undefined ? [] : [`--commits ${options.commits}`]),
    ...(options.forcedFailover === undefined
      ? []
      : [`--forced-failover ${options.forcedFailover}`]),
  ].join(' ');

const resultLines = (
  style: Style,
  file: string,
  config: Config,
  options: RandomCheckOptions,
  results: readonly TargetResult[],
): string[] => [
  `${file}: random walks through ${style.name(config.name)}: ${options.runs} per question, at most ${moves(options.moves ?? DEFAULT_WALK_MOVES)} each, ${options.faults} fault(s), ${options.commits ?? 2} commit(s), seed ${options.seed}${options.path === undefined ? '' : `, replaying path ${options.path}`}`,
  ...results.flatMap((r) =>
    r.finding === null
      ? [
          `${r.question} ${style.warn(`not found in ${r.runs} walks`)} (unknown: random walks never prove "no"; agstate check without --random searches the whole space)`,
        ]
      : [
          `${r.question} ${r.unsettled === undefined ? style.bad('yes') : style.warn(`unknown: ${r.unsettled}`)}${r.finding.invariant === undefined ? '' : ` (${r.finding.invariant})`}: walk ${r.finding.run} found it, shrunk in ${r.finding.shrinks} step(s) to ${moves(r.finding.trace.length)}:`,
          ...r.finding.trace.flatMap((s, i) => traceStepLines(style, s, i + 1)),
          ...blockedLines(style, r.finding.blocked ?? []),
          `  replay it: ${replayHint(file, options, r)}`,
        ],
  ),
];

/** Run the walks for every question asked (every question by default) and the invariants. */
export const runRandomCheck = async (
  io: Io,
  file: string,
  config: Config,
  options: RandomCheckOptions,
  input: Readonly<Record<string, unknown>>,
): Promise<ExitCode> => {
  const failOn = options.failOn ?? QUESTION_IDS;
  // A replayed path belongs to one property: only the question it was found for (--fail-on) runs.
  const targets: readonly WalkTarget[] =
    options.path === undefined
      ? [...QUESTION_IDS, 'invariants']
      : QUESTION_IDS.filter((q) => failOn.includes(q));
  // A walk starts from one primary, with one REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: where
  // the script leaves either open, a question's yes holds with that start's only (the search
  // proper tries each, check-unplaced-create.ts and check-agent-rsstc.ts).
  const guessed = guessedPrimary(config);
  const assumed = [
    ...(guessed === null
      ? []
      : [
          `with ${guessed} as the primary (the walk below), not tried from the others: ${unplacedSettledBy(config.name)}`,
        ]),
    ...(options.rsstcNote === undefined ? [] : [options.rsstcNote]),
  ];
  const results = targets
    .map((t) => searchTarget(config, options, t))
    .map(
      (r): TargetResult =>
        assumed.length === 0 || r.verdict !== 'yes' || r.target === 'invariants'
          ? r
          : { ...r, verdict: 'unknown', unsettled: `yes ${assumed.join('; and ')}` },
    );
  const replicas = config.replicas.map((r) => r.name);
  const primary = initialPrimary(config)?.name;
  if (options.json)
    io.stdout(
      jsonResult(io, 'check', input, {
        checked: true,
        ...(options.refused === undefined || options.refused.length === 0
          ? {}
          : { refused: options.refused }),
        random: {
          group: config.name,
          runs: options.runs,
          moves: options.moves ?? DEFAULT_WALK_MOVES,
          faults: options.faults,
          commits: options.commits ?? 2,
          seed: options.seed,
          answers: Object.fromEntries(
            results.map((r) => [
              r.target,
              {
                question: r.question,
                verdict: r.verdict,
                ...(r.unsettled === undefined ? {} : { unsettled: r.unsettled }),
                walks: r.runs,
                finding:
                  r.finding === null
                    ? null
                    : {
                        ...r.finding,
                        replay: replayHint(file, options, r),
                        mermaid: sequenceDiagram(
                          r.finding.trace,
                          replicas,
                          primary,
                          blockedNotes(r.finding.blocked ?? []),
                        ),
                      },
              },
            ]),
          ),
        },
      }),
    );
  else
    io.stdout(
      await terminalText(
        [
          ...(options.refusedLines ?? []),
          ...resultLines(styleFor(io.color), file, config, options, results),
        ],
        io,
      ),
    );
  if (results.some((r) => r.target === 'invariants' && r.verdict === 'yes')) {
    io.stderr(
      'agstate check: internal error: the model broke one of its invariants (the output shows how)\n',
    );
    return EXIT.internal;
  }
  if (results.some((r) => r.verdict === 'yes' && failOn.includes(r.target))) return EXIT.no;
  // Walks that found nothing prove nothing: the answer is unknown, as for a search that stopped.
  return EXIT.unknown;
};
