import type { Config } from '../model/config.js';
import {
  NO_PRIMARY_CAUSE_IDS,
  type NoPrimaryCause,
  QUESTION_IDS,
  type QuestionId,
} from './questions.js';
import { type ExploreResult, resultOf } from './result.js';
import {
  type Findings,
  type ForcedFailoverPolicy,
  move,
  newFindings,
  offered,
  searchSpace,
  startPosition,
} from './search.js';

/**
 * Merging swarm runs of one configuration and budget. Answers: a "yes" from any run is a yes, with
 * the shortest of the runs' traces (replayed here from its action numbers). Coverage: the runs
 * overlap, so the distinct states they met together lie between the largest run's count and the
 * sum; each run omits a state only when its bits were all set by others, and each hashes with its
 * own seed, so a state every run met is missed by all with probability Π(1 − cᵢ), and the merged
 * expected coverage is 1 − Π(1 − cᵢ).
 */

/** What `check --merge` needs of one run's result (decoded at the edge). */
export interface SwarmRun {
  readonly group: string;
  readonly faults: number;
  readonly commits: number;
  readonly forcedFailover: ForcedFailoverPolicy;
  readonly seed: number;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  readonly complete: boolean;
  readonly bytes: number;
  readonly hashFactor: number;
  readonly hashes: number;
  readonly expectedCoverage: number;
  readonly answers: Partial<Record<QuestionId, readonly number[] | null>>;
  readonly causes: Partial<Record<NoPrimaryCause, readonly number[] | null>>;
  readonly violations: readonly (readonly number[])[];
  /**
   * Each path the run recorded, with the labels of the moves it took: paths are action numbers,
   * which only the alphabet of the build that ran them gives a meaning to.
   */
  readonly traces: readonly RecordedTrace[];
}

export interface RecordedTrace {
  readonly path: readonly number[];
  readonly labels: readonly string[];
}

/** The paths of a run's answers and violations that have a trace, with the labels of their moves. */
export const recordedTraces = (
  answers: Iterable<{
    readonly path: readonly number[] | null;
    readonly trace: readonly { readonly label: string }[] | null;
  }>,
): RecordedTrace[] =>
  [...answers].flatMap((a) =>
    a.path === null || a.trace === null
      ? []
      : [{ path: a.path, labels: a.trace.map((step) => step.label) }],
  );

const shortest = (paths: readonly (readonly number[] | null | undefined)[]) =>
  paths
    .filter((p): p is readonly number[] => p !== null && p !== undefined)
    .reduce<readonly number[] | undefined>(
      (best, p) => (best === undefined || p.length < best.length ? p : best),
      undefined,
    );

/** The broken invariants met along a path, each with the path up to its step. */
const violationsAlong = (config: Config, run: SwarmRun, path: readonly number[]) => {
  const space = searchSpace(config, run);
  let p = startPosition(space);
  return path.flatMap((n, i) => {
    const action = offered(space, p)[n];
    const m = action === undefined ? null : move(p, action);
    if (m === null) return [];
    p = m.position;
    return m.violations.map((violation) => ({ violation, path: path.slice(0, i + 1) }));
  });
};

/**
 * Where a recorded path takes other moves here than in the run that recorded it (a run written by
 * a build whose alphabet offers other moves, or a run of another configuration of the same name),
 * or null when every move is the one it took.
 */
const replayProblem = (config: Config, run: SwarmRun, trace: RecordedTrace): string | null => {
  const space = searchSpace(config, run);
  let p = startPosition(space);
  for (let i = 0; i < trace.path.length; i++) {
    const action = offered(space, p)[trace.path[i]!];
    const taken = trace.labels[i];
    const m = action === undefined ? null : move(p, action);
    if (action === undefined || action.label !== taken || m === null)
      return `the run with seed ${run.seed} does not replay here: its move ${i + 1} was "${taken}", and here that move is ${action === undefined ? 'not offered' : `"${action.label}"${m === null ? ', refused' : ''}`} (a run of another configuration, or written by another build of agstate; run it again with this one)`;
    p = m.position;
  }
  return null;
};

