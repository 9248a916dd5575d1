import { commitOutcome } from '../log/commit.js';
import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * MSSQLSERVER_988 (S171): "When the configured value of REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * is greater than the number of available healthy synchronous secondaries, the primary can't proceed
 * with commits"; its workaround, Option 1: "Lowering the value to 0 allows the primary to commit
 * without waiting for synchronous secondaries" (ALTER AVAILABILITY GROUP … SET
 * (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0)), with the warning that it "improves
 * availability but increases the risk of data loss in failover scenarios".
 */
export const LOWER_RSSTC_RULE = source(
  'S171',
  'Workaround, Option 1: Adjust the REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT setting',
);

/**
 * Where the primary refuses commits because too few synchronous secondaries are synchronized
 * (settled, not unknown), the documented workaround. Not under CLUSTER_TYPE EXTERNAL: there the
 * Pacemaker agent sets the value on each monitor action (S29), so an ALTER does not hold
 * (pacemaker-rsstc-reset.ts gives the resource parameter back to the agent there).
 */
export const lowerRequiredSecondaries = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const required = facts.config.requiredSynchronizedSecondariesToCommit;
  if (facts.primary === null || required === 0 || facts.config.clusterType === 'EXTERNAL')
    return [];
  const blocked = facts.config.databases.filter((db) =>
    commitOutcome(facts, db).reasons.some(
      (r) => r.code === 'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET' && r.settledBy === undefined,
    ),
  );
  if (blocked.length === 0) return [];
  return [
    {
      event: { type: 'ag.set', options: { requiredSynchronizedSecondariesToCommit: 0 } },
      why: [
        reason(
          'LOWER_REQUIRED_SYNCHRONIZED_SECONDARIES',
          `commits on ${blocked.join(', ')} fail on the primary ${facts.primary}: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} is more than the synchronous-commit secondaries synchronized now (error 988, "Unable to access database … because it lacks a quorum of nodes for high availability"); lowering it to 0 lets the primary commit without waiting for synchronous secondaries, which "improves availability but increases the risk of data loss in failover scenarios": a commit is then acknowledged once the primary alone hardens it while no synchronous secondary is synchronized`,
          LOWER_RSSTC_RULE,
        ),
      ],
    },
  ];
};
