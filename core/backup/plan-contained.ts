import type { ClusterFacts } from '../model/facts.js';
import { backupUnknown } from './codes.js';
import type { Step } from './job-steps.js';

/**
 * A maintenance plan is an SSIS package, and 'What is a contained availability group?' (S42),
 * SSIS packages & maintenance plans: "Using SSIS packages, including maintenance plans, is not
 * supported with contained availability groups". What such a plan then does is not documented:
 * it may run as on any group, or fail, so the job is open until its own history says which.
 */
export const planOnContainedGroup = (
  facts: ClusterFacts,
  database: string,
  replica: string,
): Step | undefined =>
  facts.config.kind !== 'CONTAINED'
    ? undefined
    : {
        kind: 'open',
        unless: 'fail',
        reasons: [
          backupUnknown(
            'BACKUP_JOB_PLAN_CONTAINED_GROUP',
            `whether the maintenance plan on ${replica} backs up ${database} at all: ${facts.config.name} is a contained availability group, and "Using SSIS packages, including maintenance plans, is not supported with contained availability groups"; what the plan does there is not documented`,
            [`the maintenance plan's job history on ${replica} (msdb.dbo.sysjobhistory)`],
          ),
        ],
      };
