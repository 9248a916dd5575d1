import { type BackupDecision, backupDecision } from '../backup/backup.js';
import { type BackupJobDecision, backupJobMatrix } from '../backup/conventions.js';
import { type PreferredBackupReplicas, preferredBackupReplicas } from '../backup/preference.js';
import type { Replica } from '../model/config.js';
import type { BackupType } from '../model/enums.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { databaseReplicaFacts, isGroupDatabase } from '../rules/facts-access.js';
import { noStandIn, type Remake, remakeOf, STAND_IN } from './like-databases.js';

/** The backup section's answer for one database, as `Decisions.backup` lists it. */
export interface BackupEntry {
  readonly database: string;
  readonly preferred: PreferredBackupReplicas;
  /** Run or skip, per replica, for the backup type asked about. */
  readonly decisions: readonly { readonly replica: string; readonly decision: BackupDecision }[];
  /** What each job convention does with each backup type on each replica. */
  readonly jobs: readonly BackupJobDecision[];
}

const entryFor = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  replicas: readonly Replica[],
): BackupEntry => ({
  database,
  preferred: preferredBackupReplicas(facts, database),
  decisions: replicas.map((r) => ({
    replica: r.name,
    decision: backupDecision(facts, database, backupType, r.name),
  })),
  jobs: backupJobMatrix(facts, database),
});

/**
 * What the backup rules read of one group database besides its name: for each configured
 * replica, in order, its first row about the database (the row lookup's answer) as
 * `secondaryRequirements` reads it: absent, or is_database_joined and synchronization_state.
 * The preference and the job conventions read these too (a copy neither SYNCHRONIZED nor
 * SYNCHRONIZING leaves the preference open), the replicas' rows and the configuration, the same
 * for every database, and name the database only in their messages.
 */
const backupInputs = (facts: ClusterFacts, database: string): string => {
  let key = '';
  for (const r of facts.config.replicas) {
    const row = databaseReplicaFacts(facts, r.name, database);
    key += row === undefined ? '-;' : `${row.isJoined}/${row.synchronizationState};`;
  }
  return key;
};

/** The facts as the backup rules would see them about the stand-in: `database`'s rows, renamed. */
const standInFacts = (facts: ClusterFacts, database: string): ClusterFacts => {
  const rows: DatabaseReplicaFacts[] = [];
  for (const r of facts.config.replicas) {
    const row = databaseReplicaFacts(facts, r.name, database);
    if (row !== undefined) rows.push({ ...row, database: STAND_IN });
  }
  return {
    ...facts,
    config: { ...facts.config, databases: [STAND_IN] },
    databaseReplicas: rows,
  };
};

/** Whether the text the backup rules read (all but the database rows and logs) is free of NUL. */
const standInSafe = (facts: ClusterFacts): boolean => {
  const { databaseReplicas: _rows, logs: _logs, ...rest } = facts;
  return noStandIn(rest);
};

/**
 * The backup section for `databases`. The first database of a class of databases with the same
 * backup inputs is answered as it is; from the second on, each is made from the class's recipe
 * (worked out once, when the second comes: a recipe costs more than one answer, so a database
 * alike to none pays nothing for it). A database outside the group, or facts whose text could hold
 * the stand-in, are answered one by one.
 */
export const backupSection = (
  facts: ClusterFacts,
  databases: readonly string[],
  backupType: BackupType,
  replicas: readonly Replica[],
): readonly BackupEntry[] => {
  if (databases.length < 2 || !standInSafe(facts))
    return databases.map((db) => entryFor(facts, db, backupType, replicas));
  // Per class: 'unmade' once its first database is answered, then its recipe, or null when the
  // answer cannot be remade (each database is then answered as it is).
  const recipes = new Map<string, Remake<BackupEntry> | null | 'unmade'>();
  return databases.map((db) => {
    if (!isGroupDatabase(facts.config, db)) return entryFor(facts, db, backupType, replicas);
    const key = backupInputs(facts, db);
    let recipe = recipes.get(key);
    if (recipe === undefined) {
      recipes.set(key, 'unmade');
      return entryFor(facts, db, backupType, replicas);
    }
    if (recipe === 'unmade') {
      const standIn = standInFacts(facts, db);
      recipe = noStandIn(standIn.databaseReplicas.map(({ database: _, ...row }) => row))
        ? remakeOf(entryFor(standIn, STAND_IN, backupType, replicas))
        : null;
      recipes.set(key, recipe);
    }
    return recipe === null ? entryFor(facts, db, backupType, replicas) : recipe(db);
  });
};
