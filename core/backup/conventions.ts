import type { BackupType, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason as settledUnknown } from '../model/source.js';
import { isGroupDatabase, replicaConfig, replicaFacts, sameName } from '../rules/facts-access.js';
import { roleOf, UNKNOWN_REASONS } from '../rules/replica-availability.js';
import {
  BACKUP_TYPE_NAMES,
  type BackupDecisionOptions,
  backupDecision,
  backupTypeOnSecondary,
  secondaryRequirements,
} from './backup.js';
import { backupReason as because } from './codes.js';
import {
  type BackupJobOutcome,
  fromBlocking,
  isUnknown,
  type JobAnswer,
  pass,
  run,
  type Step,
  stop,
} from './job-steps.js';
import { isPreferredBackupReplica } from './preference.js';

export { BACKUP_JOB_OUTCOMES, type BackupJobOutcome } from './job-steps.js';

/**
 * What a scheduled backup job does on one replica, by the convention it follows: Ola Hallengren's
 * DatabaseBackup, a maintenance plan's Back Up Database task, or dbatools' Backup-DbaDatabase.
 * `take`: the backup is taken; `skip`: the job deliberately takes nothing and succeeds; `fail`:
 * the job tries and SQL Server (or the tool) reports an error; `unknown`: the snapshot lacks a fact
 * that decides between these, and the reasons name it (docs/decisions-backup-routing.md, backup
 * jobs by convention). Each job is the steps it runs, in order (./job-steps.ts).
 */

export const BACKUP_JOB_CONVENTIONS = ['OLA_HALLENGREN', 'MAINTENANCE_PLAN', 'DBATOOLS'] as const;
export type BackupJobConvention = (typeof BACKUP_JOB_CONVENTIONS)[number];

/** The backup types a job is scheduled for; a copy-only log backup is no job's routine. */
export const BACKUP_JOB_TYPES = ['FULL', 'FULL_COPY_ONLY', 'DIFFERENTIAL', 'LOG'] as const;

export interface BackupJobDecision {
  readonly convention: BackupJobConvention;
  readonly database: string;
  readonly backupType: BackupType;
  readonly replica: string;
  readonly outcome: BackupJobOutcome;
  /** For take, the grounds; otherwise every reason it is not taken, and every fact it lacks. */
  readonly reasons: readonly Reason[];
}

export interface BackupJobOptions extends BackupDecisionOptions {}

const instanceDown = (facts: ClusterFacts, name: string): boolean =>
  replicaFacts(facts, name)?.isUp === false;

/** A stopped instance runs no SQL Agent job at all. */
const downStep = (name: string): Step =>
  stop(
    'skip',
    because('BACKUP_REPLICA_DOWN', `${name}'s instance is not running: no backup job runs there`),
  );

/** The types @OverrideBackupPreference applies to. */
const OVERRIDABLE_TYPES: readonly BackupType[] = ['FULL_COPY_ONLY', 'LOG'];

/** Ola rule 4: run where the function answers 1, or where @OverrideBackupPreference lifts it. */
const olaPreferenceStep = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
  options: BackupJobOptions,
): Step => {
  const overridden = options.overrideBackupPreference === true && OVERRIDABLE_TYPES.includes(type);
  const verdict = isPreferredBackupReplica(facts, database, name, options);
  if (verdict.preferred)
    return pass(
      because(
        'BACKUP_PREFERENCE_FOLLOWED',
        `${name} is the preferred backup replica for ${database}`,
      ),
      ...verdict.reasons,
    );
  if (overridden)
    return pass(
      because(
        'BACKUP_PREFERENCE_OVERRIDDEN',
        `${name} is not the preferred backup replica for ${database}, but @OverrideBackupPreference = 'Y' lifts the preference for ${BACKUP_TYPE_NAMES[type]}`,
      ),
    );
  const notPreferred = because(
    'BACKUP_NOT_PREFERRED',
    `skipped: sys.fn_hadr_backup_is_preferred_replica('${database}') is not 1 on ${name} (AUTOMATED_BACKUP_PREFERENCE ${facts.config.automatedBackupPreference})`,
  );
  const notApplicable =
    options.overrideBackupPreference === true
      ? [
          because(
            'BACKUP_OVERRIDE_NOT_APPLICABLE',
            `@OverrideBackupPreference applies to copy-only full and regular log backups only, not to ${BACKUP_TYPE_NAMES[type]}`,
          ),
        ]
      : [];
  return verdict.reasons.some(isUnknown)
    ? { kind: 'open', unless: 'skip', reasons: verdict.reasons }
    : stop('skip', notPreferred, ...verdict.reasons, ...notApplicable);
};

/**
 * Ola Hallengren's DatabaseBackup (peers.md §2.4): skip a role other than PRIMARY or SECONDARY
 * (rule 1); a type a secondary cannot take runs on the primary only (rule 3); a type it can take
 * runs only where the function answers 1 (rule 4); then BACKUP, which SQL Server may refuse.
 */
