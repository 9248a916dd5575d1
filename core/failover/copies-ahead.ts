import type { DatabaseReplicaFacts } from '../model/facts.js';
import { sameName } from '../rules/facts-access.js';

/**
 * The most advanced joined copy of a database, other than `target`'s, whose end of log is shown
 * past `held` (undefined when none is). 'Perform a forced manual failover' (S44), Recommendations:
 * "To determine which copy of a given secondary database has the least latency, compare their
 * end-of-log LSNs. A higher the end-of-log LSN indicates less latency"; after the failover "The
 * secondary database rolls back any log records that were never committed on the new primary
 * database". So where the group's end of log is not known (no primary shown, some copy's end not
 * given), another copy's end past what the target holds is log the failover loses at least.
 */
export const copyAhead = (
  rows: readonly DatabaseReplicaFacts[],
  target: string,
  held: bigint,
): DatabaseReplicaFacts | undefined =>
  rows.reduce<DatabaseReplicaFacts | undefined>((best, d) => {
    const end = d.endOfLogLsn;
    if (d.isJoined !== true || sameName(d.replica, target) || end === null || end <= held)
      return best;
    return best === undefined || end > (best.endOfLogLsn ?? 0n) ? d : best;
  }, undefined);
