import { type Config, pacemakerRequiredSecondaries } from '../model/config.js';
import { DEFAULTS } from '../model/defaults.js';
import { type Reason, source, unknownReason } from '../model/source.js';

export const RSSTC_AGENT_OVERRIDE_UNKNOWN = 'RSSTC_AGENT_OVERRIDE_UNKNOWN';
export const RSSTC_LEFT_OUT_UNKNOWN = 'RSSTC_LEFT_OUT_UNKNOWN';

/** Where the group's REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT under Pacemaker is read. */
export const RSSTC_SETTLED_BY = [
  'pcs resource config <ag resource> (required_synchronized_secondaries_to_commit)',
  'sys.availability_groups.required_synchronized_secondaries_to_commit on the running group',
];

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT as a script writes it for a CLUSTER_TYPE = EXTERNAL
 * group, where it is not the value Pacemaker's resource agent gives these replicas. "High
 * availability and data protection for availability group configurations" (S29): when the resource
 * is created "the cluster manager detects the availability group configuration and sets
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT accordingly"; "With each monitoring action, the value
 * ... is computed (and updated if necessary)"; "You can choose to override the default behavior"
 * with `pcs resource update <ag> required_synchronized_secondaries_to_commit=<n>`. A script shows
 * neither the resource nor that parameter, so which value the running group has is unknown; what
 * agstate says of commits follows the script's value (the override), beside this reason.
 */
export const rsstcAgentOverrideUnknown = (config: Config): Reason | null => {
  if (config.kind === 'DISTRIBUTED' || config.clusterType !== 'EXTERNAL') return null;
  const agent = pacemakerRequiredSecondaries(config.replicas);
  const written = config.requiredSynchronizedSecondariesToCommit;
  if (written === agent) return null;
  return unknownReason(
    RSSTC_AGENT_OVERRIDE_UNKNOWN,
    `${config.name} has CLUSTER_TYPE = EXTERNAL and the script sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, but where Pacemaker manages the group its resource agent sets it when the resource is created and on each monitor action, to ${agent} for these replicas (the synchronous-commit replicas / 2, and 0 for two), unless required_synchronized_secondaries_to_commit is set on the resource: whether commits follow ${written} or ${agent} is not in the script, and what is said here of commits follows ${written}`,
    source(
      'S29',
      'Understand SQL Server resource agent for Pacemaker: computed with each monitoring action unless overridden on the resource',
    ),
    RSSTC_SETTLED_BY,
  );
};

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT left out of a CLUSTER_TYPE = EXTERNAL group's script,
 * where Pacemaker's resource agent would give these replicas another value than SQL Server's own
 * default. CREATE AVAILABILITY GROUP (S4): "The default is 0"; S29: the agent "sets
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT accordingly" when its resource is created. EXTERNAL
 * names no cluster manager (S30: "Pacemaker with Corosync is an example"): a group run by another
 * one, or by none (a container lab), keeps 0. The model goes on with the agent's value (D19), so
 * what is said of commits follows it, beside this reason. Null where the two agree.
 */
export const rsstcLeftOutUnknown = (config: Config): Reason | null => {
  if (config.kind === 'DISTRIBUTED' || config.clusterType !== 'EXTERNAL') return null;
  const agent = pacemakerRequiredSecondaries(config.replicas);
  const created = DEFAULTS.requiredSynchronizedSecondariesToCommit.value;
  if (agent === created || config.requiredSynchronizedSecondariesToCommit !== agent) return null;
  return unknownReason(
    RSSTC_LEFT_OUT_UNKNOWN,
    `${config.name} has CLUSTER_TYPE = EXTERNAL and the script leaves REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT out, so SQL Server creates it with ${created}; where Pacemaker manages the group its resource agent sets it to ${agent} for these replicas (the synchronous-commit replicas / 2, and 0 for two), but CLUSTER_TYPE = EXTERNAL does not say which cluster manager runs the group, and one that does not set it leaves ${created}: whether commits follow ${created} or ${agent} is not in the script, and what is said here of commits follows ${agent}`,
    source('S4', "REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: 'The default is 0'"),
    RSSTC_SETTLED_BY,
  );
};
