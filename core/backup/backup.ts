import type { Config } from '../model/config.js';
import type { BackupType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, unknownReason } from '../model/source.js';
import { unavailableState } from '../routing/database-states.js';
import {
  databaseReplicaFacts,
  isGroupDatabase,
  memoByFacts,
  replicaConfig,
  replicaFacts,
} from '../rules/facts-access.js';
import { upgradedReasons } from '../rules/mixed-versions.js';
import {
  hasNoPrimary,
  inEachPossibleRole,
  isCutOffFromPrimary,
  mayBePrimary,
  roleOf,
  roleSettledBy,
  UNKNOWN_REASONS,
  type UnknownCode,
} from '../rules/replica-availability.js';
import { describeRelease } from '../validation/limits.js';
import { backupReason as because } from './codes.js';
import {
  type BackupPreferenceOptions,
  isPreferredBackupReplica,
  preferredBackupReplicas,
} from './preference.js';
import { redoBehindLogBackup } from './redo-behind.js';

/**
 * Should a backup job on a replica run or skip a backup of a database? SQL Server's own limits
 * (ag-rules §5.1–5.2) decide what can run; the group's backup preference decides where it should,
 * the way Ola Hallengren's DatabaseBackup applies it (peers.md §2.4). A skip lists every reason.
 */

export {
  BACKUP_REASONS,
  type BackupReasonCode,
} from './codes.js';
export {
  type BackupPreferenceOptions,
  type BackupPreferenceVerdict,
  hasMissingDatabaseFix,
  hasTieFix,
  isPreferredBackupReplica,
  type PreferredBackupReplicas,
  preferredBackupReplicas,
} from './preference.js';

/** "unknown: the snapshot does not show <what>", naming the columns that would settle it. */
const unknownFact = (code: UnknownCode, what: string, settledBy: readonly string[]): Reason =>
  unknownReason(
    code,
    `unknown: the snapshot does not show ${what}`,
    UNKNOWN_REASONS[code],
    settledBy,
  );

export interface BackupDecisionOptions extends BackupPreferenceOptions {
  /** Ola Hallengren's @OverrideBackupPreference = 'Y': copy-only full and regular log only. */
  readonly overrideBackupPreference?: boolean;
}

export interface BackupDecision {
  /**
   * 'skip' when a known fact stops it; 'unknown' when only facts the input lacks could (each
   * reason names what settles it), never a skip on a guess.
   */
  readonly action: 'run' | 'skip' | 'unknown';
  /** For a skip or unknown, every reason it cannot or might not run; for a run, the grounds. */
  readonly reasons: readonly Reason[];
}

export const BACKUP_TYPE_NAMES: { readonly [T in BackupType]: string } = {
  FULL: 'a full backup',
  FULL_COPY_ONLY: 'a copy-only full backup',
  DIFFERENTIAL: 'a differential backup',
  LOG: 'a log backup',
  LOG_COPY_ONLY: 'a copy-only log backup',
};

const OVERRIDABLE: readonly BackupType[] = ['FULL_COPY_ONLY', 'LOG'];

type OnSecondary = { readonly allowed: boolean; readonly reason: Reason };

const onSecondaryByConfig = new WeakMap<Config, Map<BackupType, OnSecondary>>();

/**
 * Whether SQL Server takes this backup type on a secondary of this group (S10, S41); worked out
 * once per configuration and type (every backup job on every replica and database asks).
 */
export const backupTypeOnSecondary = (config: Config, type: BackupType): OnSecondary => {
  let byType = onSecondaryByConfig.get(config);
  if (byType === undefined) {
    byType = new Map();
    onSecondaryByConfig.set(config, byType);
  }
  let answer = byType.get(type);
  if (answer === undefined) {
    answer = typeOnSecondary(config, type);
    byType.set(type, answer);
  }
  return answer;
};

