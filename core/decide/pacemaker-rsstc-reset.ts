import { commitOutcome } from '../log/commit.js';
import { pacemakerRequiredSecondaries } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * 'Always On availability groups on Linux' (S31), required_synchronized_secondaries_to_commit:
 * "Certain settings such as required_synchronized_secondaries_to_commit can only be changed via
 * Pacemaker on Linux, whereas a WSFC-based install uses Transact-SQL"; "The value is set by default
 * and maintained by Pacemaker/SQL Server. You can manually override this value"; "sudo pcs resource
 * update <AGResourceName> required_synchronized_secondaries_to_commit=<Value>" (RHEL, Ubuntu),
 * "sudo crm resource param ms-<AGResourceName> set required_synchronized_secondaries_to_commit
 * <value>" (SLES); "To set it back to the default of Pacemaker managing the parameter, execute the
 * same statement with no value"; "Changing the value causes the resource to restart, meaning a
 * brief outage".
 */
export const PACEMAKER_RSSTC_RULE = source(
  'S31',
  'required_synchronized_secondaries_to_commit: changed only via Pacemaker; the same statement with no value sets it back to the default',
);

// S29, the agent's 0 (two synchronous replicas, with or without a configuration-only one): a lost
// secondary leaves the "Primary is R/W, running exposed to data loss".
const AT_ZERO =
  ': at 0 a commit is acknowledged once the primary alone hardens it while no synchronous secondary is synchronized, "running exposed to data loss"';

/**
 * Where a CLUSTER_TYPE EXTERNAL primary refuses commits because REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * is above both the synchronized synchronous secondaries and the value the resource agent computes
 * for the replicas, that value was set on the ag resource (the agent writes its own on each monitor
 * action otherwise, S29): the documented way out is the resource parameter given back to the
 * agent, offered only where the agent's value lets the commit through. An ALTER … SET does not
 * hold there (lower-rsstc.ts offers it for the other cluster types).
 */
export const requiredSecondariesBackToAgent = (
  facts: ClusterFacts,
): readonly RecommendedAction[] => {
  const required = facts.config.requiredSynchronizedSecondariesToCommit;
  const agent = pacemakerRequiredSecondaries(facts.config.replicas);
  if (facts.primary === null || facts.config.clusterType !== 'EXTERNAL' || required <= agent)
    return [];
  const withAgent: ClusterFacts = {
    ...facts,
    config: { ...facts.config, requiredSynchronizedSecondariesToCommit: agent },
  };
  const freed = facts.config.databases.filter(
    (db) =>
      commitOutcome(facts, db).reasons.some(
        (r) => r.code === 'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET' && r.settledBy === undefined,
      ) && commitOutcome(withAgent, db).acknowledgement !== 'blocked',
  );
  if (freed.length === 0) return [];
  const synchronous = facts.config.replicas.filter(
    (r) => r.availabilityMode === 'SYNCHRONOUS_COMMIT',
  ).length;
  return [
    {
      event: { type: 'ag.set', options: { requiredSynchronizedSecondariesToCommit: agent } },
      why: [
        reason(
          'PACEMAKER_RSSTC_BACK_TO_AGENT',
          `commits on ${freed.join(', ')} fail on the primary ${facts.primary}: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} is more than the synchronous-commit secondaries synchronized now (error 988) and more than the ${agent} Pacemaker's resource agent sets for ${synchronous} synchronous-commit replicas, a value the agent keeps only where it is set on the ag resource (required_synchronized_secondaries_to_commit), as it sets its own on each monitor action otherwise; under CLUSTER_TYPE EXTERNAL the value "can only be changed via Pacemaker", not by ALTER AVAILABILITY GROUP: pcs resource update (crm resource param on SLES) with no value gives the parameter back to the agent, whose ${agent} the synchronized secondaries meet now${agent === 0 ? AT_ZERO : ''}; "changing the value causes the resource to restart, meaning a brief outage"`,
          PACEMAKER_RSSTC_RULE,
        ),
      ],
    },
  ];
};
