import type { BackupType } from '../model/enums.js';
import { unavailableState } from '../routing/database-states.js';
import { BACKUP_TYPE_NAMES } from './backup.js';
import { backupUnknown, backupReason as because } from './codes.js';
import {
  backupOnSecondary,
  downStep,
  type JobContext,
  primaryNotOnline,
  type ReplicaAt,
  redoBehindStep,
  remember,
  sqlServerOnSecondary,
} from './job-context.js';
import { isUnknown, type JobAnswer, pass, run, type Step, stop } from './job-steps.js';
import { planOnContainedGroup } from './plan-contained.js';
import { isPreferredBackupReplica } from './preference.js';

/**
 * A maintenance plan's Back Up Database task: IF sys.fn_hadr_backup_is_preferred_replica THEN
 * BACKUP, for every backup type (S11; core/backup/conventions.ts).
 */

const planCall = (name: string, database: string): string =>
  `the maintenance plan on ${name} checks sys.fn_hadr_backup_is_preferred_replica('${database}')`;

/** The maintenance plan's task: IF preferred THEN BACKUP, for every backup type (S11). */
export const maintenancePlan = (ctx: JobContext, type: BackupType, at: ReplicaAt): JobAnswer => {
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
