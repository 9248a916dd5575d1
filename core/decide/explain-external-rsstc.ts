import { RSSTC_AGENT_OVERRIDE_UNKNOWN, RSSTC_SETTLED_BY } from '../lifecycle/pacemaker-rsstc.js';
import { type Config, pacemakerRequiredSecondaries } from '../model/config.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';

const AT_ZERO = source(
  'S29',
  'High availability and data protection: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0',
);

/**
 * A CLUSTER_TYPE = EXTERNAL group at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT 0 without a
 * configuration-only replica: the resource agent does not fail over automatically (S29, D20). Where
 * a script writes that 0 on replicas for which the agent computes more (`RSSTC_AGENT_OVERRIDE_UNKNOWN`
 * among `unsettled`), "With each monitoring action, the value ... is computed (and updated if
 * necessary)" (S29) unless the resource overrides it, so whether the group fails over on its own
 * is unknown, settled where that value is.
 */
export const externalAtZero = (config: Config, unsettled: readonly Reason[]): Reason => {
  const agent = pacemakerRequiredSecondaries(config.replicas);
  if (agent > 0 && unsettled.some((x) => x.code === RSSTC_AGENT_OVERRIDE_UNKNOWN))
    return unknownReason(
      'EXTERNAL_AUTOMATIC_FAILOVER_UNKNOWN',
      `CLUSTER_TYPE = EXTERNAL with no configuration-only replica: at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${config.requiredSynchronizedSecondariesToCommit}, as the script sets it, the resource agent does not fail over automatically; at ${agent}, which the agent itself sets for these replicas on each monitor action unless the resource overrides it, it fails over automatically to a synchronized synchronous-commit replica: which value the group runs with is not in the script`,
      source(
        'S29',
        'Understand SQL Server resource agent for Pacemaker: computed with each monitoring action unless overridden on the resource; REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0',
      ),
      RSSTC_SETTLED_BY,
    );
  return reason(
    'EXTERNAL_NO_REQUIRED_SECONDARIES',
    'CLUSTER_TYPE = EXTERNAL with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0 and no configuration-only replica: the resource agent does not fail over automatically (the agent code and sql-docs PR #5681 say a failover can still complete, with a risk of data loss)',
    AT_ZERO,
  );
};
