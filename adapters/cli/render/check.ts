import type {
  Answer,
  BlockedCommit,
  BudgetAnswer,
  BudgetResult,
  BudgetSearch,
  ExploreResult,
  NoPrimaryCause,
  QuestionId,
  StoreReport,
  TraceStep,
  Verdict,
} from '../../../core/explore/index.js';
import { sequenceDiagram } from '../../report/explore.js';
import { reasonsLines, type Style } from './style.js';
import { observationLines } from './trace.js';

/** The explorer's verdicts as text: each question, and the shortest trace behind every "yes". */

export const traceStepLines = (style: Style, step: TraceStep, n: number): string[] => [
  `    ${n}. ${style.name(step.label)}`,
  ...step.observations
    .filter((o) => o.type !== 'state.changed')
    .flatMap((o) => observationLines(style, o, '       ')),
];

/** Where a "commits blocked" trace ends: each database the primary refuses, and why. */
export const blockedLines = (style: Style, blocked: readonly BlockedCommit[]): string[] =>
  blocked.flatMap((b) => [
    `  there the primary refuses commits on ${style.name(b.database)}:`,
    ...reasonsLines(style, b.reasons, '    '),
  ]);

/** The same, as notes at the end of the sequence diagram. */
export const blockedNotes = (blocked: readonly BlockedCommit[]): string[] =>
  blocked.map(
    (b) => `commits refused on ${b.database} (${b.reasons.map((r) => r.code).join(', ')})`,
  );

export const figure = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** yes, no, or unknown with how far the search went: never "no" for a search that stopped. */
export const verdictText = (style: Style, verdict: Verdict, statesExplored: number): string =>
  verdict === 'yes'
    ? style.bad('yes')
    : verdict === 'no'
      ? style.good('no')
      : style.warn(`unknown: not found among the ${figure(statesExplored)} states explored`);

const faultsText = (n: number) => `${n} fault${n === 1 ? '' : 's'}`;

/** Each budget searched, when the run went fault by fault. */
export const budgetsOf = (r: BudgetResult): readonly BudgetSearch[] | undefined =>
  (r as { readonly byFaults?: readonly BudgetSearch[] }).byFaults;

/** An answer's verdict, with what a fault-by-fault run proved on the way. */
export const answerVerdict = (style: Style, a: BudgetAnswer, r: BudgetResult): string => {
  const unsettled = (a as { readonly unsettled?: string }).unsettled;
  if (unsettled !== undefined) return style.warn(`unknown: ${unsettled}`);
  const last = budgetsOf(r)?.at(-1);
  if (a.fewestFaults !== undefined)
    return `${style.bad('yes')}, with ${faultsText(a.fewestFaults)}${a.fewestFaults === 0 ? '' : ' (none with fewer)'}`;
  if (a.verdict !== 'unknown' || last === undefined)
    return verdictText(style, a.verdict, r.statesExplored);
  const proved =
    a.noUpToFaults === undefined
      ? ''
      : `no with at most ${faultsText(a.noUpToFaults)} (that space searched to its end); `;
  const reached = last.complete
    ? `the search stopped before ${faultsText(last.faults + 1)}`
    : `not found among the ${figure(last.statesExplored)} states explored with ${faultsText(last.faults)}`;
  return style.warn(`unknown: ${proved}${reached}`);
};

const answerLines = (
  style: Style,
  a: Answer,
  replicas: readonly string[],
  r: ExploreResult,
  primary: string | undefined,
): string[] => [
  `${a.question} ${answerVerdict(style, a, r)}`,
  ...(a.trace === null
    ? []
    : a.trace.length === 0
      ? // The group as configured answers yes: a way of no step and an empty diagram say nothing.
        ['  so from the start, before any event', ...blockedLines(style, a.blocked ?? [])]
      : [
          a.fewestFaults !== undefined && r.search.shortest
            ? '  the shortest way with that many faults:'
            : r.search.shortest
              ? '  the shortest way:'
              : '  a way (not necessarily the shortest):',
          ...a.trace.flatMap((s, i) => traceStepLines(style, s, i + 1)),
          ...blockedLines(style, a.blocked ?? []),
          '  as a Mermaid sequence diagram:',
          '```mermaid',
          sequenceDiagram(a.trace, replicas, primary, blockedNotes(a.blocked ?? [])),
          '```',
        ]),
];

