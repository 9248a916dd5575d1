import { copyAhead } from '../failover/copies-ahead.js';
import { forcedFailover } from '../failover/failover.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { databaseReplicaFacts, databaseRows } from '../rules/facts-access.js';

/**
 * 'Perform a forced manual failover' (S44), Recommendations: "To determine which copy of a given
 * secondary database has the least latency, compare their end-of-log LSNs. A higher the end-of-log
 * LSN indicates less latency"; "different databases might have their highest LSNs on different
 * secondary replicas. In this case, the most appropriate failover target depends on the relative
 * importance that you place on the data in the different databases"; its example connects "to the
 * server instance with the least latency (on Node 04)". A FORCE_FAILOVER_ALLOW_DATA_LOSS offered on
 * a replica says, per database, which other replica a forced failover could also go to holds more
 * of its log, so the offers are not read as equal; so does forcing quorum on a replica's node, the
 * example's step 1, among the replicas it is offered on.
 */
const COMPARE_END_OF_LOG = source(
  'S44',
  'Recommendations: compare the end-of-log LSNs of the copies on the secondary replicas',
);

export const otherCopiesAhead = (
  facts: ClusterFacts,
  target: string,
  // Only copies on replicas offered the same way: the choice is between the offered targets.
  offeredToo: (replica: string) => boolean = (replica) => forcedFailover(facts, replica).allowed,
): readonly Reason[] =>
  facts.config.databases.flatMap((database) => {
    const own = databaseReplicaFacts(facts, target, database)?.endOfLogLsn ?? null;
    if (own === null) return [];
    const offered = databaseRows(facts, database).filter((d) => offeredToo(d.replica));
    const ahead = copyAhead(offered, target, own);
    if (ahead === undefined) return [];
    return [
      reason(
        'FORCE_OTHER_COPY_AHEAD',
        `${database} on ${ahead.replica} ends its log at LSN ${ahead.endOfLogLsn}, past ${target}'s ${own} (end_of_log_lsn): forcing onto ${target} loses that log of ${database}, which a forced failover to ${ahead.replica} keeps; the higher end-of-log LSN is the copy with the least latency, and where databases are ahead on different replicas the target depends on which database's data matters most`,
        COMPARE_END_OF_LOG,
      ),
    ];
  });
