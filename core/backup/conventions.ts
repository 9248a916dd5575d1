import type { BackupType, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason as settledUnknown } from '../model/source.js';
import { unavailableState } from '../routing/database-states.js';
import {
  databaseLog,
  databaseReplicaFacts,
  isGroupDatabase,
  replicaConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';
import {
  inEachPossibleRole,
  roleOf,
  roleSettledBy,
  UNKNOWN_REASONS,
  unknownReason,
} from '../rules/replica-availability.js';
import {
  BACKUP_TYPE_NAMES,
  type BackupDecisionOptions,
  backupDecision,
  backupTypeOnSecondary,
  secondaryRequirements,
} from './backup.js';
import { backupUnknown, backupReason as because } from './codes.js';
import { differentialOnSecondaryBeforeFix } from './differential-before-fix.js';
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
import { planOnContainedGroup } from './plan-contained.js';
import { isPreferredBackupReplica } from './preference.js';
import { redoBehindLogBackup } from './redo-behind.js';
import { serverNameMismatch } from './server-names.js';

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

/**
 * What every job on one database asks about each replica, worked out once per facts value,
 * database and options: a database's matrix asks the same of each replica for every convention
 * and type (the steps are immutable, so their reasons are shared by the decisions that give them).
 */
interface JobContext {
  readonly facts: ClusterFacts;
  readonly database: string;
  readonly options: BackupJobOptions;
  readonly replicas: Map<string, ReplicaAt>;
}

/**
 * A replica as every job reads it: its configured name, whether it runs, its role; and the steps
 * made for it so far, by a key that names the step (and the type, for a step that depends on it).
 */
interface ReplicaAt {
  readonly name: string;
  readonly member: boolean;
  readonly down: boolean;
  readonly role: ReplicaRole | null;
  readonly steps: Map<string, Step>;
}

/** Keys of steps that depend on the type, made once (a key built per call would be hashed per call). */
const keyed = (step: string): Readonly<Record<BackupType, string>> => ({
  FULL: `${step} FULL`,
  FULL_COPY_ONLY: `${step} FULL_COPY_ONLY`,
  DIFFERENTIAL: `${step} DIFFERENTIAL`,
  LOG: `${step} LOG`,
  LOG_COPY_ONLY: `${step} LOG_COPY_ONLY`,
});
const OLA_PREFERENCE_BY_TYPE = keyed('ola preference');
const SQL_SERVER_ON_SECONDARY = keyed('sql server on secondary');
const TYPE_ALLOWED_ON_SECONDARY = keyed('type allowed on secondary');

const replicaAt = (ctx: JobContext, replica: string): ReplicaAt =>
  ctx.replicas.get(replica) ?? remember(ctx.replicas, replica, readReplica(ctx.facts, replica));

const readReplica = (facts: ClusterFacts, replica: string): ReplicaAt => {
  const member = replicaConfig(facts, replica);
  const name = member?.name ?? replica;
  return {
    name,
    member: member !== undefined,
    down: instanceDown(facts, name),
    role: roleOf(facts, name),
    steps: new Map(),
  };
};

const jobContext = (
  facts: ClusterFacts,
  database: string,
  options: BackupJobOptions,
): JobContext => ({ facts, database, options, replicas: new Map() });

/** Keeps `value` under `key` and gives it back: `map.get(key) ?? remember(map, key, made)`. */
const remember = <V>(cache: Map<string, V>, key: string, value: V): V => {
  cache.set(key, value);
  return value;
};

/** A stopped instance runs no SQL Agent job at all. */
const downStep = (at: ReplicaAt): Step =>
  at.steps.get('down') ??
  remember(
    at.steps,
    'down',
    stop(
      'skip',
      because(
        'BACKUP_REPLICA_DOWN',
        `${at.name}'s instance is not running: no backup job runs there`,
      ),
    ),
  );

/** The types @OverrideBackupPreference applies to. */
const OVERRIDABLE_TYPES: readonly BackupType[] = ['FULL_COPY_ONLY', 'LOG'];

/** Ola rule 4: run where the function answers 1, or where @OverrideBackupPreference lifts it. */
const olaPreferenceStep = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step => {
  // Without the override the step does not depend on the type.
  const key =
    ctx.options.overrideBackupPreference === true ? OLA_PREFERENCE_BY_TYPE[type] : 'ola preference';
  return (
    at.steps.get(key) ??
    remember(at.steps, key, olaPreference(ctx.facts, ctx.database, type, at.name, ctx.options))
  );
};

const olaPreference = (
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
 * DatabaseBackup first compares @@SERVERNAME with SERVERPROPERTY('ServerName') and stops with an
 * error, before any backup, where they differ (S113). It compares them in the instance's
 * collation (issue #692): a case-only difference stops it on a case-sensitive instance only, and
 * the snapshot does not show the collation.
 */
const olaServerNameStep = (ctx: JobContext, at: ReplicaAt): Step | undefined => {
  const mismatch = serverNameMismatch(ctx.facts, at.name);
  if (mismatch === null) return undefined;
  return (
    at.steps.get('ola server name') ??
    remember(
      at.steps,
      'ola server name',
      mismatch === 'NAME'
        ? stop(
            'fail',
            because(
              'BACKUP_JOB_OLA_SERVERNAME_MISMATCH',
              `DatabaseBackup on ${at.name} stops with the error 'The @@SERVERNAME does not match SERVERPROPERTY(''ServerName'')' before any backup`,
            ),
          )
        : {
            kind: 'open',
            unless: 'fail',
            reasons: [
              backupUnknown(
                'BACKUP_JOB_OLA_SERVERNAME_CASE',
                `unknown: @@SERVERNAME and SERVERPROPERTY('ServerName') differ in case only on ${at.name}; DatabaseBackup stops with an error there if the instance's collation is case-sensitive, which the snapshot does not show`,
                [`SERVERPROPERTY('Collation') on ${at.name}`],
              ),
            ],
          },
    )
  );
};

/**
 * Ola Hallengren's DatabaseBackup (peers.md §2.4): skip a role other than PRIMARY or SECONDARY
 * (rule 1); a type a secondary cannot take runs on the primary only (rule 3); a type it can take
 * runs only where the function answers 1 (rule 4); then BACKUP, which SQL Server may refuse.
 */
const olaHallengren = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
  const { facts, database } = ctx;
  const { name, role } = at;
  if (at.down) return run([downStep(at)]);
  const names = olaServerNameStep(ctx, at);
  if (role === 'RESOLVING')
    return run([
      names,
      stop(
        'skip',
        because(
          'BACKUP_REPLICA_RESOLVING',
          `${name} is RESOLVING: DatabaseBackup skips a database whose replica is neither PRIMARY nor SECONDARY`,
        ),
      ),
    ]);
  const onSecondary = backupTypeOnSecondary(facts.config, type);
  const steps: readonly (Step | undefined)[] =
    role === 'PRIMARY'
      ? [
          names,
          notOnlineStep(ctx, at, 'OLA_HALLENGREN'),
          onSecondary.allowed
            ? olaPreferenceStep(ctx, type, at)
            : pass(
                because(
                  'BACKUP_TYPE_PRIMARY_ONLY',
                  `${BACKUP_TYPE_NAMES[type]} cannot run on a secondary of this group, so DatabaseBackup runs it on the primary ${name} whatever the backup preference`,
                ),
                onSecondary.reason,
              ),
          primaryNotOnline(ctx, at),
        ]
      : [
          names,
          notOnlineStep(ctx, at, 'OLA_HALLENGREN'),
          onSecondary.allowed
            ? typeAllowed(at, type, onSecondary.reason)
            : stop(
                'skip',
                because(
                  'BACKUP_JOB_OLA_SKIPS',
                  `DatabaseBackup on the secondary ${name} skips ${database}: ${BACKUP_TYPE_NAMES[type]} runs on the primary only`,
                ),
                onSecondary.reason,
              ),
          olaPreferenceStep(ctx, type, at),
          backupOnSecondary(ctx, at),
          redoBehindStep(ctx, type, at),
        ];
  // The job's first step passes; its reason is a ground, kept only when the job takes the backup.
  return steps.every(passes)
    ? run([
        pass(
          because(
            'BACKUP_JOB_OLA_TAKES',
            `DatabaseBackup on ${name} takes ${BACKUP_TYPE_NAMES[type]} of ${database}`,
          ),
        ),
        ...steps,
      ])
    : run(steps);
};

/**
 * What a job does with a copy that is not ONLINE. DatabaseBackup backs up a database only when its
 * state is ONLINE (its `@CurrentDatabaseState = 'ONLINE'` test), and Backup-DbaDatabase only when
 * its SMO status is Normal ("Database status not Normal. … skipped."); both pass over any other
 * without an error. A copy not joined on a secondary is RESTORING there, or absent (S50: joining
 * takes it from RESTORING to ONLINE); a copy whose row shows another state (RECOVERY_PENDING on a
 * primary, KB2857849) is skipped as well. A joined copy that is synchronizing is ONLINE; one that
 * is not, with its state not shown, may be either, so the step is open: skipped, or on to BACKUP;
 * so is the primary's copy when the snapshot (taken on a secondary, S7) does not show its state.
 */
const NOT_ONLINE = {
  OLA_HALLENGREN: {
    key: 'ola state',
    code: 'BACKUP_JOB_OLA_DATABASE_NOT_ONLINE',
    skips:
      'DatabaseBackup backs up only an ONLINE database and passes over it, and the job succeeds',
    tool: 'DatabaseBackup',
  },
  DBATOOLS: {
    key: 'dbatools state',
    code: 'BACKUP_JOB_DBATOOLS_STATUS_NOT_NORMAL',
    skips:
      'Backup-DbaDatabase skips a database whose status is not Normal ("Database status not Normal. … skipped."), with a warning',
    tool: 'Backup-DbaDatabase',
  },
} as const;

const notOnlineStep = (
  ctx: JobContext,
  at: ReplicaAt,
  convention: keyof typeof NOT_ONLINE,
): Step | undefined => {
  const { key } = NOT_ONLINE[convention];
  return at.steps.get(key) ?? remember(at.steps, key, notOnline(ctx, at, convention));
};

const SYNCHRONIZING_STATES: readonly (string | null)[] = ['SYNCHRONIZED', 'SYNCHRONIZING'];

const notOnline = (
  { facts, database }: JobContext,
  at: ReplicaAt,
  convention: keyof typeof NOT_ONLINE,
): Step | undefined => {
  const { code, skips, tool } = NOT_ONLINE[convention];
  const row = databaseReplicaFacts(facts, at.name, database);
  // A snapshot taken on a secondary shows the primary's role but not its copies' rows (S7).
  const primaryStateUnknown: Step = {
    kind: 'open',
    unless: 'skip',
    reasons: [
      unknownReason(
        'UNKNOWN_DATABASE_STATE',
        `whether ${database} is ONLINE on the primary ${at.name} (${tool} skips it if not)`,
      ),
    ],
  };
  if (row === undefined) return at.role === 'PRIMARY' ? primaryStateUnknown : undefined;
  const skip = (why: string): Step => stop('skip', because(code, `${why}: ${skips}`));
  if (at.role !== 'PRIMARY' && row.isJoined === false)
    return skip(
      `${database} is not joined on the secondary ${at.name}, so it is RESTORING there or absent`,
    );
  if (row.databaseState !== null)
    return row.databaseState === 'ONLINE'
      ? undefined
      : skip(`${database} is ${row.databaseState} on ${at.name}`);
  if (at.role === 'PRIMARY') return primaryStateUnknown;
  return at.role === 'SECONDARY' &&
    row.synchronizationState !== null &&
    !SYNCHRONIZING_STATES.includes(row.synchronizationState)
    ? {
        kind: 'open',
        unless: 'skip',
        reasons: [
          unknownReason(
            'UNKNOWN_DATABASE_STATE',
            `whether ${database}, ${row.synchronizationState} on ${at.name}, is ONLINE there (${tool} skips it if not)`,
          ),
        ],
      }
    : undefined;
};

const passes = (step: Step | undefined): boolean => step === undefined || step.kind === 'pass';

const planCall = (name: string, database: string): string =>
  `the maintenance plan on ${name} checks sys.fn_hadr_backup_is_preferred_replica('${database}')`;

/** The maintenance plan's task: IF preferred THEN BACKUP, for every backup type (S11). */
const maintenancePlan = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
  const { facts, database } = ctx;
  const { name, role } = at;
  if (at.down) return run([downStep(at)]);
  const verdict = isPreferredBackupReplica(facts, database, name, ctx.options);
  const preference: Step = verdict.preferred
    ? (at.steps.get('plan preferred') ??
      remember(
        at.steps,
        'plan preferred',
        pass(
          because(
            'BACKUP_JOB_PLAN_PREFERRED',
            `${planCall(name, database)}, which returns 1 here, so it runs BACKUP`,
          ),
          ...verdict.reasons,
        ),
      ))
    : verdict.reasons.some(isUnknown)
      ? { kind: 'open', unless: 'skip', reasons: verdict.reasons }
      : stop(
          'skip',
          because(
            'BACKUP_JOB_PLAN_NOT_PREFERRED',
            `${planCall(name, database)}, which returns 0 here, so it does not take ${BACKUP_TYPE_NAMES[type]} and the job still succeeds, with no backup file`,
          ),
          ...verdict.reasons,
        );
  const contained = planOnContainedGroup(facts, database, name);
  return role === 'SECONDARY'
    ? run([
        contained,
        preference,
        ...planOnUnavailableCopy(ctx, at),
        sqlServerOnSecondary(ctx, type, at),
        backupOnSecondary(ctx, at),
        redoBehindStep(ctx, type, at),
      ])
    : run([contained, preference, primaryNotOnline(ctx, at), ...planOnUnavailableCopy(ctx, at)]);
};

/**
 * A primary whose operational_state_desc is known and not ONLINE (FAILED: it "can't read to or
 * write from the WSFC cluster", PENDING, …) is "not ready to process client requests" (S7, Roles
 * and operational states; S34: FAILED "the replica cannot receive client requests"): its databases
 * take no connection, so the BACKUP a job sends there fails, as commits and connections do.
 */
const primaryNotOnline = ({ facts, database }: JobContext, at: ReplicaAt): Step | undefined => {
  if (at.role !== 'PRIMARY') return undefined;
  const state = replicaFacts(facts, at.name)?.operationalState ?? null;
  if (state === null || state === 'ONLINE') return undefined;
  return (
    at.steps.get('primary not online') ??
    remember(
      at.steps,
      'primary not online',
      stop(
        'fail',
        because(
          'BACKUP_JOB_PRIMARY_NOT_ONLINE',
          `the primary ${at.name} is ${state}, not ONLINE: it is not ready to process client requests, so the BACKUP of ${database} sent there fails`,
        ),
      ),
    )
  );
};

/**
 * The copy unavailable (S80) on the replica the task runs on: its BACKUP fails there, unless the
 * task ignores databases that are not online, which no view shows, so the job skips or fails. On a
 * secondary the failure is SQL Server's own (the steps after this one); on the primary it is here.
 */
const planOnUnavailableCopy = ({ facts, database }: JobContext, at: ReplicaAt): Step[] => {
  const state = unavailableState(facts, at.name, database);
  if (state === null || (at.role !== 'PRIMARY' && at.role !== 'SECONDARY')) return [];
  const option: Step = {
    kind: 'open',
    unless: 'skip',
    reasons: [
      backupUnknown(
        'BACKUP_JOB_PLAN_NOT_ONLINE_OPTION_UNKNOWN',
        `whether the maintenance plan's Back Up Database task on ${at.name} ignores databases that are not online (it then skips ${database}, ${state} there)`,
        [
          `the Back Up Database task's "Ignore databases where the state is not online" (IgnoreDatabasesInNotOnlineState) in the maintenance plan on ${at.name}`,
        ],
      ),
    ],
  };
  return at.role === 'SECONDARY'
    ? [option]
    : [
        option,
        stop(
          'fail',
          because(
            'BACKUP_JOB_PRIMARY_DATABASE_UNAVAILABLE',
            `${database} is ${state} on the primary ${at.name}: the database is unavailable, so the task's BACKUP fails`,
          ),
        ),
      ];
};

/**
 * BACKUP of a type a secondary cannot take fails there with Msg 3059 (S10), except a differential
 * backup on a 2017 or 2019 build before KB4551221, which reports success (S167).
 */
const sqlServerOnSecondary = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step => {
  const { config } = ctx.facts;
  const onSecondary = backupTypeOnSecondary(config, type);
  const { name } = at;
  if (onSecondary.allowed) return typeAllowed(at, type, onSecondary.reason);
  const key = SQL_SERVER_ON_SECONDARY[type];
  const cached = at.steps.get(key);
  if (cached !== undefined) return cached;
  const refused = because(
    'BACKUP_JOB_FAILS_ON_SECONDARY',
    `${name} is a secondary: BACKUP of ${BACKUP_TYPE_NAMES[type]} fails there with Msg 3059 "This BACKUP or RESTORE command is not supported on a database mirror or secondary replica"`,
  );
  const beforeFix =
    type === 'DIFFERENTIAL' ? differentialOnSecondaryBeforeFix(config, ctx.database, name) : null;
  const step: Step =
    beforeFix === null
      ? stop('fail', refused, onSecondary.reason)
      : isUnknown(beforeFix)
        ? { kind: 'open', unless: 'fail', reasons: [beforeFix, onSecondary.reason] }
        : pass(beforeFix);
  return remember(at.steps, key, step);
};

/** A secondary takes this type: the step that says so. */
const typeAllowed = (at: ReplicaAt, type: BackupType, reason: Reason): Step => {
  const key = TYPE_ALLOWED_ON_SECONDARY[type];
  return at.steps.get(key) ?? remember(at.steps, key, pass(reason));
};

/** BACKUP on a secondary fails unless it is connected and the database is synchronizing (S10). */
const backupOnSecondary = (ctx: JobContext, at: ReplicaAt): Step =>
  at.steps.get('secondary ready') ??
  remember(at.steps, 'secondary ready', secondaryReady(ctx.facts, ctx.database, at.name));

const secondaryReady = (facts: ClusterFacts, database: string, name: string): Step => {
  const requirements = secondaryRequirements(facts, database, name);
  return (
    fromBlocking(
      'fail',
      requirements.blocking,
      because(
        'BACKUP_JOB_SECONDARY_NOT_READY',
        `BACKUP of ${database} on the secondary ${name} fails: a secondary backs up only while connected to the primary, with the database SYNCHRONIZED or SYNCHRONIZING`,
      ),
    ) ?? pass(...requirements.grounds)
  );
};

/** BACKUP LOG on a secondary whose redo is behind the last log backup fails (S135, 35295). */
const redoBehindStep = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step | undefined => {
  const behind = redoBehindLogBackup(ctx.facts, ctx.database, at.name, type);
  return behind === null
    ? undefined
    : stop(
        'fail',
        because(
          'BACKUP_JOB_SECONDARY_REDO_BEHIND',
          `BACKUP LOG of ${ctx.database} on the secondary ${at.name} fails: its redo is behind the end of the last log backup`,
        ),
        behind,
      );
};

/** dbatools' Backup-DbaDatabase: no preference check; BACKUP runs wherever it is pointed. */
const dbatools = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
  const { database } = ctx;
  const { name, role } = at;
  if (at.down)
    return run([
      stop(
        'fail',
        because(
          'BACKUP_JOB_DBATOOLS_CONNECTION_FAILS',
          `${name}'s instance is not running: Backup-DbaDatabase cannot connect and stops with a connection error`,
        ),
      ),
    ]);
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
  const noPreference =
    at.steps.get('dbatools') ??
    remember(
      at.steps,
      'dbatools',
      pass(
        because(
          'BACKUP_JOB_DBATOOLS_NO_PREFERENCE',
          `Backup-DbaDatabase does not consult the backup preference: it runs BACKUP of ${database} on ${name} whatever AUTOMATED_BACKUP_PREFERENCE and BACKUP_PRIORITY say`,
        ),
      ),
    );
  const status = notOnlineStep(ctx, at, 'DBATOOLS');
  const lastFull = dbatoolsLastFull(ctx, type, at);
  return role === 'SECONDARY'
    ? run([
        status,
        lastFull,
        noPreference,
        sqlServerOnSecondary(ctx, type, at),
        backupOnSecondary(ctx, at),
        redoBehindStep(ctx, type, at),
        dbatoolsReadable(ctx, at),
      ])
    : run([status, lastFull, noPreference, primaryNotOnline(ctx, at)]);
};

