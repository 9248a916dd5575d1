import { joinDatabaseRefusals } from '../lifecycle/lifecycle.js';
import { isPrefixOf } from '../log/lineage.js';
import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { databaseLog, isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * 'Join a secondary database to an availability group' (S115): "After you prepare a secondary
 * database for a secondary replica, you need to join the database to the availability group as soon
 * as possible. This will start data movement from the corresponding primary database to the
 * secondary database." A RESTORING copy left on a joined secondary (by REMOVE REPLICA and ADD
 * REPLICA again, by REMOVE DATABASE and ADD DATABASE again, or restored there) waits for it.
 * Offered only where the exact log says SET HADR AVAILABILITY GROUP would be taken (a simulated
 * cluster): every prerequisite of S50 is judged as the step judges it; a copy the primary's log no
 * longer continues needs the log backups restored first, which this action does not offer.
 */
const JOIN = source('S115', 'joining the database starts data movement');

const at = <T>(record: Readonly<Record<string, T>>, name: string): T | undefined =>
  Object.entries(record).find(([key]) => sameName(key, name))?.[1];

export const joinPreparedDatabases = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const out: RecommendedAction[] = [];
  for (const row of facts.databaseReplicas) {
    if (row.isJoined !== false || row.databaseState !== 'RESTORING' || row.isSeeding === true)
      continue;
    const log = databaseLog(facts, row.database);
    const replica = replicaFacts(facts, row.replica);
    const onPrimary = facts.databaseReplicas.find(
      (d) => sameName(d.replica, primary) && sameName(d.database, row.database),
    );
    if (log === undefined || replica === undefined) continue;
    const copyAt = at(log.hardened, row.replica);
    const primaryAt = at(log.hardened, primary);
    if (copyAt === undefined || primaryAt === undefined) continue;
    const refusals = joinDatabaseRefusals({
      group: facts.config.name,
      database: row.database,
      replica: replica.name,
      inGroup: facts.config.databases.some((d) => sameName(d, row.database)),
      primary,
      primaryHasDatabase: onPrimary?.isJoined === true && onPrimary.databaseState === 'ONLINE',
      // A simulated cluster leaves it null for a joined replica and false for one added, not joined.
      replicaJoined: replica.isJoined !== false,
      replicaUp: isReplicaUp(replica) === true,
      connected: replica.connectedState === 'CONNECTED',
      phase: 'RESTORING',
      restoredLsn: copyAt.lsn,
      truncatedLsn: log.truncatedLsn ?? 0n,
      onPrimaryLineage: isPrefixOf(log.forks, copyAt, primaryAt),
      logFromLsn: at(log.restoredLogFrom ?? {}, row.replica) ?? null,
      logChainLsn: log.logBackedUp === true ? (log.logChain?.lsn ?? null) : null,
    });
    if (refusals.length > 0) continue;
    out.push({
      event: { type: 'db.join', replica: replica.name, database: row.database },
      why: [
        reason(
          'JOIN_PREPARED_DATABASE',
          `${row.database} is RESTORING on ${replica.name} and not joined to ${facts.config.name}: the primary still holds the log after LSN ${copyAt.lsn}, so ALTER DATABASE … SET HADR AVAILABILITY GROUP there starts data movement; until then the copy receives no log`,
          JOIN,
        ),
      ],
    });
  }
  return out;
};
