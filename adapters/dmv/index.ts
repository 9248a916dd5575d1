/**
 * DMV snapshots of a real availability group (JSON or sqlcmd CSV), read into the facts `decide` reads.
 *
 * @module agstate/dmv
 */
import { fromEither, type Result, valueOrThrow } from '../../core/api/result.js';
import type { DistributedFacts } from '../../core/distributed/facts.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { parseCsvSnapshot as parseCsvEither } from './csv.js';
import {
  type DistributedSnapshotOptions,
  snapshotToDistributedFacts as toDistributedFactsEither,
} from './distributed.js';
import {
  readSnapshotFacts as readFactsEither,
  type SnapshotFacts,
  type SnapshotOptions,
  snapshotToFacts as toFactsEither,
} from './facts.js';
import { parseJsonSnapshot as parseJsonEither } from './json.js';
import { type DmvProblem, formatDmvProblem } from './problem.js';
import {
  readSnapshot as readEither,
  type SnapshotFormat,
  type SnapshotTextOptions,
  snapshotTextToFacts as textToFactsEither,
  snapshotTextToFactsWithNotes as textToFactsWithNotesEither,
} from './read.js';
import type { Snapshot } from './snapshot.js';

/**
 * DMV snapshots of a real availability group -> ClusterFacts. Read a file with parseJsonSnapshot
 * or parseCsvSnapshot (or readSnapshot, which tells the two apart), then snapshotToFacts; or do
 * both with snapshotTextToFacts. docs/dmv-snapshot.md has the query that produces a snapshot and
 * the rules for unknowns. Each returns a plain result; `…OrThrow` and `…Either` variants exist.
 */

export {
  databaseReasonText,
  type FleetForm,
  type FleetTarget,
  type FleetUnknown,
  type FleetVerdict,
  fleetVerdict,
} from '../../core/decide/fleet.js';
export { MARKER_COLUMN } from './csv.js';
export {
  type DistributedSnapshotOptions,
  hasDistributedGroup,
  mergeDistributedFacts as mergeDistributedFactsEither,
  snapshotToDistributedFacts as snapshotToDistributedFactsEither,
} from './distributed.js';
export type { SnapshotFacts, SnapshotOptions } from './facts.js';
export { decideFleet, type FleetDecision, type FleetOptions, type FleetSnapshot } from './fleet.js';
export { type DmvProblem, formatDmvProblem } from './problem.js';
export { detectFormat, type SnapshotFormat, type SnapshotTextOptions } from './read.js';
export { ALL_VIEWS, REQUIRED_VIEWS, type Snapshot, VIEWS, type ViewName } from './snapshot.js';
export {
  parseCsvEither as parseCsvSnapshotEither,
  parseJsonEither as parseJsonSnapshotEither,
  readEither as readSnapshotEither,
  readFactsEither as readSnapshotFactsEither,
  textToFactsEither as snapshotTextToFactsEither,
  textToFactsWithNotesEither as snapshotTextToFactsWithNotesEither,
  toFactsEither as snapshotToFactsEither,
};

const orThrow = <A>(r: Result<A, DmvProblem>): A =>
  valueOrThrow(r, 'not a usable DMV snapshot', formatDmvProblem);

export const parseJsonSnapshot = (text: string): Result<Snapshot, DmvProblem> =>
  fromEither(parseJsonEither(text));
export const parseCsvSnapshot = (text: string): Result<Snapshot, DmvProblem> =>
  fromEither(parseCsvEither(text));
export const readSnapshot = (text: string, format?: SnapshotFormat): Result<Snapshot, DmvProblem> =>
  fromEither(readEither(text, format));
export const snapshotToFacts = (
  snapshot: Snapshot,
  options: SnapshotOptions = {},
): Result<ClusterFacts, DmvProblem> => fromEither(toFactsEither(snapshot, options));

/** Read a snapshot file's text and build its facts in one step. */
export const snapshotTextToFacts = (
  text: string,
  options: SnapshotTextOptions = {},
): Result<ClusterFacts, DmvProblem> => fromEither(textToFactsEither(text, options));
export const snapshotTextToFactsOrThrow = (
  text: string,
  options: SnapshotTextOptions = {},
): ClusterFacts => orThrow(snapshotTextToFacts(text, options));

/** snapshotToFacts, with the notes about the views and columns that were read but not used. */
export const readSnapshotFacts = (
  snapshot: Snapshot,
  options: SnapshotOptions = {},
): Result<SnapshotFacts, DmvProblem> => fromEither(readFactsEither(snapshot, options));

/** snapshotTextToFacts, with the notes about the views and columns that were read but not used. */
export const snapshotTextToFactsWithNotes = (
  text: string,
  options: SnapshotTextOptions = {},
): Result<SnapshotFacts, DmvProblem> => fromEither(textToFactsWithNotesEither(text, options));

/** A snapshot of a distributed group (is_distributed = 1), taken on the global primary or the forwarder. */
export const snapshotToDistributedFacts = (
  snapshot: Snapshot,
  options: DistributedSnapshotOptions = {},
): Result<DistributedFacts, DmvProblem> => fromEither(toDistributedFactsEither(snapshot, options));