const olaHallengren = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
  options: BackupJobOptions,
): JobAnswer => {
  if (instanceDown(facts, name)) return run([downStep(name)]);
  const role = roleOf(facts, name);
  if (role === 'RESOLVING')
    return run([
      stop(
        'skip',
        because(
          'BACKUP_REPLICA_RESOLVING',
          `${name} is RESOLVING: DatabaseBackup skips a database whose replica is neither PRIMARY nor SECONDARY`,
        ),
      ),
    ]);
  const onSecondary = backupTypeOnSecondary(facts.config, type);
  const takes = pass(
    because(
      'BACKUP_JOB_OLA_TAKES',
      `DatabaseBackup on ${name} takes ${BACKUP_TYPE_NAMES[type]} of ${database}`,
    ),
  );
  if (role === 'PRIMARY')
    return run([
      takes,
      onSecondary.allowed
        ? olaPreferenceStep(facts, database, type, name, options)
        : pass(
            because(
              'BACKUP_TYPE_PRIMARY_ONLY',
              `${BACKUP_TYPE_NAMES[type]} cannot run on a secondary of this group, so DatabaseBackup runs it on the primary ${name} whatever the backup preference`,
            ),
            onSecondary.reason,
          ),
    ]);
  return run([
    takes,
    onSecondary.allowed
      ? pass(onSecondary.reason)
      : stop(
          'skip',
          because(
            'BACKUP_JOB_OLA_SKIPS',
            `DatabaseBackup on the secondary ${name} skips ${database}: ${BACKUP_TYPE_NAMES[type]} runs on the primary only`,
          ),
          onSecondary.reason,
        ),
    olaPreferenceStep(facts, database, type, name, options),
    ...backupOnSecondary(facts, database, name),
  ]);
};

/** The maintenance plan's task: IF preferred THEN BACKUP, for every backup type (S11). */
const maintenancePlan = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
  options: BackupJobOptions,
): JobAnswer => {
  if (instanceDown(facts, name)) return run([downStep(name)]);
  const verdict = isPreferredBackupReplica(facts, database, name, options);
  const call = `the maintenance plan on ${name} checks sys.fn_hadr_backup_is_preferred_replica('${database}')`;
  const preference: Step = verdict.preferred
    ? pass(
        because('BACKUP_JOB_PLAN_PREFERRED', `${call}, which returns 1 here, so it runs BACKUP`),
        ...verdict.reasons,
      )
    : verdict.reasons.some(isUnknown)
      ? { kind: 'open', unless: 'skip', reasons: verdict.reasons }
      : stop(
          'skip',
          because(
            'BACKUP_JOB_PLAN_NOT_PREFERRED',
            `${call}, which returns 0 here, so it takes no ${BACKUP_TYPE_NAMES[type]} and the job still succeeds, with no backup file`,
          ),
          ...verdict.reasons,
        );
  return run([
    preference,
    ...(roleOf(facts, name) === 'SECONDARY'
      ? [sqlServerOnSecondary(facts, type, name), ...backupOnSecondary(facts, database, name)]
      : []),
  ]);
};

/** BACKUP of a type a secondary cannot take fails there with Msg 3059 (S10). */
const sqlServerOnSecondary = (facts: ClusterFacts, type: BackupType, name: string): Step => {
  const onSecondary = backupTypeOnSecondary(facts.config, type);
  return onSecondary.allowed
    ? pass(onSecondary.reason)
    : stop(
        'fail',
        because(
          'BACKUP_JOB_FAILS_ON_SECONDARY',
          `${name} is a secondary: BACKUP of ${BACKUP_TYPE_NAMES[type]} fails there with Msg 3059 "This BACKUP or RESTORE command is not supported on a database mirror or secondary replica"`,
        ),
        onSecondary.reason,
      );
};

/** BACKUP on a secondary fails unless it is connected and the database is synchronizing (S10). */
const backupOnSecondary = (
  facts: ClusterFacts,
  database: string,
  name: string,
): readonly (Step | undefined)[] => {
  const requirements = secondaryRequirements(facts, database, name);
  if (requirements.blocking.length === 0) return [pass(...requirements.grounds)];
  return [
    fromBlocking(
      'fail',
      requirements.blocking,
      because(
        'BACKUP_JOB_SECONDARY_NOT_READY',
        `BACKUP of ${database} on the secondary ${name} fails: a secondary backs up only while connected to the primary, with the database SYNCHRONIZED or SYNCHRONIZING`,
      ),
    ),
  ];
};

