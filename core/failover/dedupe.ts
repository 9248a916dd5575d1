import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import { hasDistinctDatabases } from '../rules/facts-access.js';

/**
 * The codes of the checks that walk every database: one check per form gives each, one reason
 * per database naming it, so they repeat only when a database name does.
 */
const PER_DATABASE_CODES: ReadonlySet<string> = new Set([
  'DATABASE_NOT_JOINED',
  'DATABASE_STATE_UNKNOWN',
  'DATABASE_NOT_SYNCHRONIZED',
  'FAILOVER_READINESS_UNKNOWN',
  'DATABASE_NOT_FAILOVER_READY',
]);

/**
 * The reasons without repeats (same code and message), first ones kept, in order. With distinct
 * database names the per-database reasons cannot repeat and are kept without comparing their
 * messages (which would make each message flat to hash it: a hundred strings per verdict).
 */
export const dedupe = (reasons: readonly Reason[], config: Config): readonly Reason[] => {
  if (reasons.length < 2) return reasons;
  if (reasons.length <= FEW_REASONS) return withoutRepeatsAmongFew(reasons);
  const seen = new Map<string, Set<string>>();
  // Asked only when a per-database reason comes (the answer is a set of every database name).
  let distinctDatabases: boolean | undefined;
  return reasons.filter((x) => {
    if (PER_DATABASE_CODES.has(x.code)) {
      distinctDatabases ??= hasDistinctDatabases(config);
      if (distinctDatabases) return true;
    }
    let messages = seen.get(x.code);
    if (messages === undefined) {
      messages = new Set();
      seen.set(x.code, messages);
    }
    if (messages.has(x.message)) return false;
    messages.add(x.message);
    return true;
  });
};

/** Up to this many reasons are compared pair by pair, without a map or a set. */
const FEW_REASONS = 8;

/**
 * `dedupe` for a few reasons (a verdict of the cluster step mostly has two to five): each compared
 * with the ones before it, code first, so that messages are compared only when codes match; the
 * list itself when nothing repeats.
 */
const withoutRepeatsAmongFew = (reasons: readonly Reason[]): readonly Reason[] => {
  let kept: Reason[] | null = null;
  for (let i = 1; i < reasons.length; i++) {
    const x = reasons[i]!;
    let repeated = false;
    for (let j = 0; j < i && !repeated; j++)
      repeated = reasons[j]!.code === x.code && reasons[j]!.message === x.message;
    if (repeated) kept ??= reasons.slice(0, i);
    else kept?.push(x);
  }
  return kept ?? reasons;
};