const typeOnSecondary = (config: Config, type: BackupType): OnSecondary => {
  const what = `${BACKUP_TYPE_NAMES[type]} (${type})`;
  const refused = (message: string) => ({
    allowed: false,
    reason: because(
      'BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY',
      `${message}: it runs on the primary only`,
    ),
  });
  if (config.kind === 'BASIC')
    return {
      allowed: false,
      reason: because(
        'BACKUP_BASIC_GROUP_SECONDARY',
        `a basic availability group takes no backups on its secondary replica: ${what} runs on the primary only`,
      ),
    };
  if (type === 'LOG_COPY_ONLY') return refused(`${what} is never supported on a secondary replica`);
  if ((type === 'FULL' || type === 'DIFFERENTIAL') && config.version !== 2025)
    return refused(
      `${describeRelease(config)} takes only copy-only full and regular log backups on a secondary (full and differential from SQL Server 2025), not ${what}`,
    );
  return {
    allowed: true,
    reason: because(
      'BACKUP_TYPE_ALLOWED_ON_SECONDARY',
      `${describeRelease(config)} supports ${what} on a secondary replica`,
    ),
  };
};

/** What keeps a backup from running (facts it lacks included) and, failing none, its grounds. */
export interface Checks {
  readonly blocking: readonly Reason[];
  readonly grounds: readonly Reason[];
}

const decide = (...checks: readonly Checks[]): BackupDecision => {
  const blocked = checks.some((c) => c.blocking.length > 0);
  const reasons: Reason[] = [];
  let known = false;
  for (const c of checks)
    for (const r of blocked ? c.blocking : c.grounds) {
      reasons.push(r);
      if (blocked && !isUnknownReason(r)) known = true;
    }
  return { action: !blocked ? 'run' : known ? 'skip' : 'unknown', reasons };
};

const block = (...reasons: readonly Reason[]): Checks => ({ blocking: reasons, grounds: [] });
const ground = (...reasons: readonly Reason[]): Checks => ({ blocking: [], grounds: reasons });

/** Run only where the function answers 1, unless the override applies (Ola rule 4). */
const preferenceCheck = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
  options: BackupDecisionOptions,
): Checks => {
  const verdict = isPreferredBackupReplica(facts, database, name, options);
  if (verdict.preferred)
    return ground(
      because(
        'BACKUP_PREFERENCE_FOLLOWED',
        `${name} is the preferred backup replica for ${database}`,
      ),
      ...verdict.reasons,
    );
  const override = options.overrideBackupPreference === true;
  if (override && OVERRIDABLE.includes(type))
    return ground(
      because(
        'BACKUP_PREFERENCE_OVERRIDDEN',
        `${name} is not the preferred backup replica for ${database}, but the backup preference is overridden for ${BACKUP_TYPE_NAMES[type]}`,
      ),
      ...verdict.reasons,
    );
  // Whether the function answers 1 here depends on replicas the input lacks: not a skip.
  if (verdict.reasons.some(isUnknownReason)) return block(...verdict.reasons);
  const preferred = preferredBackupReplicas(facts, database, options);
  return block(
    because(
      'BACKUP_NOT_PREFERRED',
      `skipped: ${name} is not the preferred backup replica for ${database} (AUTOMATED_BACKUP_PREFERENCE ${facts.config.automatedBackupPreference}); ${winnersText(preferred.replicas, preferred.undetermined)}`,
    ),
    ...verdict.reasons,
    ...(override
      ? [
          because(
            'BACKUP_OVERRIDE_NOT_APPLICABLE',
            `the backup preference override applies to copy-only full and regular log backups only, not to ${BACKUP_TYPE_NAMES[type]}`,
          ),
        ]
      : []),
  );
};

/** Who is preferred instead: none only when the input rules every replica out. */
const winnersText = (winners: readonly string[], undetermined: readonly string[]): string =>
  winners.length > 0
    ? `the preferred replica is ${winners.join(', ')}`
    : undetermined.length > 0
      ? `the preferred replica is not in the input (it may be ${undetermined.join(', ')})`
      : 'no replica is preferred';

const requirementsByDatabase = memoByFacts(
  (_: ClusterFacts) => new Map<string, Map<string, Checks>>(),
);

