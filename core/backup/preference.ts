import type { Config } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, unknownReason as unknownFor } from '../model/source.js';
import { isGroupDatabase, replicaConfig } from '../rules/facts-access.js';
import { unknownReason } from '../rules/replica-availability.js';
import { BUILD_SETTLED_BY, BUILDS, describeBuild } from '../validation/builds.js';
import { describeRelease } from '../validation/limits.js';
import { BACKUP_REASONS, backupReason as because } from './codes.js';
import {
  type BackupPreferenceOptions,
  type BackupPreferenceVerdict,
  missingDatabaseFix,
  type PreferredBackupReplicas,
} from './preference-selection.js';
import { evaluateGroup } from './preference-standing.js';

export {
  type BackupPreferenceOptions,
  type BackupPreferenceVerdict,
  hasMissingDatabaseFix,
  hasTieFix,
  missingDatabaseFix,
  type PreferredBackupReplicas,
  tieFix,
} from './preference-selection.js';

/**
 * sys.fn_hadr_backup_is_preferred_replica as ag-rules §5.5 reconstructs it: candidates are the
 * available replicas with BACKUP_PRIORITY above 0, filtered by AUTOMATED_BACKUP_PREFERENCE; the
 * highest priority wins, and a tie goes to the lowest replica name (hypothesis H1).
 */

/** A missing database on a 2019 or 2022 instance whose build is unknown (S9, S60). */
const missingOnUnknownBuild = (
  config: Config,
  database: string,
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  const fix = config.version === 2019 ? BUILDS.SQL2019_CU20 : BUILDS.SQL2022_CU2;
  return {
    preferred: false,
    reasons: [
      unknownFor(
        'BACKUP_DATABASE_MISSING_BUILD_UNKNOWN',
        `database ${database} does not exist: the function returns 0 for it from ${describeBuild(fix)} and 1 before; only the major version (${config.version}) is known, so agstate answers 0 rather than guess`,
        BACKUP_REASONS.BACKUP_DATABASE_MISSING_BUILD_UNKNOWN,
        BUILD_SETTLED_BY,
      ),
    ],
  };
};

/** The function's answer for a database outside the group: 1, or 0 for a missing one (S9). */
const outsideGroup = (
  config: Config,
  database: string,
  options: BackupPreferenceOptions,
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  const exists = options.databaseExists === undefined ? true : options.databaseExists;
  const release = describeRelease(config);
  const fixed = missingDatabaseFix(config);
  if (exists === true || (exists === null && fixed === false))
    return {
      preferred: true,
      reasons: [
        because(
          'BACKUP_DATABASE_NOT_IN_GROUP',
          `database ${database} is not in availability group ${config.name}: sys.fn_hadr_backup_is_preferred_replica returns 1 for it on every instance${exists === null ? ` (and ${release} returns 1 even if it does not exist)` : ''}`,
        ),
      ],
    };
  if (exists === null)
    return {
      preferred: false,
      reasons: [
        {
          ...unknownReason(
            'UNKNOWN_DATABASE_EXISTENCE',
            `whether database ${database} exists outside the group; ${release} returns 1 if it does and ${fixed === true ? '0' : '0 (from SQL Server 2019 CU 20 and 2022 CU 2; the build is unknown)'} if it does not, and agstate answers 0 rather than guess`,
          ),
          settledBy: [`sys.databases row for ${database}`],
        },
      ],
    };
  if (fixed === 'unknown') return missingOnUnknownBuild(config, database);
  return fixed
    ? {
        preferred: false,
        reasons: [
          because(
            'BACKUP_DATABASE_MISSING',
            `database ${database} does not exist: from SQL Server 2019 CU 20 and 2022 CU 2 (this build: ${release}) the function returns 0 for it`,
          ),
        ],
      }
    : {
        preferred: true,
        reasons: [
          because(
            'BACKUP_DATABASE_MISSING_BEFORE_FIX',
            `database ${database} does not exist, yet ${release} returns 1 for it (0 only from SQL Server 2019 CU 20 and 2022 CU 2): a job that trusts the function tries to back it up and fails`,
          ),
        ],
      };
};

/** sys.fn_hadr_backup_is_preferred_replica(database) evaluated on `replica` (ag-rules §5.4–5.5). */
export const isPreferredBackupReplica = (
  facts: ClusterFacts,
  database: string,
  replica: string,
  options: BackupPreferenceOptions = {},
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  if (!isGroupDatabase(facts.config, database))
    return outsideGroup(facts.config, database, options);
  const member = replicaConfig(facts, replica);
  if (member === undefined)
    return {
      preferred: false,
      reasons: [
        because(
          'BACKUP_REPLICA_NOT_IN_GROUP',
          `${replica} is not a replica of availability group ${facts.config.name}, so it holds no copy of ${database}`,
        ),
      ],
    };
  const group = evaluateGroup(facts, database);
  return (
    group.answers[facts.config.replicas.indexOf(member)] ?? {
      preferred: false,
      reasons: group.reasons,
    }
  );
};

const undeterminedOf = (verdicts: readonly BackupPreferenceVerdict[]): readonly string[] =>
  verdicts.filter((v) => !v.preferred && v.reasons.some(isUnknownReason)).map((v) => v.replica);

/** Every replica's verdict for `database`, the preferred ones, and why each other one lost. */
export const preferredBackupReplicas = (
  facts: ClusterFacts,
  database: string,
  options: BackupPreferenceOptions = {},
): PreferredBackupReplicas => {
  const { config } = facts;
  if (!isGroupDatabase(config, database)) {
    const answer = outsideGroup(config, database, options);
    const verdicts = config.replicas.map((r) => ({ replica: r.name, ...answer }));
    return {
      replicas: answer.preferred ? config.replicas.map((r) => r.name) : [],
      undetermined: undeterminedOf(verdicts),
      reasons: answer.reasons,
      verdicts,
    };
  }
  const group = evaluateGroup(facts, database);
  return {
    replicas: group.winners,
    undetermined: undeterminedOf(group.verdicts),
    ...(group.unseenReplicas ? { unseenReplicas: true } : {}),
    reasons: [...group.reasons, ...group.verdicts.flatMap((v) => v.reasons)],
    verdicts: group.verdicts,
  };
};

/** The preferred replicas for `database`, best first, without the verdicts' reasons. */
export const preferredBackupReplicaNames = (
  facts: ClusterFacts,
  database: string,
  options: BackupPreferenceOptions = {},
): readonly string[] =>
  isGroupDatabase(facts.config, database)
    ? evaluateGroup(facts, database).winners
    : preferredBackupReplicas(facts, database, options).replicas;
