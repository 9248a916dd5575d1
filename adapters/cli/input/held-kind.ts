import * as E from 'fp-ts/lib/Either.js';
import { MARKER_COLUMN, withoutBom } from '../../dmv/snapshot.js';
import { type BadInput, badInput } from '../bad-input.js';

/**
 * The three kinds of file the commands read: a group's configuration (validate, explain, check),
 * a DMV snapshot (decide) and a scenario (simulate). A file of one kind given to a command that
 * reads another fails decoding with a line per key it does not expect; the kind, told from the
 * file's keys or first line, lets the command say so once, and name the command that reads it.
 */
export type HeldKind = 'configuration' | 'snapshot' | 'scenario';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A snapshot's result sets are named by their views (docs/dmv-snapshot.md). */
const isViewKey = (key: string): boolean => /^sys\./i.test(key) || key === 'SERVERPROPERTY';

/** What a parsed JSON document holds, from its top-level keys; undefined when none says. */
export const heldKindOfDocument = (doc: unknown): HeldKind | undefined => {
  if (!isRecord(doc)) return undefined;
  const keys = Object.keys(doc);
  if (keys.some(isViewKey)) return 'snapshot';
  // A group's scenario holds its `config`; a distributed group's names `distributed` and `members`.
  if ('steps' in doc && ('config' in doc || 'distributed' in doc)) return 'scenario';
  if ('name' in doc && ('replicas' in doc || 'members' in doc)) return 'configuration';
  return undefined;
};

/** What a file's text holds: JSON by its keys, a sqlcmd CSV snapshot by its marker line. */
export const heldKindOfText = (text: string): HeldKind | undefined => {
  const body = withoutBom(text).trimStart();
  if (body.startsWith('{')) {
    try {
      return heldKindOfDocument(JSON.parse(body));
    } catch {
      // Not JSON at all: the command's own reader places the error.
      return undefined;
    }
  }
  const firstLine = body.split(/\r?\n/, 1)[0]?.trim();
  return firstLine?.toLowerCase() === MARKER_COLUMN ? 'snapshot' : undefined;
};

const WHAT: Record<HeldKind, string> = {
  configuration:
    'an availability group configuration ("name" and "replicas" or "members", docs/model.md)',
  snapshot:
    'a DMV snapshot (result sets named by their views, sys.availability_groups and the rest, docs/dmv-snapshot.md)',
  scenario: 'a scenario ("config" and "steps", docs/scenarios.md)',
};

const READ_BY: Record<HeldKind, string> = {
  configuration:
    '`agstate validate`, `agstate explain` and `agstate check` read a configuration, JSON or T-SQL',
  snapshot:
    '`agstate decide <file>` reads a snapshot (docs/dmv-snapshot.md gives the query that takes one on a replica)',
  scenario:
    '`agstate simulate <file>` runs a scenario and prints the decisions on the group where it ends',
};

/** How to turn the file held into what the command reads, where there is a way. */
const INSTEAD: Partial<Record<`${HeldKind}>${HeldKind}`, string>> = {
  'configuration>scenario':
    'a scenario holds a configuration as its "config", beside the "steps" to run: {"config": <this file>, "steps": []}',
  'scenario>configuration': 'the value of its "config" is a configuration',
};

/**
 * The one problem to report when a command that reads `expected` is given a file holding another
 * kind; undefined when the file holds that kind or its kind is not told.
 */
export const wrongKindProblem = (
  expected: HeldKind,
  held: HeldKind | undefined,
): string | undefined => {
  if (held === undefined || held === expected) return undefined;
  const instead = INSTEAD[`${held}>${expected}`];
  return `this file is ${WHAT[held]}, not ${WHAT[expected].replace(/ \(.*\)$/, '')}: ${READ_BY[held]}${instead === undefined ? '' : `; ${instead}`}`;
};

/** Left with that one problem, for a command about to read `expected` from `text`. */
export const refuseOtherKind = (
  path: string,
  text: string,
  expected: HeldKind,
): E.Either<BadInput, void> => {
  const problem = wrongKindProblem(expected, heldKindOfText(text));
  return problem === undefined ? E.right(undefined) : E.left(badInput(path, problem));
};
