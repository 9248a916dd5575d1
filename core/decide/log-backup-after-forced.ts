import type { ClusterFacts, Fork } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { databaseLog, databaseReplicaFacts } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * "Perform a forced manual failover" (S44), Follow Up step 4: "If you follow a forced failover with
 * one or more additional forced failovers, perform a log backup after each additional forced
 * failover in the series"; the reason, "Failover and failover modes" (S2), Forced failover:
 * "Secondary databases track only two recovery forks ... A restore will not work across multiple
 * recovery forks, therefore, be sure to perform a log backup after performing more than one forced
 * failover." Only a simulated cluster's facts carry the forks and the log chain.
 */
const AFTER_ADDITIONAL_FORCED = source(
  'S44',
  'Follow Up: Essential Tasks After a Forced Failover, step 4: a log backup after each additional forced failover',
);

const forkNamed = (forks: readonly Fork[], id: number): Fork | undefined =>
  forks.find((f) => f.id === id);

/** The forks from `from` up to the root, nearest first (a line that loops stops where it meets itself). */
const line = (forks: readonly Fork[], from: number): readonly Fork[] => {
  const out: Fork[] = [];
  let current = forkNamed(forks, from);
  while (current !== undefined && !out.includes(current)) {
    out.push(current);
    current = current.parent === null ? undefined : forkNamed(forks, current.parent);
  }
  return out;
};

/**
 * BACKUP LOG on the primary, for each database whose primary line holds two or more forks started
 * by forced failovers and no log backup since the latest of them began.
 */
export const logBackupsAfterForcedFailovers = (
  facts: ClusterFacts,
): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  return facts.config.databases.flatMap((database) => {
    const log = databaseLog(facts, database);
    const at = log?.hardened[primary];
    const chain = log?.logChain;
    // Without a full backup there is no log chain to continue: BACKUP LOG would be refused.
    if (log === undefined || at === undefined || chain === undefined || chain === null) return [];
    if (databaseReplicaFacts(facts, primary, database)?.databaseState !== 'ONLINE') return [];
    const forced = line(log.forks, at.fork).filter((f) => f.forced === true);
    const latest = forced[0];
    if (latest === undefined || forced.length < 2) return [];
    // A log backup taken since that fork began ends on it or on a fork after it.
    if (line(log.forks, chain.fork).includes(latest)) return [];
    return [
      {
        event: { type: 'db.backup', replica: primary, database, backupType: 'LOG' },
        why: [
          reason(
            'LOG_BACKUP_AFTER_FORCED_FAILOVER',
            `${database} has been through ${forced.length} forced failovers and has had no log backup since the last one (its log chain ends at LSN ${chain.lsn}, before that failover's recovery fork at LSN ${latest.startLsn}): take a log backup on ${primary} now, as after each additional forced failover; a secondary database tracks only two recovery forks, and a restore does not work across several of them`,
            AFTER_ADDITIONAL_FORCED,
          ),
        ],
      },
    ];
  });
};
