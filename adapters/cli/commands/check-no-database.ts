import type { ExploreResult, QuestionId } from '../../../core/explore/index.js';
import type { Config } from '../../../core/model/config.js';

/** The questions about commits: with no database in the group, no commit is made to search. */
const ABOUT_COMMITS: readonly QuestionId[] = [
  'acknowledgedLoss',
  'commitsBlocked',
  'stuckSynchronizing',
];

const why = (group: string): string =>
  `${group} holds no availability database, so no commit was made to search; the script adds none: CREATE AVAILABILITY GROUP … FOR DATABASE or ALTER AVAILABILITY GROUP … ADD DATABASE (on the primary) settles it`;

/**
 * A group created without a database (the documentation's read-scale and Linux scripts add theirs
 * in a later step, S46 "Add a database to the availability group") takes no commit, so a search
 * finds no lost, blocked or stuck one. That "no" says nothing about the group once it holds its
 * database, which the script does not say: those answers are unknown, naming the statement.
 */
export const withoutDatabases = (config: Config, result: ExploreResult): ExploreResult => {
  if (config.databases.length > 0) return result;
  const answers = { ...result.answers };
  for (const id of ABOUT_COMMITS) {
    const a = answers[id];
    if (a !== undefined && a.verdict !== 'yes')
      answers[id] = { ...a, verdict: 'unknown', unsettled: why(config.name) };
  }
  return { ...result, answers };
};

/** Answers left unknown by what the input lacks, for the exit status (unknown, not ok). */
export const unsettledAsked = (result: ExploreResult, failOn?: readonly string[]): boolean =>
  Object.entries(result.answers).some(
    ([id, a]) => a.unsettled !== undefined && (failOn === undefined || failOn.includes(id)),
  );
