import * as E from 'fp-ts/lib/Either.js';
import type { DistributedFacts } from '../../../core/distributed/facts.js';
import type { DistributedCluster } from '../../../core/distributed/types.js';
import {
  hasDistributedGroup,
  mergeDistributedFacts,
  snapshotToDistributedFacts,
} from '../../dmv/distributed.js';
import { formatDmvProblem } from '../../dmv/problem.js';
import { type BadInput, badInput } from '../bad-input.js';
import { isDistributedScenarioDocument } from '../input/distributed-document.js';
import { parseJson } from '../input/json.js';
import { readText } from '../input/read.js';
import { parseSnapshotText, type SnapshotParser } from '../input/snapshot.js';
import type { Io } from '../io.js';
import { majorOf, type VersionArg } from '../options.js';

/**
 * `agstate decide` on a distributed availability group: the readiness of the failover between
 * its groups, step by step as "Fail over to a secondary availability group" (S58) lists them, the
 * predicted loss, and the documented sequence as T-SQL with :Connect. The input is a DMV snapshot
 * with is_distributed = 1 (one side's, or one from each side), a distributed scenario file (decided
 * after its steps), or a T-SQL script that creates the group (decided after the statements it runs
 * on it).
 */

export interface DistributedDecideOptions {
  readonly json: boolean;
  readonly target?: string;
  readonly group?: string;
  readonly version?: VersionArg;
  readonly server?: string;
}

/** What decide judges: the facts of snapshots, or a running model group. */
export type DistributedInput =
  | { readonly kind: 'facts'; readonly facts: DistributedFacts }
  | {
      readonly kind: 'model';
      readonly distributed: DistributedCluster;
      /** Statements of a script the model refused, each with its reasons, one line each. */
      readonly refused: readonly string[];
    };

const isSql = (file: string, text: string) =>
  file.toLowerCase().endsWith('.sql') ||
  /^\s*(?:--[^\n]*\n\s*)*CREATE\s+AVAILABILITY\s+GROUP/i.test(text);

/** One file as a distributed input, or null when it is not about a distributed group. */
const loadOne = async (
  io: Io,
  file: string,
  options: DistributedDecideOptions,
  parse: SnapshotParser,
): Promise<E.Either<BadInput, DistributedInput> | null> => {
  const text = await readText(io, file);
  if (E.isLeft(text)) return null; // the ordinary reader reports it
  if (isSql(file, text.right)) {
    const { scriptInput } = await import('./decide-distributed-model.js');
    return scriptInput(file, text.right, options);
  }
  if (text.right.trimStart().startsWith('{')) {
    const doc = parseJson(file, text.right);
    if (E.isLeft(doc)) return null;
    if (isDistributedScenarioDocument(doc.right)) {
      const { scenarioInput } = await import('./decide-distributed-model.js');
      return scenarioInput(file, doc.right);
    }
  }
  const snapshot = await parse(text.right);
  if (E.isLeft(snapshot) || !hasDistributedGroup(snapshot.right, options.group)) return null;
  const facts = snapshotToDistributedFacts(snapshot.right, {
    ...(options.version === undefined ? {} : { version: majorOf(options.version) }),
    ...(options.group === undefined ? {} : { group: options.group }),
  });
  return E.isLeft(facts)
    ? E.left(badInput(file, ...facts.left.map(formatDmvProblem)))
    : E.right({ kind: 'facts', facts: facts.right });
};

/**
 * The distributed input of the files, or null when the first is not about a distributed group
 * (then decide reads them as snapshots of an ordinary group). Two snapshots merge, one per side.
 */
export const loadDistributedInput = async (
  io: Io,
  files: readonly string[],
  options: DistributedDecideOptions,
  parse: SnapshotParser = parseSnapshotText,
): Promise<E.Either<BadInput, DistributedInput> | null> => {
  const [first, ...others] = files;
  if (first === undefined) return null;
  const loaded = await loadOne(io, first, options, parse);
  if (loaded === null || E.isLeft(loaded) || others.length === 0) return loaded;
  let merged = loaded.right;
  for (const file of others) {
    const next = await loadOne(io, file, options, parse);
    if (next !== null && E.isLeft(next)) return next;
    if (merged.kind !== 'facts' || next === null || next.right.kind !== 'facts')
      return E.left(
        badInput(
          file,
          'expected a DMV snapshot of the same distributed group, taken on its other side',
        ),
      );
    const both = mergeDistributedFacts(merged.facts, next.right.facts);
    if (E.isLeft(both)) return E.left(badInput(file, both.left));
    merged = { kind: 'facts', facts: both.right };
  }
  return E.right(merged);
};