/**
 * Why runs cannot be merged, or null: they must check one group under one budget, and every path
 * they recorded must take here the moves it took in its run.
 */
export const mergeProblem = (config: Config, runs: readonly SwarmRun[]): string | null => {
  const [first] = runs;
  if (first === undefined) return 'no runs to merge';
  if (first.group !== config.name)
    return `the runs checked the group ${first.group}, not ${config.name}`;
  const other = runs.find(
    (r) =>
      r.group !== first.group ||
      r.faults !== first.faults ||
      r.commits !== first.commits ||
      r.forcedFailover !== first.forcedFailover,
  );
  if (other !== undefined)
    return `the run with seed ${other.seed} has another group or budget (faults, commits, forced failover) than the run with seed ${first.seed}`;
  for (const run of runs)
    for (const trace of run.traces) {
      const problem = replayProblem(config, run, trace);
      if (problem !== null) return problem;
    }
  return null;
};

export const mergeSwarm = (config: Config, runs: readonly SwarmRun[]): ExploreResult => {
  const first = runs[0]!;
  const space = searchSpace(config, first);
  const found: Findings = newFindings();
  for (const id of QUESTION_IDS) {
    const path = shortest(runs.map((r) => r.answers[id]));
    if (path !== undefined) found.answers[id] = path;
  }
  for (const id of NO_PRIMARY_CAUSE_IDS) {
    const path = shortest(runs.map((r) => r.causes[id]));
    if (path !== undefined) found.causes[id] = path;
  }
  for (const run of runs)
    for (const path of run.violations)
      for (const v of violationsAlong(config, run, path))
        if (!found.violations.some((f) => f.violation.invariant === v.violation.invariant))
          found.violations.push(v);
  const statesAtLeast = Math.max(...runs.map((r) => r.statesExplored));
  const statesAtMost = runs.reduce((n, r) => n + r.statesExplored, 0);
  const expectedCoverage = 1 - runs.reduce((miss, r) => miss * (1 - r.expectedCoverage), 1);
  const bytes = runs.reduce((n, r) => n + r.bytes, 0);
  return resultOf(space, found, {
    statesExplored: statesAtLeast,
    transitions: runs.reduce((n, r) => n + r.transitions, 0),
    depth: Math.max(...runs.map((r) => r.depth)),
    complete: runs.every((r) => r.complete),
    store: {
      kind: 'bitstate',
      states: statesAtLeast,
      bytes,
      bytesPerState: bytes / statesAtMost,
      hashFactor: Math.min(...runs.map((r) => r.hashFactor)),
      hashes: first.hashes,
      expectedCoverage,
    },
    search: {
      kind: 'swarm',
      shortest: false,
      partialOrderReduction: false,
      swarm: {
        runs: runs.length,
        seeds: runs.map((r) => r.seed),
        statesAtLeast,
        statesAtMost,
        expectedCoverage,
      },
    },
  });
};

/** A swarm run's result as merge reads it. */
export const swarmRunOf = (r: ExploreResult): SwarmRun => ({
  group: r.group,
  faults: r.faults,
  commits: r.commits,
  forcedFailover: r.forcedFailover,
  seed: r.search.seed ?? 0,
  statesExplored: r.statesExplored,
  transitions: r.transitions,
  depth: r.depth,
  complete: r.complete,
  bytes: r.store.bytes,
  hashFactor: r.store.hashFactor ?? 0,
  hashes: r.store.hashes ?? 0,
  expectedCoverage: r.store.expectedCoverage ?? 0,
  answers: Object.fromEntries(QUESTION_IDS.map((id) => [id, r.answers[id].path])),
  causes: Object.fromEntries(
    NO_PRIMARY_CAUSE_IDS.map((id) => [id, r.noWritablePrimaryCauses[id].path]),
  ),
  violations: r.violations.map((v) => v.path),
  traces: recordedTraces([
    ...QUESTION_IDS.map((id) => r.answers[id]),
    ...NO_PRIMARY_CAUSE_IDS.map((id) => r.noWritablePrimaryCauses[id]),
    ...r.violations,
  ]),
});