/** The store's size per state, and for a lossy store how much it may have missed. */
export const storeLine = (r: StoreReport): string => {
  const base = `visited store: ${r.kind}, ${figure(r.bytes / 1024 / 1024, 2)} MiB, ${figure(r.bytesPerState)} bytes per state`;
  if (r.kind === 'hashCompaction')
    return `${base}; probability that a state was omitted (two shared a fingerprint): ${(r.omissionProbability ?? 0).toExponential(2)}`;
  if (r.kind === 'bitstate')
    return `${base}; hash factor ${figure(r.hashFactor ?? 0)} (SPIN: best if > 100), ${r.hashes} bits per state, expected coverage ${figure(100 * (r.expectedCoverage ?? 0), 4)}%`;
  return base;
};

const searchLine = (r: ExploreResult): string => {
  const s = r.search;
  if (s.swarm !== undefined)
    return `search: ${s.swarm.runs} swarm runs merged (seeds ${s.swarm.seeds.join(', ')}): between ${figure(s.swarm.statesAtLeast)} and ${figure(s.swarm.statesAtMost)} distinct states met together; expected coverage 1 − Π(1 − cᵢ) = ${figure(100 * s.swarm.expectedCoverage, 6)}%`;
  const parts = [
    s.kind,
    ...(s.workers === undefined ? [] : [`${s.workers} workers`]),
    ...(s.seed === undefined ? [] : [`seed ${s.seed}`]),
    s.partialOrderReduction
      ? `partial-order reduction on (sleep sets left out ${figure(s.asleep ?? 0)} moves that another order covers)`
      : 'partial-order reduction off',
    ...(s.mirrored === undefined
      ? []
      : [
          `twins on (${figure(s.mirrored)} moves left out, each the same move on a replica in the same state)`,
        ]),
  ];
  return `search: ${parts.join(', ')}`;
};

/** "No writable primary", once per cause that can happen, each with its steps on one line. */
/** A cause left out is one the whole search did not meet; after a stop, it is shown as unknown. */
const causeLines = (style: Style, r: ExploreResult): string[] =>
  (Object.keys(r.noWritablePrimaryCauses) as NoPrimaryCause[]).flatMap((id) => {
    const a = r.noWritablePrimaryCauses[id];
    if (a.verdict === 'unknown') return [`  because ${a.question}: ${answerVerdict(style, a, r)}`];
    return a.trace === null
      ? []
      : [
          `  because ${a.question}: ${answerVerdict(style, a, r)}, by ${a.trace.map((s) => style.name(s.label)).join(' → ')}`,
        ];
  });

/**
 * After a stopped search of one budget above 0: a breadth-first run at k faults finishes no
 * smaller budget first; fault by fault does.
 */
export const faultByFaultHint = (r: BudgetResult): string[] =>
  r.complete || r.faults === 0 || budgetsOf(r) !== undefined
    ? []
    : [
        '(--fault-by-fault searches 0 faults, then 1, … each to its end: what it finishes is proved)',
      ];

/** A fault-by-fault run: each budget, how far it went. */
export const budgetLines = (r: BudgetResult): string[] =>
  (budgetsOf(r) ?? []).map(
    (b) =>
      `  with at most ${faultsText(b.faults)}: ${figure(b.statesExplored)} states, ${b.complete ? 'searched to its end' : (b.stopped ?? 'the search stopped at --max-states')}`,
  );

export const checkLines = (
  style: Style,
  r: ExploreResult,
  replicas: readonly string[],
  primary?: string,
): string[] => [
  style.bold(
    `${r.group}: ${r.search.swarm === undefined ? '' : 'at least '}${figure(r.statesExplored)} states explored (${figure(r.transitions)} transitions, depth ${r.depth}) with at most ${r.faults} fault${r.faults === 1 ? '' : 's'} and ${r.commits} commit${r.commits === 1 ? '' : 's'}${budgetsOf(r) === undefined ? '' : ', fault by fault'}`,
  ),
  ...budgetLines(r),
  ...(r.complete
    ? []
    : [
        style.warn(
          `${r.stopped ?? 'the search stopped at --max-states'}: what it did not find is unknown, not "no"`,
        ),
        ...(r.search.kind === 'swarm' ? [] : faultByFaultHint(r)),
      ]),
  storeLine(r.store),
  searchLine(r),
  '',
  ...(Object.keys(r.answers) as QuestionId[]).flatMap((id) => [
    ...answerLines(style, r.answers[id], replicas, r, primary),
    ...(id === 'noWritablePrimary' ? causeLines(style, r) : []),
  ]),
  ...r.violations.flatMap((v) => [
    style.bad(`the model broke its own invariant ${v.violation.invariant}: ${v.violation.message}`),
    ...v.trace.flatMap((s, i) => traceStepLines(style, s, i + 1)),
  ]),
];
