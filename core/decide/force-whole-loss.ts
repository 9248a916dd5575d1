import { forcedFailoverLoss } from '../failover/failover.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * 'Perform a forced manual failover' (S44), Recommendations: "If possible, force failover only to a
 * failover target whose secondary databases are either in the NOT SYNCHRONIZED, SYNCHRONIZED, or
 * SYNCHRONIZING state", and "the most appropriate failover target depends on the relative
 * importance that you place on the data in the different databases". A copy not joined there, or
 * one that cannot start as a primary database (S44, Limitations), brings none of the database's
 * history: a FORCE_FAILOVER_ALLOW_DATA_LOSS offered on that replica says so, as the predicted loss
 * of the same decision does, instead of the generic "log the target lacks is lost".
 */
const RECOMMENDATIONS = source(
  'S44',
  'Recommendations: force failover only to a target whose secondary databases are NOT SYNCHRONIZED, SYNCHRONIZED or SYNCHRONIZING',
);

export const wholeDatabaseLosses = (facts: ClusterFacts, target: string): readonly Reason[] =>
  forcedFailoverLoss(facts, target)
    .filter((loss) => loss.extent === 'wholeDatabase')
    .map((loss) =>
      reason(
        'FORCE_LOSES_WHOLE_DATABASE',
        `forcing ${facts.config.name} onto ${target} loses all of ${loss.database}: ${loss.reasons.map((x) => x.message).join('; ')}, so every commit of it is lost; a target whose joined copy of ${loss.database} is NOT SYNCHRONIZED, SYNCHRONIZED or SYNCHRONIZING brings it online, losing at most the log that copy lacks`,
        RECOMMENDATIONS,
      ),
    );