/**
 * Connected to the primary, and the database joined and SYNCHRONIZED or SYNCHRONIZING (R-BKP-1);
 * worked out once per facts, database and replica (every backup job there asks).
 */
export const secondaryRequirements = (
  facts: ClusterFacts,
  database: string,
  name: string,
): Checks => {
  const byDatabase = requirementsByDatabase(facts);
  let byName = byDatabase.get(database);
  if (byName === undefined) {
    byName = new Map();
    byDatabase.set(database, byName);
  }
  let checks = byName.get(name);
  if (checks === undefined) {
    checks = requirementsOf(facts, database, name);
    byName.set(name, checks);
  }
  return checks;
};

/** A secondary upgraded past the primary's version takes no backups until the primary follows (S64). */
const upgradedBackups = (facts: ClusterFacts, name: string): readonly Reason[] =>
  upgradedReasons(facts, name, (versions) =>
    because(
      'BACKUP_SECONDARY_UPGRADED',
      `${versions}: during a version upgrade an upgraded secondary is not available for backups`,
    ),
  );

const requirementsOf = (facts: ClusterFacts, database: string, name: string): Checks => {
  const connected = replicaFacts(facts, name)?.connectedState ?? null;
  const row = databaseReplicaFacts(facts, name, database);
  const state = row?.synchronizationState ?? null;
  const unavailable = unavailableState(facts, name, database);
  const blocking = [
    ...(connected === 'DISCONNECTED'
      ? [
          because(
            'BACKUP_SECONDARY_DISCONNECTED',
            `${name} is ${hasNoPrimary(facts) ? 'connected to no primary (the group has none)' : 'DISCONNECTED from the primary'}: a secondary backs up only while it can communicate with the primary`,
          ),
        ]
      : []),
    ...(connected === null
      ? [
          unknownFact('UNKNOWN_CONNECTED_STATE', `whether ${name} is connected to the primary`, [
            `sys.dm_hadr_availability_replica_states.connected_state_desc for ${name}`,
          ]),
        ]
      : []),
    ...(row === undefined
      ? [
          unknownFact('UNKNOWN_DATABASE_REPLICA', `a row for database ${database} on ${name}`, [
            `sys.dm_hadr_database_replica_states row for ${database} on ${name}`,
          ]),
        ]
      : []),
    ...(row?.isJoined === false
      ? [
          because(
            'BACKUP_DATABASE_NOT_JOINED',
            `${database} is not joined to the availability group on ${name}, so it cannot be backed up there`,
          ),
        ]
      : []),
    ...(row !== undefined && row.isJoined === null
      ? [
          unknownFact('UNKNOWN_JOINED', `whether ${database} is joined on ${name}`, [
            `sys.dm_hadr_database_replica_cluster_states.is_database_joined for ${database} on ${name}`,
          ]),
        ]
      : []),
    ...(row !== undefined && state === null
      ? [
          unknownFact(
            'UNKNOWN_SYNCHRONIZATION_STATE',
            `the synchronization state of ${database} on ${name}`,
            [
              `sys.dm_hadr_database_replica_states.synchronization_state_desc for ${database} on ${name}`,
            ],
          ),
        ]
      : []),
    ...upgradedBackups(facts, name),
    // A synchronized copy can still be in recovery (an upgraded secondary stays "Synchronized /
    // In Recovery" until a failover, sql-docs PR #9164); an unavailable database (S80) cannot be
    // backed up.
    ...(unavailable !== null
      ? [
          because(
            'BACKUP_SECONDARY_DATABASE_UNAVAILABLE',
            `${database} is ${unavailable} on ${name}: the database is unavailable, so it cannot be backed up there`,
          ),
        ]
      : []),
    ...(state !== null && state !== 'SYNCHRONIZED' && state !== 'SYNCHRONIZING'
      ? [
          because(
            'BACKUP_SECONDARY_NOT_SYNCHRONIZING',
            `${database} on ${name} is ${state}: a secondary database must be SYNCHRONIZED or SYNCHRONIZING to be backed up`,
          ),
        ]
      : []),
  ];
  return {
    blocking,
    grounds: [
      because(
        'BACKUP_SECONDARY_READY',
        `${name} is connected to the primary and ${database} is ${state ?? 'unknown'} there`,
      ),
    ],
  };
};