/**
 * Backup-DbaDatabase refuses a log or differential backup of a database whose SMO LastBackupDate
 * is empty ("… does not have an existing full backup, cannot take log or differentialbackup"),
 * and that date comes from the backup history in msdb of the instance it runs on (S133). Each
 * replica keeps its own msdb, so a full backup taken on another replica (the primary before a
 * failover) is not in it; no snapshot view shows that history, so the step is open, unless a
 * simulation took a full backup (copy-only or not) on that replica: then its msdb records one.
 */
const dbatoolsLastFull = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step | undefined => {
  // -Type Log, with -CopyOnly or not, and -Type Differential (the copy-only log is -Type Log too).
  if (type !== 'LOG' && type !== 'LOG_COPY_ONLY' && type !== 'DIFFERENTIAL') return undefined;
  const takenHere = databaseLog(ctx.facts, ctx.database)?.fullBackupOn?.some((r) =>
    sameName(r, at.name),
  );
  if (takenHere === true)
    return (
      at.steps.get('dbatools last full') ??
      remember(
        at.steps,
        'dbatools last full',
        pass(
          because(
            'BACKUP_JOB_DBATOOLS_LAST_FULL_RECORDED',
            `${at.name}'s msdb records a full backup of ${ctx.database} taken there (a copy-only one counts: SMO's LastBackupDate reads backupset rows of type 'D'), so Backup-DbaDatabase goes on to the log or differential backup`,
          ),
        ),
      )
    );
  return (
    at.steps.get('dbatools last full') ??
    remember(at.steps, 'dbatools last full', {
      kind: 'open',
      unless: 'fail',
      reasons: [
        backupUnknown(
          'BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN',
          `whether ${at.name}'s msdb records a full backup of ${ctx.database}: Backup-DbaDatabase takes a log or differential backup only where SMO's LastBackupDate is set, and otherwise fails with "${ctx.database} does not have an existing full backup, cannot take log or differentialbackup"; each replica keeps its own backup history, so one taken on another replica does not count there`,
          [
            `msdb.dbo.backupset on ${at.name} (a row of type 'D' for ${ctx.database})`,
            'SMO Database.LastBackupDate',
          ],
        ),
      ],
    })
  );
};

