import type { ExploreResult } from '../../../core/explore/index.js';
import { type Config, initialPrimary } from '../../../core/model/config.js';

export const unplacedSettledBy = (group: string): string =>
  `the script does not say which instance CREATE AVAILABILITY GROUP ${group} runs on (no :Connect before it, or a connection address), and that instance becomes the primary: a :Connect naming that replica before the CREATE, or --server, settles it`;

/**
 * The replica a search or a walk starts from as the primary when the script's CREATE runs on no
 * named replica and another replica could as well be the primary; null when nothing is guessed.
 */
export const guessedPrimary = (config: Config): string | null => {
  if (config.createdOn !== null) return null;
  const first = initialPrimary(config)?.name;
  const others = config.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY' && r.name !== first,
  );
  return first === undefined || others.length === 0 ? null : first;
};

/**
 * A script whose CREATE runs on no named replica (no `:Connect`, or a connection address) leaves
 * the primary unknown (`createdOn: null`; S4: the instance CREATE runs on becomes the primary). The
 * search starts from the first replica that can be primary; the group is searched again from each
 * other such replica, and an answer they disagree on is unknown, saying which primary gives which
 * (docs/tsql.md: never "the first replica listed"). An answer every start agrees on stands.
 */
export const withUnplacedCreate = async (
  config: Config,
  result: ExploreResult,
  searchWith: (c: Config) => Promise<ExploreResult>,
): Promise<ExploreResult> => {
  const first = guessedPrimary(config);
  if (first === null) return result;
  const others = config.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY' && r.name !== first,
  );
  const searched: { name: string; result: ExploreResult }[] = [];
  for (const r of others)
    searched.push({ name: r.name, result: await searchWith({ ...config, createdOn: r.name }) });
  const answers = { ...result.answers };
  for (const [id, a] of Object.entries(result.answers)) {
    if (a.unsettled !== undefined) continue;
    const differ = searched.flatMap(({ name, result: other }) => {
      const b = other.answers[id as keyof typeof other.answers];
      return b === undefined || b.verdict === a.verdict ? [] : [`${b.verdict} with ${name}`];
    });
    if (differ.length === 0) continue;
    const way = a.trace === null ? '' : ' (the way below)';
    answers[id as keyof typeof answers] = {
      ...a,
      verdict: 'unknown',
      unsettled: `${a.verdict} with ${first} as the primary${way}, and ${differ.join(', ')}: ${unplacedSettledBy(config.name)}`,
    };
  }
  return { ...result, answers };
};
