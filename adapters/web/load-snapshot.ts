import * as E from 'fp-ts/lib/Either.js';
import { clusterFromFacts } from '../../core/cluster/from-facts.js';
import type { Reason } from '../../core/model/source.js';
import { formatDmvProblem, snapshotTextToFactsEither } from '../dmv/index.js';
import type { LoadFailure } from './load.js';
import { noProgress, type Progress } from './progress.js';
import { moveCursor, type Session, scenarioSession } from './session.js';

/**
 * A DMV snapshot (JSON or sqlcmd CSV, docs/dmv-snapshot.md) as the starting state: the trace runs
 * from the synchronized group to the snapshot's state, one step per row that asked for it, and
 * the cursor stands on the last step, so a DBA rehearses from today's real state. What the start
 * cannot reproduce is the first step's note.
 */

const SOURCE = 'DMV snapshot';

const line = (r: Reason): string =>
  r.settledBy === undefined
    ? r.message
    : `${r.message} (${r.settledBy.join(', ')} would settle it)`;

export const snapshotSession = (
  text: string,
  progress: Progress = noProgress,
): E.Either<LoadFailure, Session> => {
  const facts = snapshotTextToFactsEither(text);
  if (E.isLeft(facts))
    return E.left({
      message: `${SOURCE}: not a snapshot agstate can read`,
      problems: facts.left.map(formatDmvProblem),
    });
  const start = clusterFromFacts(facts.right);
  if (E.isLeft(start))
    return E.left({
      message: `${SOURCE}: no simulated group can start from it`,
      problems: start.left.map(line),
    });
  const { config, steps, options, notReproduced } = start.right;
  const session = scenarioSession(`${SOURCE} of ${config.name}`, config, steps, options, progress);
  const [first, ...rest] = session.trace;
  const note =
    notReproduced.length === 0
      ? 'every state the snapshot shows is reproduced'
      : `not reproduced from the snapshot: ${notReproduced.map(line).join('; ')}`;
  return E.right(
    moveCursor({ ...session, trace: [{ ...first!, note }, ...rest] }, session.trace.length - 1),
  );
};
