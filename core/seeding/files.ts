import * as E from 'fp-ts/lib/Either.js';
import { primaryName } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { replicaConfigOf } from '../lifecycle/access.js';
import type { Replica } from '../model/config.js';
import { DEFAULTS } from '../model/defaults.js';
import type { Reason } from '../model/source.js';
import { joinPath, placeSeededFile, SEEDING_TRACE_FLAGS, type SeedingPlacement } from './layout.js';

/**
 * The disk layout facts of the cluster that automatic seeding reads: each instance's default data
 * path, existing folders and trace flags (optional replica fields, defaults in
 * core/model/defaults.ts), and where each database's files are (the catalog).
 */

export interface InstanceFacts {
  readonly defaultDataPath: string;
  /** null: every folder a seeded file needs exists. */
  readonly dataFolders: readonly string[] | null;
  readonly traceFlags: readonly number[];
}

export const instanceFacts = (r: Replica | undefined): InstanceFacts => ({
  defaultDataPath: r?.defaultDataPath ?? DEFAULTS.defaultDataPath.value,
  dataFolders: r?.dataFolders ?? DEFAULTS.dataFolders.value,
  traceFlags: r?.traceFlags ?? DEFAULTS.traceFlags.value,
});

const factsOf = (c: Cluster, replica: string): InstanceFacts =>
  instanceFacts(replicaConfigOf(c, replica));

/** is_compression_enabled: trace flag 9567 on the primary compresses the stream (SEED001). */
export const isSeedingCompressed = (c: Cluster, primary: string | null = primaryName(c)): boolean =>
  primary !== null && factsOf(c, primary).traceFlags.includes(SEEDING_TRACE_FLAGS.compression);

const placeOn = (
  c: Cluster,
  from: string,
  to: string,
  file: string,
  folders: readonly string[] | null,
) => {
  const target = factsOf(c, to);
  return placeSeededFile({
    version: c.config.version,
    primaryDefaultDataPath: factsOf(c, from).defaultDataPath,
    secondaryDefaultDataPath: target.defaultDataPath,
    sourcePath: file,
    traceFlag9571: target.traceFlags.includes(SEEDING_TRACE_FLAGS.samePaths),
    secondaryFolders: folders,
  });
};

/**
 * The paths of a database's files on a replica's instance. The catalog states them for the
 * instance that holds the database; any other copy has them where automatic seeding from that
 * instance puts them, or at the same paths when it could not (MODEL, docs/seeding.md).
 */
export const databaseFilesOn = (c: Cluster, database: string, replica: string): string[] => {
  const entry = c.catalog[database];
  if (entry === undefined) return [];
  const home = factsOf(c, entry.instance);
  const files = entry.files ?? [
    joinPath(home.defaultDataPath, `${database}.mdf`),
    joinPath(home.defaultDataPath, `${database}_log.ldf`),
  ];
  if (replica.toLowerCase() === entry.instance.toLowerCase()) return [...files];
  return files.map((f) =>
    E.fold(
      () => f,
      (p: SeedingPlacement) => p.targetPath,
    )(placeOn(c, entry.instance, replica, f, null)),
  );
};

export interface FilePlacement {
  readonly source: string;
  readonly target: string;
}

/**
 * Where seeding a database from the primary to a replica creates each of its files, or every
 * reason it cannot (SEED001 "Disk layout").
 */
export const seedingFilePlacement = (
  c: Cluster,
  replica: string,
  database: string,
): E.Either<readonly Reason[], readonly FilePlacement[]> => {
  const primary = primaryName(c);
  if (primary === null) return E.right([]);
  const folders = factsOf(c, replica).dataFolders;
  const placed = databaseFilesOn(c, database, primary).map((source) => ({
    source,
    result: placeOn(c, primary, replica, source, folders),
  }));
  const failing = placed.flatMap(({ result }) => (E.isLeft(result) ? [result.left] : []));
  if (failing.length > 0) {
    // How each file's place was chosen, then why it cannot be used (each reason once).
    const reasons = [
      ...failing.map((l) => l.slice(0, 1)),
      ...failing.map((l) => l.slice(1)),
    ].flat();
    return E.left(
      reasons.filter((r, i) => reasons.findIndex((x) => x.message === r.message) === i),
    );
  }
  return E.right(
    placed.flatMap(({ source, result }) =>
      E.isRight(result) ? [{ source, target: result.right.targetPath }] : [],
    ),
  );
};