/**
 * Backup-DbaDatabase needs the database to be readable where it runs: on a secondary with
 * SECONDARY_ROLE (ALLOW_CONNECTIONS = NO) it reports "Backup Failed | The target database … is
 * currently not accessible for queries" (Msg 976), where the same BACKUP sent by Invoke-Sqlcmd
 * succeeds (S75; SQL Server itself does not need a readable secondary to back up, S11). The step
 * comes last: it is reached only when SQL Server would take the backup.
 */
const dbatoolsReadable = (ctx: JobContext, at: ReplicaAt): Step | undefined => {
  if (replicaConfig(ctx.facts, at.name)?.secondaryRole.allowConnections !== 'NO') return undefined;
  return (
    at.steps.get('dbatools readable') ??
    remember(
      at.steps,
      'dbatools readable',
      stop(
        'fail',
        because(
          'BACKUP_JOB_DBATOOLS_NOT_READABLE',
          `${at.name} does not allow connections to its secondary databases (ALLOW_CONNECTIONS = NO): Backup-DbaDatabase fails there with "Backup Failed | The target database, '${ctx.database}', is participating in an availability group and is currently not accessible for queries" (Msg 976), though SQL Server itself would take the backup`,
        ),
      ),
    )
  );
};

type Job = (ctx: JobContext, type: BackupType, at: ReplicaAt) => JobAnswer;

