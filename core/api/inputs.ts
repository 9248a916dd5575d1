import * as E from 'fp-ts/lib/Either.js';
import type { StepResult } from '../cluster/result.js';
import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import { checkFacts } from '../consistency/facts.js';
import { type DecideOptions, type Decisions, decide } from '../decide/decide.js';
import { resolveConfig } from '../model/config.js';
import { decodeConfig, decodeWith } from '../model/decode.js';
import { ClusterEvent } from '../model/events.js';
import { ClusterFacts } from '../model/facts.js';
import type { DecodeProblem } from '../model/report.js';
import { ScenarioInput } from '../model/scenario.js';
import { scenarioStepProblems } from '../model/scenario-check.js';
import type { Reason } from '../model/source.js';
import { validateConfig } from '../validation/validate.js';
import type { Result } from './result.js';

/**
 * One door for input that has not been decoded: `checkInput` decodes a value as a configuration,
 * DMV facts, an event or a scenario, runs every check the command line runs (the configuration
 * rules, the consistency checks of docs/checks.md, the scenario's times and names), and returns
 * every problem with its place. It never throws. `decideInput` and `stepInput` decide and step
 * only on input that passed. The typed entries (`decide`, `step`, `validateConfig`) expect values
 * that were decoded.
 */

export type InputKind = 'config' | 'facts' | 'event' | 'scenario';

export interface InputProblem {
  /** A JSON pointer into the input ('' for the whole of it), or the origin a facts row names. */
  readonly place: string;
  /** DECODE for a value of the wrong shape; else the rule's or the check's code. */
  readonly code: string;
  readonly message: string;
  /** error: refused; suspicious: kept, and the decisions that read it are unknown. */
  readonly severity: 'error' | 'suspicious';
}

const decodeProblem = (p: DecodeProblem): InputProblem => ({
  place: p.pointer,
  code: 'DECODE',
  message: p.message,
  severity: 'error',
});

/** A configuration rule concerns the group as a whole: its place is the configuration. */
const ruleProblem =
  (place: string) =>
  (r: Reason): InputProblem => ({ place, code: r.code, message: r.message, severity: 'error' });

const decodedFacts = (input: unknown): E.Either<readonly InputProblem[], ClusterFacts> => {
  // Facts built in the same program (clusterFacts) already hold bigint LSNs.
  if (ClusterFacts.is(input)) return E.right(input);
  return E.mapLeft((ps: readonly DecodeProblem[]) => ps.map(decodeProblem))(
    decodeWith(ClusterFacts)(input),
  );
};

const factsProblems = (facts: ClusterFacts): InputProblem[] => [
  ...validateConfig(facts.config).map(ruleProblem('/config')),
  ...checkFacts(facts).map((f) => ({
    place: f.place,
    code: f.code,
    message: f.message,
    severity: f.severity === 'impossible' ? ('error' as const) : ('suspicious' as const),
  })),
];

const checkScenario = (input: unknown): readonly InputProblem[] => {
  const decoded = decodeWith(ScenarioInput)(input);
  if (E.isLeft(decoded)) return decoded.left.map(decodeProblem);
  // A configuration given as a T-SQL script is read by the adapters, which check it there.
  if ('tsql' in decoded.right.config) return [];
  const config = resolveConfig(decoded.right.config);
  return [
    ...validateConfig(config).map(ruleProblem('/config')),
    ...scenarioStepProblems(config, decoded.right.steps).map(decodeProblem),
  ];
};

/** Every problem of `input` read as `kind`, each with its place; empty when there is none. Never throws. */
export const checkInput = (kind: InputKind, input: unknown): readonly InputProblem[] => {
  switch (kind) {
    case 'config': {
      const decoded = decodeConfig(input);
      return E.isLeft(decoded)
        ? decoded.left.map(decodeProblem)
        : validateConfig(decoded.right).map(ruleProblem(''));
    }
    case 'facts': {
      const decoded = decodedFacts(input);
      return E.isLeft(decoded) ? decoded.left : factsProblems(decoded.right);
    }
    case 'event': {
      const decoded = decodeWith(ClusterEvent)(input);
      return E.isLeft(decoded) ? decoded.left.map(decodeProblem) : [];
    }
    case 'scenario':
      return checkScenario(input);
    default:
      return [
        {
          place: '',
          code: 'DECODE',
          message: `unknown input kind ${JSON.stringify(kind)}; expected config, facts, event or scenario`,
          severity: 'error',
        },
      ];
  }
};

/**
 * Decide on facts that have not been decoded (a DMV snapshot's facts as JSON, LSNs as decimal
 * strings, or facts a program built). Refused with every problem when they do not decode, break a
 * configuration rule or hold an impossible contradiction; suspicious facts are kept and listed in
 * `Decisions.findings`, and the decisions that read them are unknown.
 */
export const decideInput = (
  input: unknown,
  options: DecideOptions = {},
): Result<Decisions, InputProblem> => {
  const decoded = decodedFacts(input);
  if (E.isLeft(decoded)) return { ok: false, problems: decoded.left };
  const errors = factsProblems(decoded.right).filter((p) => p.severity === 'error');
  return errors.length > 0
    ? { ok: false, problems: errors }
    : { ok: true, value: decide(decoded.right, options) };
};

/** Step a cluster with an event that has not been decoded; it must name the group's replicas and databases. */
export const stepInput = (cluster: Cluster, event: unknown): Result<StepResult, InputProblem> => {
  const decoded = decodeWith(ClusterEvent)(event);
  if (E.isLeft(decoded)) return { ok: false, problems: decoded.left.map(decodeProblem) };
  const held = [
    ...Object.keys(cluster.catalog),
    ...cluster.replicas.flatMap((r) => Object.keys(r.databases)),
  ];
  const names = scenarioStepProblems(cluster.config, [{ event: decoded.right }], held).map((p) =>
    decodeProblem({ ...p, pointer: p.pointer.replace(/^\/steps\/0\/event/, '') }),
  );
  return names.length > 0
    ? { ok: false, problems: names }
    : { ok: true, value: step(cluster, decoded.right) };
};
