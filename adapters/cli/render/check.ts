import type { Answer, ExploreResult, QuestionId, TraceStep } from '../../../core/explore/index.js';
import { sequenceDiagram } from '../../report/explore.js';
import type { Style } from './style.js';
import { observationLines } from './trace.js';

/** The explorer's verdicts as text: each question, and the shortest trace behind every "yes". */

const stepLines = (style: Style, step: TraceStep, n: number): string[] => [
  `    ${n}. ${style.name(step.label)}`,
  ...step.observations
    .filter((o) => o.type !== 'state.changed')
    .flatMap((o) => observationLines(style, o, '       ')),
];

const answerLines = (style: Style, a: Answer, replicas: readonly string[]): string[] => [
  `${a.question} ${a.answer ? style.bad('yes') : style.good('no')}`,
  ...(a.trace === null
    ? []
    : [
        '  the shortest way:',
        ...a.trace.flatMap((s, i) => stepLines(style, s, i + 1)),
        '  as a Mermaid sequence diagram:',
        '```mermaid',
        sequenceDiagram(a.trace, replicas),
        '```',
      ]),
];

export const checkLines = (
  style: Style,
  r: ExploreResult,
  replicas: readonly string[],
): string[] => [
  style.bold(
    `${r.group}: ${r.statesExplored} states explored (${r.transitions} transitions, depth ${r.depth}) with at most ${r.faults} fault${r.faults === 1 ? '' : 's'} and ${r.commits} commit${r.commits === 1 ? '' : 's'}`,
  ),
  ...(r.complete
    ? []
    : [
        style.warn(
          'the search stopped at --max-states: a "no" means only "not among the states explored"',
        ),
      ]),
  '',
  ...(Object.keys(r.answers) as QuestionId[]).flatMap((id) =>
    answerLines(style, r.answers[id], replicas),
  ),
  ...r.violations.flatMap((v) => [
    style.bad(`the model broke its own invariant ${v.violation.invariant}: ${v.violation.message}`),
    ...v.trace.flatMap((s, i) => stepLines(style, s, i + 1)),
  ]),
];
