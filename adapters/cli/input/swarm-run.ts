import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { recordedTraces, type SwarmRun } from '../../../core/explore/merge.js';
import { decodeWith } from '../../../core/model/decode.js';
import { formatProblem } from '../../../core/model/report.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { parseJson } from './json.js';
import { readText } from './read.js';

/**
 * One swarm run's result, as `agstate check --swarm-seed S --json` wrote it: only what merging
 * needs (the budget, the figures, and each answer's path of action numbers).
 */
const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a whole number');
const Share = t.refinement(t.number, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
const Path = t.union([t.readonlyArray(Count), t.null], 'a list of action numbers, or null');
/** The moves a path took, by label: a merge replays each path and checks it takes them again. */
const Trace = t.union(
  [t.readonlyArray(t.type({ label: t.string })), t.null],
  'a list of moves with their labels, or null',
);
const Paths = t.record(
  t.string,
  t.intersection([
    t.type({ path: Path, trace: Trace }),
    // An answer the run left unknown whatever it found, and why (check-unplaced-create.ts).
    t.partial({ unsettled: t.string }),
  ]),
);

const RunDocument = t.type({
  command: t.literal('check'),
  result: t.type(
    {
      checked: t.literal(true),
      result: t.type(
        {
          group: t.string,
          faults: Count,
          commits: Count,
          forcedFailover: t.keyof({ withoutPrimary: null, always: null, never: null }),
          statesExplored: Count,
          transitions: Count,
          depth: Count,
          complete: t.boolean,
          store: t.type({
            kind: t.literal('bitstate'),
            bytes: Count,
            hashFactor: t.number,
            hashes: Count,
            expectedCoverage: Share,
          }),
          search: t.type({ kind: t.literal('swarm'), seed: Count }),
          answers: Paths,
          noWritablePrimaryCauses: Paths,
          violations: t.readonlyArray(
            t.type({
              path: t.readonlyArray(Count),
              trace: t.readonlyArray(t.type({ label: t.string })),
            }),
          ),
        },
        "a swarm run's result",
      ),
    },
    'the result of agstate check',
  ),
});

const pathsOf = (paths: t.TypeOf<typeof Paths>) =>
  Object.fromEntries(Object.entries(paths).map(([id, a]) => [id, a.path]));

/** A run as read: its paths, and the answers it left unknown whatever it found, with why. */
export interface SwarmRunRead extends SwarmRun {
  readonly unsettled: Readonly<Record<string, string>>;
}

/** Read one run's JSON file, or say where it is not one (file and JSON pointer). */
export const readSwarmRun = async (
  io: Io,
  path: string,
): Promise<E.Either<BadInput, SwarmRunRead>> => {
  const text = await readText(io, path);
  if (E.isLeft(text)) return text;
  const doc = parseJson(path, text.right);
  if (E.isLeft(doc)) return doc;
  const decoded = decodeWith(RunDocument)(doc.right);
  if (E.isLeft(decoded))
    return E.left(
      badInput(
        path,
        ...decoded.left.map(
          (p) => `${formatProblem(p)} (expected the --json output of agstate check --swarm-seed)`,
        ),
      ),
    );
  const r = decoded.right.result.result;
  return E.right({
    group: r.group,
    faults: r.faults,
    commits: r.commits,
    forcedFailover: r.forcedFailover,
    seed: r.search.seed,
    statesExplored: r.statesExplored,
    transitions: r.transitions,
    depth: r.depth,
    complete: r.complete,
    bytes: r.store.bytes,
    hashFactor: r.store.hashFactor,
    hashes: r.store.hashes,
    expectedCoverage: r.store.expectedCoverage,
    answers: pathsOf(r.answers),
    unsettled: Object.fromEntries(
      Object.entries(r.answers).flatMap(([id, a]) =>
        a.unsettled === undefined ? [] : [[id, a.unsettled]],
      ),
    ),
    causes: pathsOf(r.noWritablePrimaryCauses),
    violations: r.violations.map((v) => v.path),
    traces: recordedTraces([
      ...Object.values(r.answers),
      ...Object.values(r.noWritablePrimaryCauses),
      ...r.violations,
    ]),
  });
};
