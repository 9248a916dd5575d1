import type { ExploreResult } from '../../../core/explore/index.js';
import { rsstcAgentOverrideUnknown } from '../../../core/lifecycle/pacemaker-rsstc.js';
import { type Config, pacemakerRequiredSecondaries } from '../../../core/model/config.js';

/**
 * A script's CLUSTER_TYPE = EXTERNAL group whose REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is not
 * the value Pacemaker's resource agent computes for its replicas: the agent sets its own on each
 * monitor action unless the resource is told otherwise (S29, `RSSTC_AGENT_OVERRIDE_UNKNOWN`), which
 * a script does not show. The group is searched with both values; an answer they disagree on is
 * unknown, saying which value gives which, and one they agree on stands.
 */
export const withAgentRsstc = async (
  config: Config,
  result: ExploreResult,
  searchWith: (c: Config) => Promise<ExploreResult>,
): Promise<ExploreResult> => {
  if (rsstcAgentOverrideUnknown(config) === null) return result;
  const written = config.requiredSynchronizedSecondariesToCommit;
  const agent = pacemakerRequiredSecondaries(config.replicas);
  const other = await searchWith({ ...config, requiredSynchronizedSecondariesToCommit: agent });
  const answers = { ...result.answers };
  for (const [id, a] of Object.entries(result.answers)) {
    const b = other.answers[id as keyof typeof other.answers];
    if (b === undefined || a.verdict === b.verdict || a.unsettled !== undefined) continue;
    answers[id as keyof typeof answers] = {
      ...a,
      verdict: 'unknown',
      unsettled: `${a.verdict} with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, as the script sets it${a.trace === null ? '' : ' (the way below)'}, and ${b.verdict} with ${agent}, the value the Pacemaker resource agent sets for these replicas on each monitor action unless required_synchronized_secondaries_to_commit is set on the resource: pcs resource config <ag resource>, or sys.availability_groups.required_synchronized_secondaries_to_commit on the running group, settles it`,
    };
  }
  return { ...result, answers };
};
