import type { BackupType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason as settledUnknown } from '../model/source.js';
import { isGroupDatabase } from '../rules/facts-access.js';
import {
  inEachPossibleRole,
  roleSettledBy,
  UNKNOWN_REASONS,
} from '../rules/replica-availability.js';
import { backupDecision } from './backup.js';
import { backupReason as because } from './codes.js';
import type { BackupJobOutcome, JobAnswer } from './job-steps.js';

export { BACKUP_JOB_OUTCOMES, type BackupJobOutcome } from './job-steps.js';

import {
  type BackupJobOptions,
  type JobContext,
  jobContext,
  type ReplicaAt,
  replicaAt,
} from './job-context.js';
import { dbatools } from './job-dbatools.js';
import { maintenancePlan } from './job-maintenance-plan.js';
import { olaHallengren } from './job-ola.js';

export type { BackupJobOptions } from './job-context.js';

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