const outsideGroupDecision = (
  facts: ClusterFacts,
  database: string,
  replica: string,
  options: BackupDecisionOptions,
  down: Checks,
): BackupDecision => {
  if (options.databaseExists === null)
    return decide(
      down,
      block(
        unknownFact('UNKNOWN_DATABASE_EXISTENCE', `whether database ${database} exists`, [
          `sys.databases row for ${database}`,
        ]),
      ),
    );
  const verdict = isPreferredBackupReplica(facts, database, replica, options);
  // Outside the group no availability rule applies: an existing database is simply backed up.
  return options.databaseExists === false
    ? decide(down, block(...verdict.reasons))
    : decide(down, ground(...verdict.reasons));
};

/**
 * A replica without a role row that the primary shows DISCONNECTED (it shows a role only for
 * connected replicas, S7), or one of a group without a primary: judged in every role it could
 * have (`inEachPossibleRole`), the answer when they all agree.
 */
const alikeInEveryRole = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  name: string,
  options: BackupDecisionOptions,
): BackupDecision | null => {
  const answers = inEachPossibleRole(facts, name).map((asIf) => ({
    role: asIf.role,
    ...backupDecision(asIf.facts, database, backupType, name, options),
  }));
  const [first] = answers;
  if (first === undefined || first.action === 'unknown') return null;
  if (!answers.every((a) => a.action === first.action)) return null;
  return {
    action: first.action,
    reasons: [
      because(
        'BACKUP_WHATEVER_THE_ROLE',
        `the snapshot does not show the role of ${name}, but as ${answers.map((a) => a.role).join(' or ')} it would ${first.action} alike`,
      ),
      ...first.reasons,
    ],
  };
};

/**
 * A type a secondary can take runs, on the primary as on a secondary, only where the function
 * answers 1 (Ola rule 4), and a RESOLVING replica skips: where the function's 0 on a replica is
 * certain whatever its role (BACKUP_PRIORITY 0, S3), the unshown role changes nothing.
 */
const notPreferredInAnyRole = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  name: string,
  options: BackupDecisionOptions,
): Checks | null => {
  const check = preferenceCheck(facts, database, backupType, name, options);
  if (check.blocking.length === 0 || check.blocking.some(isUnknownReason)) return null;
  const roles = mayBePrimary(facts, name)
    ? 'PRIMARY, SECONDARY or RESOLVING'
    : 'SECONDARY or RESOLVING';
  return block(
    because(
      'BACKUP_WHATEVER_THE_ROLE',
      `the snapshot does not show the role of ${name}, but as ${roles} it would skip alike: ${BACKUP_TYPE_NAMES[backupType]} runs, on the primary as on a secondary, only where sys.fn_hadr_backup_is_preferred_replica returns 1, and it returns 0 on ${name} in any role`,
    ),
    ...check.blocking,
  );
};

/**
 * The primary's own copy in recovery, recovery pending, suspect or offline is unavailable (S80), as
 * a secondary's is: no BACKUP of it runs (MSSQLSERVER_9001's example, S121: a primary database
 * restarted after 9001, "Recovery of database 'ContosoDb' (6) is 0% complete").
 */
const primaryDatabaseAvailable = (facts: ClusterFacts, database: string, name: string): Checks => {
  const state = unavailableState(facts, name, database);
  return state !== null
    ? block(
        because(
          'BACKUP_PRIMARY_DATABASE_UNAVAILABLE',
          `${database} is ${state} on the primary ${name}: the database is unavailable, so it cannot be backed up there`,
        ),
      )
    : ground();
};