/** dbatools' Backup-DbaDatabase: no preference check; BACKUP runs wherever it is pointed. */
const dbatools = (
  facts: ClusterFacts,
  database: string,
  type: BackupType,
  name: string,
): JobAnswer => {
  if (instanceDown(facts, name))
    return run([
      stop(
        'fail',
        because(
          'BACKUP_JOB_DBATOOLS_CONNECTION_FAILS',
          `${name}'s instance is not running: Backup-DbaDatabase cannot connect and stops with a connection error`,
        ),
      ),
    ]);
  const role = roleOf(facts, name);
  if (role === 'RESOLVING')
    return run([
      stop(
        'fail',
        because(
          'BACKUP_JOB_RESOLVING_FAILS',
          `${name} is RESOLVING: its copy of ${database} is neither primary nor secondary and cannot be backed up, so Backup-DbaDatabase reports an error`,
        ),
      ),
    ]);
  return run([
    pass(
      because(
        'BACKUP_JOB_DBATOOLS_NO_PREFERENCE',
        `Backup-DbaDatabase does not consult the backup preference: it runs BACKUP of ${database} on ${name} whatever AUTOMATED_BACKUP_PREFERENCE and BACKUP_PRIORITY say`,
      ),
    ),
    ...(role === 'SECONDARY'
      ? [sqlServerOnSecondary(facts, type, name), ...backupOnSecondary(facts, database, name)]
      : []),
  ]);
};

const JOBS = {
  OLA_HALLENGREN: olaHallengren,
  MAINTENANCE_PLAN: maintenancePlan,
  DBATOOLS: (f, d, t, n) => dbatools(f, d, t, n),
} as const satisfies Record<BackupJobConvention, typeof olaHallengren>;

/** What `convention`'s job does with `backupType` of `database` on `replica`. */
export const backupJobDecision = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  replica: string,
  convention: BackupJobConvention,
  options: BackupJobOptions = {},
): BackupJobDecision => {
  const name = replicaConfig(facts, replica)?.name ?? replica;
  const answer = (a: JobAnswer): BackupJobDecision => ({
    convention,
    database,
    backupType,
    replica: name,
    ...a,
  });
  // Outside the group, or on a replica not in it, no availability rule applies.
  if (!isGroupDatabase(facts.config, database) || replicaConfig(facts, replica) === undefined) {
    const plain = backupDecision(facts, database, backupType, replica, options);
    const open = plain.action === 'skip' && plain.reasons.every(isUnknown);
    return answer({
      outcome: plain.action === 'run' ? 'take' : open ? 'unknown' : 'skip',
      reasons: plain.reasons,
    });
  }
  const job = (f: ClusterFacts) => JOBS[convention](f, database, backupType, name, options);
  if (roleOf(facts, name) === null && !instanceDown(facts, name))
    return answer(whateverTheRole(facts, name, job));
  return answer(job(facts));
};

const ROLES: readonly ReplicaRole[] = ['PRIMARY', 'SECONDARY', 'RESOLVING'];

/**
 * A replica whose role the snapshot lacks: the job is judged in every role it could have (not
 * PRIMARY when another replica is), and one answer for all of them is the answer.
 */
const whateverTheRole = (
  facts: ClusterFacts,
  name: string,
  job: (f: ClusterFacts) => JobAnswer,
): JobAnswer => {
  const row = replicaFacts(facts, name);
  const otherPrimary = facts.primary !== null && !sameName(facts.primary, name);
  const roles = ROLES.filter((r) => !(r === 'PRIMARY' && otherPrimary));
  const answers =
    row === undefined
      ? []
      : roles.map((role) => ({
          role,
          ...job({
            ...facts,
            replicas: facts.replicas.map((r) => (r === row ? { ...r, role } : r)),
          }),
        }));
  const [first] = answers;
  const lacking = `the role of ${name}`;
  if (
    first !== undefined &&
    first.outcome !== 'unknown' &&
    answers.every((a) => a.outcome === first.outcome)
  )
    return {
      outcome: first.outcome,
      reasons: [
        because(
          'BACKUP_JOB_WHATEVER_THE_ROLE',
          `the snapshot does not show ${lacking}, but as ${answers.map((a) => a.role).join(' or ')} the job would ${first.outcome} alike`,
        ),
        ...first.reasons,
      ],
    };
  const each = answers.map(
    (a) => `as ${a.role} it would ${a.outcome === 'unknown' ? 'still be unknown' : a.outcome}`,
  );
  return {
    outcome: 'unknown',
    reasons: [
      settledUnknown(
        'UNKNOWN_ROLE',
        `unknown: the snapshot does not show ${lacking}, which decides what the job does there${each.length === 0 ? '' : ` (${each.join(', ')})`}`,
        UNKNOWN_REASONS.UNKNOWN_ROLE,
        [`sys.dm_hadr_availability_replica_states role_desc for ${name}`],
      ),
    ],
  };
};

/**
 * Every convention's answer for every job backup type on every replica that holds data (a
 * configuration-only replica holds no database, S32): where each job takes what.
 */
export const backupJobMatrix = (
  facts: ClusterFacts,
  database: string,
  options: BackupJobOptions = {},
): readonly BackupJobDecision[] =>
  BACKUP_JOB_CONVENTIONS.flatMap((convention) =>
    BACKUP_JOB_TYPES.flatMap((type) =>
      facts.config.replicas
        .filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY')
        .map((r) => backupJobDecision(facts, database, type, r.name, convention, options)),
    ),
  );
