import type { BackupType, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts, replicaConfig, replicaFacts } from '../rules/facts-access.js';
import { roleOf, unknownReason } from '../rules/replica-availability.js';
import {
  BACKUP_TYPE_NAMES,
  type BackupDecisionOptions,
  backupTypeOnSecondary,
  secondaryRequirements,
} from './backup.js';
import { backupReason as because } from './codes.js';
import { differentialOnSecondaryBeforeFix } from './differential-before-fix.js';
import { fromBlocking, isUnknown, pass, type Step, stop } from './job-steps.js';
import { redoBehindLogBackup } from './redo-behind.js';

/**
 * What every backup job convention reads of one replica and database, worked out once per facts
 * value, database and options, and the steps the conventions share: a stopped instance, a copy
 * not ONLINE, BACKUP on a secondary (core/backup/conventions.ts).
 */

export interface BackupJobOptions extends BackupDecisionOptions {}

const instanceDown = (facts: ClusterFacts, name: string): boolean =>
  replicaFacts(facts, name)?.isUp === false;

/**
 * What every job on one database asks about each replica, worked out once per facts value,
 * database and options: a database's matrix asks the same of each replica for every convention
 * and type (the steps are immutable, so their reasons are shared by the decisions that give them).
 */
export interface JobContext {
  readonly facts: ClusterFacts;
  readonly database: string;
  readonly options: BackupJobOptions;
  readonly replicas: Map<string, ReplicaAt>;
}

/**
 * A replica as every job reads it: its configured name, whether it runs, its role; and the steps
 * made for it so far, by a key that names the step (and the type, for a step that depends on it).
 */
export interface ReplicaAt {
  readonly name: string;
  readonly member: boolean;
  readonly down: boolean;
  readonly role: ReplicaRole | null;
  readonly steps: Map<string, Step>;
}

/** Keys of steps that depend on the type, made once (a key built per call would be hashed per call). */
export const keyed = (step: string): Readonly<Record<BackupType, string>> => ({
  FULL: `${step} FULL`,
  FULL_COPY_ONLY: `${step} FULL_COPY_ONLY`,
  DIFFERENTIAL: `${step} DIFFERENTIAL`,
  LOG: `${step} LOG`,
  LOG_COPY_ONLY: `${step} LOG_COPY_ONLY`,
});
export const OLA_PREFERENCE_BY_TYPE = keyed('ola preference');
const SQL_SERVER_ON_SECONDARY = keyed('sql server on secondary');
const TYPE_ALLOWED_ON_SECONDARY = keyed('type allowed on secondary');

export const replicaAt = (ctx: JobContext, replica: string): ReplicaAt =>
  ctx.replicas.get(replica) ?? remember(ctx.replicas, replica, readReplica(ctx.facts, replica));

export const readReplica = (facts: ClusterFacts, replica: string): ReplicaAt => {
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

export const jobContext = (
  facts: ClusterFacts,
  database: string,
  options: BackupJobOptions,
): JobContext => ({ facts, database, options, replicas: new Map() });

/** Keeps `value` under `key` and gives it back: `map.get(key) ?? remember(map, key, made)`. */
export const remember = <V>(cache: Map<string, V>, key: string, value: V): V => {
  cache.set(key, value);
  return value;
};

/** A stopped instance runs no SQL Agent job at all. */
export const downStep = (at: ReplicaAt): Step =>
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
export const NOT_ONLINE = {
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

export const notOnlineStep = (
  ctx: JobContext,
  at: ReplicaAt,
  convention: keyof typeof NOT_ONLINE,
): Step | undefined => {
  const { key } = NOT_ONLINE[convention];
  return at.steps.get(key) ?? remember(at.steps, key, notOnline(ctx, at, convention));
};

const SYNCHRONIZING_STATES: readonly (string | null)[] = ['SYNCHRONIZED', 'SYNCHRONIZING'];

export const notOnline = (
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

export const passes = (step: Step | undefined): boolean =>
  step === undefined || step.kind === 'pass';

/**
 * BACKUP of a type a secondary cannot take fails there with Msg 3059 (S10), except a differential
 * backup on a 2017 or 2019 build before KB4551221, which reports success (S167).
 */
export const sqlServerOnSecondary = (ctx: JobContext, type: BackupType, at: ReplicaAt): Step => {
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
export const typeAllowed = (at: ReplicaAt, type: BackupType, reason: Reason): Step => {
  const key = TYPE_ALLOWED_ON_SECONDARY[type];
  return at.steps.get(key) ?? remember(at.steps, key, pass(reason));
};

/** BACKUP on a secondary fails unless it is connected and the database is synchronizing (S10). */
export const backupOnSecondary = (ctx: JobContext, at: ReplicaAt): Step =>
  at.steps.get('secondary ready') ??
  remember(at.steps, 'secondary ready', secondaryReady(ctx.facts, ctx.database, at.name));

export const secondaryReady = (facts: ClusterFacts, database: string, name: string): Step => {
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
export const redoBehindStep = (
  ctx: JobContext,
  type: BackupType,
  at: ReplicaAt,
): Step | undefined => {
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

/**
 * A primary whose operational_state_desc is known and not ONLINE (FAILED: it "can't read to or
 * write from the WSFC cluster", PENDING, …) is "not ready to process client requests" (S7, Roles
 * and operational states; S34: FAILED "the replica cannot receive client requests"): its databases
 * take no connection, so the BACKUP a job sends there fails, as commits and connections do.
 */
export const primaryNotOnline = (
  { facts, database }: JobContext,
  at: ReplicaAt,
): Step | undefined => {
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