const JOBS: Readonly<Record<BackupJobConvention, Job>> = {
  OLA_HALLENGREN: olaHallengren,
  MAINTENANCE_PLAN: maintenancePlan,
  DBATOOLS: dbatools,
};

const decision = (
  convention: BackupJobConvention,
  database: string,
  backupType: BackupType,
  replica: string,
  a: JobAnswer,
): BackupJobDecision => ({
  convention,
  database,
  backupType,
  replica,
  outcome: a.outcome,
  reasons: a.reasons,
});

/** What `convention`'s job does with `backupType` of `database` on `replica`. */
export const backupJobDecision = (
  facts: ClusterFacts,
  database: string,
  backupType: BackupType,
  replica: string,
  convention: BackupJobConvention,
  options: BackupJobOptions = {},
): BackupJobDecision =>
  jobDecision(jobContext(facts, database, options), backupType, replica, convention);

const jobDecision = (
  ctx: JobContext,
  backupType: BackupType,
  replica: string,
  convention: BackupJobConvention,
): BackupJobDecision => {
  const { facts, database, options } = ctx;
  const at = replicaAt(ctx, replica);
  const { name } = at;
  // Outside the group, or on a replica not in it, no availability rule applies.
  if (!at.member || !isGroupDatabase(facts.config, database)) {
    const plain = backupDecision(facts, database, backupType, replica, options);
    return decision(convention, database, backupType, name, {
      outcome: plain.action === 'run' ? 'take' : plain.action,
      reasons: plain.reasons,
    });
  }
  const job = JOBS[convention];
  if (at.role === null && !at.down)
    return decision(
      convention,
      database,
      backupType,
      name,
      whateverTheRole(facts, name, (f) => {
        const asIf = jobContext(f, database, options);
        return job(asIf, backupType, replicaAt(asIf, name));
      }),
    );
  return decision(convention, database, backupType, name, job(ctx, backupType, at));
};

/**
 * A replica whose role the snapshot lacks: the job is judged in every role it could have
 * (`inEachPossibleRole`: not PRIMARY while another replica is or while the group has none, but
 * under CLUSTER_TYPE = NONE), and one answer for all of them is the answer.
 */
const whateverTheRole = (
  facts: ClusterFacts,
  name: string,
  job: (f: ClusterFacts) => JobAnswer,
): JobAnswer => {
  const answers = inEachPossibleRole(facts, name).map((asIf) => ({
    role: asIf.role,
    ...job(asIf.facts),
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
        roleSettledBy(facts, name, ` for ${name}`),
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
): readonly BackupJobDecision[] => {
  const ctx = jobContext(facts, database, options);
  const names: string[] = [];
  for (const r of facts.config.replicas)
    if (r.availabilityMode !== 'CONFIGURATION_ONLY') names.push(r.name);
  const matrix: BackupJobDecision[] = [];
  for (const convention of BACKUP_JOB_CONVENTIONS)
    for (const type of BACKUP_JOB_TYPES)
      for (const name of names) matrix.push(jobDecision(ctx, type, name, convention));
  return matrix;
};