/**
 * A primary whose operational_state_desc is known and not ONLINE (FAILED after 41034, PENDING, …)
 * is "not ready to process client requests" (S7, Roles and operational states; S34: FAILED "the
 * replica cannot receive client requests"): no BACKUP sent there runs, as no commit does.
 */
const primaryReplicaOnline = (facts: ClusterFacts, name: string): Checks => {
  const state = replicaFacts(facts, name)?.operationalState ?? null;
  return state !== null && state !== 'ONLINE'
    ? block(
        because(
          'BACKUP_PRIMARY_NOT_ONLINE',
          `the primary ${name} is ${state}, not ONLINE: it is not ready to process client requests, so no backup runs there`,
        ),
      )
    : ground();
};

/**
 * Run or skip `backupType` of `database` on `replica` (ag-rules §5.1–5.2, peers.md §2.4 rules
 * 1–4). A type a secondary cannot take runs on the primary only, whatever the preference.
 */
export const backupDecision = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  replica: string,
  options: BackupDecisionOptions = {},
): BackupDecision => {
  const { config } = facts;
  const name = replicaConfig(facts, replica)?.name ?? replica;
  const down =
    replicaFacts(facts, name)?.isUp === false
      ? block(
          because(
            'BACKUP_REPLICA_DOWN',
            `${name}'s instance is not running: no backup job runs there`,
          ),
        )
      : ground();
  if (!isGroupDatabase(config, database))
    return outsideGroupDecision(facts, database, name, options, down);
  if (replicaConfig(facts, replica) === undefined)
    return decide(
      block(
        because(
          'BACKUP_REPLICA_NOT_IN_GROUP',
          `${replica} is not a replica of availability group ${config.name}, so it holds no copy of ${database}`,
        ),
      ),
    );
  const role = roleOf(facts, name);
  const onSecondary = backupTypeOnSecondary(config, backupType);
  if (role === 'PRIMARY')
    return onSecondary.allowed
      ? decide(
          down,
          primaryReplicaOnline(facts, name),
          primaryDatabaseAvailable(facts, database, name),
          preferenceCheck(facts, database, backupType, name, options),
          ground(
            because(
              'BACKUP_TYPE_ALLOWED_ON_PRIMARY',
              `the primary takes every backup type, ${backupType} included`,
            ),
          ),
        )
      : decide(
          down,
          primaryReplicaOnline(facts, name),
          primaryDatabaseAvailable(facts, database, name),
          ground(
            because(
              'BACKUP_TYPE_PRIMARY_ONLY',
              `${BACKUP_TYPE_NAMES[backupType]} cannot run on a secondary of this group, so it runs on the primary ${name} whatever the backup preference`,
            ),
            onSecondary.reason,
          ),
        );
  if (role === 'SECONDARY') {
    const redoBehind = redoBehindLogBackup(facts, database, name, backupType);
    return decide(
      down,
      onSecondary.allowed
        ? preferenceCheck(facts, database, backupType, name, options)
        : block(onSecondary.reason),
      ground(onSecondary.reason),
      secondaryRequirements(facts, database, name),
      redoBehind === null ? ground() : block(redoBehind),
    );
  }
  // Only a replica the primary shows DISCONNECTED, or one of a group without a primary, is judged
  // in every role: for one whose row says nothing, the roles would agree on guesses.
  if (role === null && isCutOffFromPrimary(facts, name)) {
    const alike = alikeInEveryRole(facts, database, backupType, name, options);
    if (alike !== null) return alike;
  }
  if (role === null && onSecondary.allowed) {
    const notPreferred = notPreferredInAnyRole(facts, database, backupType, name, options);
    if (notPreferred !== null) return decide(down, notPreferred);
  }
  return decide(
    down,
    block(
      role === null
        ? unknownFact(
            'UNKNOWN_ROLE',
            `the role of ${name}, which decides what it may back up`,
            roleSettledBy(facts, name, ` for ${name}`),
          )
        : because(
            'BACKUP_REPLICA_RESOLVING',
            `${name} is RESOLVING: a backup job skips a database whose replica is neither PRIMARY nor SECONDARY`,
          ),
    ),
  );
};
