import * as E from 'fp-ts/lib/Either.js';
import { readSnapshotFacts, type SnapshotFacts } from '../../dmv/facts.js';
import { detectFormat } from '../../dmv/format.js';
import { parseJsonSnapshot } from '../../dmv/json.js';
import { parseJsonSnapshotFast } from '../../dmv/json-fast.js';
import { type DmvProblem, formatDmvProblem } from '../../dmv/problem.js';
import type { Snapshot } from '../../dmv/snapshot.js';
import { type BadInput, badInput } from '../bad-input.js';
import type { Io } from '../io.js';
import { majorOf, type VersionArg } from '../options.js';
import { refuseOtherKind } from './held-kind.js';
import { readText } from './read.js';

export interface SnapshotRequest {
  /** Needed when the snapshot lacks the SERVERPROPERTY result set. */
  readonly version?: VersionArg | undefined;
  /** The group to read when the instance hosts several. */
  readonly group?: string | undefined;
}

/**
 * A snapshot's text read as JSON or sqlcmd CSV, as the dmv adapter's readSnapshot reads it; the
 * CSV parser (csv-parse) is loaded only for a CSV file.
 */
export const parseSnapshotText = async (
  text: string,
): Promise<E.Either<readonly DmvProblem[], Snapshot>> =>
  detectFormat(text) === 'json'
    ? parseJsonSnapshot(text)
    : (await import('../../dmv/csv.js')).parseCsvSnapshot(text);

export type SnapshotParser = typeof parseSnapshotText;

/**
 * parseSnapshotText that parses each text once: decide reads a snapshot first to see whether it
 * shows a distributed group, then for its facts, and parsing is most of reading.
 */
export const parseSnapshotOnce = (): SnapshotParser => {
  const parsed = new Map<string, ReturnType<SnapshotParser>>();
  return (text) => {
    const known = parsed.get(text) ?? parseSnapshotText(text);
    parsed.set(text, known);
    return known;
  };
};

/**
 * A DMV snapshot file (JSON or sqlcmd CSV, told apart by its first character) as facts, with the
 * notes about what was ignored. Each row's origin names the file.
 */
export const loadSnapshot = async (
  io: Io,
  path: string,
  request: SnapshotRequest,
  parse: SnapshotParser = parseSnapshotText,
): Promise<E.Either<BadInput, SnapshotFacts>> => {
  const text = await readText(io, path);
  return E.isLeft(text) ? text : snapshotFactsOfText(text.right, path, request, parse);
};

/** A snapshot's text, read from `path`, as facts with the notes (loadSnapshot once the file is read). */
export const snapshotFactsOfText = async (
  text: string,
  path: string,
  request: SnapshotRequest,
  parse: SnapshotParser = parseSnapshotText,
): Promise<E.Either<BadInput, SnapshotFacts>> => {
  const options = {
    origin: path === '-' ? 'stdin' : path,
    ...(request.version === undefined ? {} : { version: majorOf(request.version) }),
    ...(request.group === undefined ? {} : { group: request.group }),
  };
  // JSON.parse when it reads the text exactly; the located reader when something must be placed.
  const parsed = detectFormat(text) === 'json' ? parseJsonSnapshotFast(text) : undefined;
  if (parsed !== undefined) {
    const read = readSnapshotFacts(parsed, options);
    if (E.isRight(read) && read.right.notes.every((n) => n.line !== undefined)) return read;
  }
  const snapshot = await parse(text);
  const facts = E.isLeft(snapshot) ? snapshot : readSnapshotFacts(snapshot.right, options);
  if (E.isRight(facts)) return facts;
  // A configuration or scenario fails as a snapshot missing every view: say what it is instead.
  const otherKind = refuseOtherKind(path, text, 'snapshot');
  if (E.isLeft(otherKind)) return otherKind;
  return E.left(badInput(path, ...facts.left.map(formatDmvProblem)));
};
