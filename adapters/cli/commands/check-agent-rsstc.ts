import type { ExploreResult } from '../../../core/explore/index.js';
import {
  rsstcAgentOverrideUnknown,
  rsstcLeftOutUnknown,
} from '../../../core/lifecycle/pacemaker-rsstc.js';
import { type Config, pacemakerRequiredSecondaries } from '../../../core/model/config.js';
import { DEFAULTS } from '../../../core/model/defaults.js';

const SETTLED_BY =
  'pcs resource config <ag resource>, or sys.availability_groups.required_synchronized_secondaries_to_commit on the running group, settles it';

/**
 * A script's CLUSTER_TYPE = EXTERNAL group whose REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is not
 * the value Pacemaker's resource agent computes for its replicas: the agent sets its own on each
 * monitor action unless the resource is told otherwise (S29, `RSSTC_AGENT_OVERRIDE_UNKNOWN`), which
 * a script does not show. The group is searched with both values; an answer they disagree on is
 * unknown, saying which value gives which, and one they agree on stands. `leftOut`: the script
 * leaves the option out, so the group holds the agent's value and SQL Server's own default (S4, 0)
 * is the other one, kept where no Pacemaker agent manages the group (`RSSTC_LEFT_OUT_UNKNOWN`).
 */
/**
 * What a random walk's "yes" holds with, where the group's value is one of the two above: the
 * walks run with the value the script leaves the group (null when no other value is in question).
 */
export const agentRsstcWalkNote = (config: Config, leftOut: boolean): string | null => {
  const question = leftOut ? rsstcLeftOutUnknown(config) : rsstcAgentOverrideUnknown(config);
  if (question === null) return null;
  const written = config.requiredSynchronizedSecondariesToCommit;
  return leftOut
    ? `with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, the value the Pacemaker resource agent sets for these replicas on each monitor action (the walk below), not tried with ${DEFAULTS.requiredSynchronizedSecondariesToCommit.value}, the value SQL Server creates the group with when the script leaves it out, which a group no Pacemaker agent manages keeps: ${SETTLED_BY}`
    : `with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, as the script sets it (the walk below), not tried with ${pacemakerRequiredSecondaries(config.replicas)}, the value the Pacemaker resource agent sets for these replicas on each monitor action unless required_synchronized_secondaries_to_commit is set on the resource: ${SETTLED_BY}`;
};

export const withAgentRsstc = async (
  config: Config,
  result: ExploreResult,
  searchWith: (c: Config) => Promise<ExploreResult>,
  leftOut = false,
): Promise<ExploreResult> => {
  const question = leftOut ? rsstcLeftOutUnknown(config) : rsstcAgentOverrideUnknown(config);
  if (question === null) return result;
  const written = config.requiredSynchronizedSecondariesToCommit;
  const otherValue = leftOut
    ? DEFAULTS.requiredSynchronizedSecondariesToCommit.value
    : pacemakerRequiredSecondaries(config.replicas);
  const other = await searchWith({
    ...config,
    requiredSynchronizedSecondariesToCommit: otherValue,
  });
  const answers = { ...result.answers };
  for (const [id, a] of Object.entries(result.answers)) {
    const b = other.answers[id as keyof typeof other.answers];
    if (b === undefined || a.verdict === b.verdict || a.unsettled !== undefined) continue;
    const way = a.trace === null ? '' : ' (the way below)';
    answers[id as keyof typeof answers] = {
      ...a,
      verdict: 'unknown',
      unsettled: leftOut
        ? `${a.verdict} with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, the value the Pacemaker resource agent sets for these replicas on each monitor action${way}, and ${b.verdict} with ${otherValue}, the value SQL Server creates the group with when the script leaves it out, which a group no Pacemaker agent manages keeps: ${SETTLED_BY}`
        : `${a.verdict} with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${written}, as the script sets it${way}, and ${b.verdict} with ${otherValue}, the value the Pacemaker resource agent sets for these replicas on each monitor action unless required_synchronized_secondaries_to_commit is set on the resource: ${SETTLED_BY}`,
    };
  }
  return { ...result, answers };
};
